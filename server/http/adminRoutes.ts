// The admin API (an admin key): make, list, rotate and revoke access keys without a restart, and
// read the audit log. A token is shown once, in the answer that makes it; a revoked key's sockets are
// disconnected at once (server/auth/accessKeys.ts tells the push layer). Every change is audited.
import { Router } from 'express';
import { jsonBody } from './jsonBody.ts';
import { z } from 'zod';
import { auditQuerySchema, createKeySchema, rotateKeySchema } from '../../shared/access.ts';
import type { AccessKeys } from '../auth/accessKeys.ts';
import { bindDeviceKey } from '../auth/deviceKeys.ts';
import type { Audit } from '../auth/audit.ts';
import { validationRefusal } from '../../shared/refusal.ts';
import { ApiError } from './apiError.ts';
import { addressOf, principalOf, type Authorizer } from './authorize.ts';

const keyId = z.string().regex(/^key_[0-9a-f]{12}$/, 'a key id like key_0123456789ab');

export function adminRoutes(deps: {
  auth: Authorizer;
  keys: AccessKeys;
  audit: Audit;
  wallExists(id: string): boolean;
  workerGrid(id: string): string | undefined;
  regionIsScope(code: string): boolean;
}): Router {
  const router = Router();
  const admin = deps.auth.require(['admin'], 'an admin key', 'admin');
  const body = jsonBody('16kb');
  const idOf = (raw: unknown) => {
    const parsed = keyId.safeParse(raw);
    if (!parsed.success) throw validationRefusal(parsed.error, 'key id');
    return parsed.data;
  };

  router.get('/api/v1/admin/keys', admin, (_req, res) => {
    res.json({ keys: deps.keys.list() });
  });

  router.post('/api/v1/admin/keys', admin, body, async (req, res) => {
    const parsed = createKeySchema.safeParse(req.body);
    if (!parsed.success) throw validationRefusal(parsed.error);
    const unknownWall = parsed.data.walls?.find((w) => !deps.wallExists(w));
    if (unknownWall) throw new ApiError(422, 'unknown_wall', `walls: no wall "${unknownWall}" on this server`);
    if (!deps.regionIsScope(parsed.data.scope))
      throw new ApiError(422, 'unknown_region', `scope: ${parsed.data.scope} is not the city, a district or a street of the geography`);
    if (parsed.data.expiresAt && Date.parse(parsed.data.expiresAt) <= Date.now()) throw new ApiError(422, 'expired', 'expiresAt: lies in the past');
    const bound = bindDeviceKey(parsed.data, deps.workerGrid);
    if (!bound.ok) throw new ApiError(422, bound.code, bound.message);
    const p = principalOf(res);
    const made = await deps.keys.create(bound.key, `${p.label} (${p.keyId})`);
    await deps.audit.record(
      p,
      'key.create',
      made.key.id,
      true,
      { role: made.key.role, label: made.key.label, walls: made.key.walls, scope: made.key.scope, sources: made.key.sources, worker: made.key.worker },
      addressOf(req),
    );
    res.status(201).json(made);
  });

  router.post('/api/v1/admin/keys/:id/rotate', admin, body, async (req, res) => {
    const id = idOf(req.params.id);
    const parsed = rotateKeySchema.safeParse(req.body ?? {});
    if (!parsed.success) throw validationRefusal(parsed.error);
    const p = principalOf(res);
    const rotated = await deps.keys.rotate(id, parsed.data.graceSeconds, `${p.label} (${p.keyId})`);
    if ('refused' in rotated) {
      await deps.audit.record(p, 'key.rotate', id, false, { why: rotated.refused }, addressOf(req));
      if (rotated.refused === 'rotated')
        throw new ApiError(409, 'already_rotated', `key ${id} was rotated already (its replacement is ${rotated.replacedBy}): rotate the replacement`);
      throw new ApiError(404, 'unknown_key', `no usable key ${id} made by this server (revoked, expired, or given by the environment)`);
    }
    await deps.audit.record(p, 'key.rotate', id, true, { replacedBy: rotated.key.id, oldWorksUntil: rotated.previous.expiresAt }, addressOf(req));
    res.status(201).json(rotated);
  });

  router.delete('/api/v1/admin/keys/:id', admin, async (req, res) => {
    const id = idOf(req.params.id);
    const p = principalOf(res);
    if (id === p.keyId)
      throw new ApiError(409, 'own_key', 'an admin key cannot revoke itself: revoke it with another admin key, or with `gridwall keys revoke`');
    const revoked = await deps.keys.revoke(id);
    if (!revoked) throw new ApiError(404, 'unknown_key', `no key ${id} made by this server (keys given by the environment end when the environment does)`);
    await deps.audit.record(p, 'key.revoke', id, true, { role: revoked.role, label: revoked.label }, addressOf(req));
    res.json({ key: revoked });
  });

  router.get('/api/v1/admin/audit', admin, async (req, res) => {
    const parsed = auditQuerySchema.safeParse(req.query);
    if (!parsed.success) throw validationRefusal(parsed.error, 'query');
    res.json({ entries: await deps.audit.read(parsed.data) });
  });

  return router;
}
