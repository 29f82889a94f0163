// The admin API (server/http/adminRoutes.ts): an admin key makes, lists, rotates and revokes access
// keys and reads the audit log. The bodies are shared/access.ts's schemas.
import { ROLES, auditQuerySchema, createKeySchema, rotateKeySchema, type AccessKeyInfo, type AuditEntry } from '../../../../shared/access.ts';
import { SOURCE_CHANNELS } from '../../../../shared/caseEvent.ts';
import { json, keyed, type PathGroup } from '../common.ts';
import { BODY_ERRORS, mergeErrors } from '../errors.ts';
import { openapi, z, type Agrees } from '../zod.ts';

const TAG = 'Admin';
const ADMIN = ['admin'] as const;

const KeyId = z
  .string()
  .regex(/^key_[0-9a-f]{12}$/)
  .openapi({ description: 'a key id', example: 'key_0123456789ab' });
const iso = z.string().openapi({ description: 'ISO 8601' });

const AccessKey = z
  .strictObject({
    id: z.string(),
    role: z.enum(ROLES),
    label: z.string(),
    walls: z.array(z.string()).nullable().openapi({ description: 'the walls it may open or command; null: every wall' }),
    scope: z.string().openapi({ description: 'the region it may see' }),
    sources: z.array(z.enum(SOURCE_CHANNELS)).nullable().openapi({ description: "an ingest key's channels; null: any" }),
    worker: z.string().nullable().openapi({ description: "a device key's grid worker" }),
    hint: z.string().openapi({ description: "the token's first characters", example: 'st_AbC…' }),
    createdAt: iso,
    createdBy: z.string(),
    expiresAt: iso.nullable(),
    revokedAt: iso.nullable(),
    origin: z.enum(['store', 'env', 'process']).openapi({ description: '`store`: made by the admin API or CLI; `env`: given by the environment' }),
  })
  .openapi('AccessKey', { description: 'A key as the admin API shows it: never its token or hash.' });
const _key: Agrees<typeof AccessKey, AccessKeyInfo> = true;

const MadeKey = z
  .strictObject({ key: AccessKey, token: z.string().openapi({ description: 'the token, shown here only', example: 'st_…' }) })
  .openapi('MadeKey');
const RotatedKey = MadeKey.extend({ previous: AccessKey.openapi({ description: 'the old key, working until its `expiresAt`' }) }).openapi('RotatedKey');

const AuditEntrySchema = z
  .strictObject({
    id: z.number().int(),
    at: iso,
    keyId: z.string(),
    role: z.enum([...ROLES, 'system']),
    label: z.string(),
    action: z.string().openapi({ description: '`key.create`, `key.rotate`, `key.revoke`, `wall.command`, `case.read_full`, …' }),
    target: z.string(),
    ok: z.boolean(),
    detail: z.record(z.string(), z.unknown()).nullable(),
    ip: z.string().nullable(),
  })
  .openapi('AuditEntry');
const _audit: Agrees<typeof AuditEntrySchema, AuditEntry> = true;

export const adminPaths: PathGroup = {
  tag: { name: TAG, description: "Access keys and the audit log: an admin key. Every change is audited; a revoked key's sockets are closed at once." },
  register(r) {
    r.registerPath(
      keyed(ADMIN, {
        method: 'get',
        path: '/api/v1/admin/keys',
        tags: [TAG],
        operationId: 'listKeys',
        summary: 'Every key',
        responses: { 200: { description: 'The keys, never a token or a hash.', ...json(z.strictObject({ keys: z.array(AccessKey) })) } },
      }),
    );
    r.registerPath(
      keyed(ADMIN, {
        method: 'post',
        path: '/api/v1/admin/keys',
        tags: [TAG],
        operationId: 'createKey',
        summary: 'Make a key',
        description:
          '`walls` binds screen, presenter and leader keys; `sources` ingest keys; `worker` (required) device keys, whose scope becomes his street. Body at most 16 KB.',
        request: {
          body: {
            required: true,
            ...json(openapi(createKeySchema, 'CreateKey'), { role: 'screen', label: '丁字沽街道值班屏', walls: ['hall-3x2'], scope: '120106004' }),
          },
        },
        responses: { 201: { description: 'Made; the token is shown here only.', ...json(MadeKey) } },
        errors: mergeErrors(BODY_ERRORS, { 422: ['unknown_wall', 'unknown_region', 'expired', 'unknown_worker', 'outside_scope'] }),
      }),
    );
    r.registerPath(
      keyed(ADMIN, {
        method: 'post',
        path: '/api/v1/admin/keys/{id}/rotate',
        tags: [TAG],
        operationId: 'rotateKey',
        summary: 'Rotate a key',
        description: 'A new key with the same role, walls, scope, channels and expiry; the old one works `graceSeconds` longer, then its sockets are closed.',
        request: {
          params: z.object({ id: KeyId }),
          body: { ...json(openapi(rotateKeySchema, 'RotateKey'), { graceSeconds: 3600 }) },
        },
        responses: { 201: { description: 'The new key and token, and the old key.', ...json(RotatedKey) } },
        errors: mergeErrors(BODY_ERRORS, { 404: ['unknown_key'], 409: ['already_rotated'] }),
      }),
    );
    r.registerPath(
      keyed(ADMIN, {
        method: 'delete',
        path: '/api/v1/admin/keys/{id}',
        tags: [TAG],
        operationId: 'revokeKey',
        summary: 'Revoke a key',
        request: { params: z.object({ id: KeyId }) },
        responses: { 200: { description: 'Revoked at once; its sockets closed.', ...json(z.strictObject({ key: AccessKey })) } },
        errors: { 400: ['invalid_payload'], 404: ['unknown_key'], 409: ['own_key'] },
      }),
    );
    r.registerPath(
      keyed(ADMIN, {
        method: 'get',
        path: '/api/v1/admin/audit',
        tags: [TAG],
        operationId: 'readAudit',
        summary: 'The audit log, newest first',
        request: { query: auditQuerySchema },
        responses: { 200: { description: 'Entries, newest first; page back with `before`.', ...json(z.strictObject({ entries: z.array(AuditEntrySchema) })) } },
        errors: { 400: ['invalid_payload'] },
      }),
    );
  },
};
