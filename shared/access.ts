// Who may do what: the roles of an installation's access keys, what each key is bound to (walls, a
// region scope), and the admin API's payloads (zod). Tokens never travel in these shapes except once,
// in the answer that creates or rotates a key.
import { z } from 'zod';
import { plainText } from './plainText.ts';
import { CITY_CODE } from './regions.ts';
import { SOURCE_CHANNELS, type SourceChannel } from './caseEvent.ts';

/**
 * ingest: a source posting events and fixes (hotline, app, simulator …);
 * screen: a wall's browser, read-only; presenter: commands a wall from the console;
 * leader: a duty leader's desktop, reads and drills down (and may read a case's full record);
 * admin: manages keys and reads the audit log (and a case's full record);
 * device: one grid worker's phone: his fixes, heartbeats, patrols and case reports, nothing else.
 */
export const ROLES = ['ingest', 'screen', 'presenter', 'leader', 'admin', 'device'] as const;
export type Role = (typeof ROLES)[number];
/** The roles that may read the wall's data (sockets and GET routes), each within its scope. */
export const READ_ROLES: readonly Role[] = ['screen', 'presenter', 'leader', 'admin'];
/** The roles that may read a case's record unmasked (every such read is audited). */
export const FULL_RECORD_ROLES: readonly Role[] = ['leader', 'admin'];

const wallId = z.string().regex(/^[a-z0-9-]{1,40}$/, 'a wall id: lower-case letters, digits and -');
const workerId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'a worker id: letters, digits and _ . : - (at most 64)');
const scopeCode = z.string().regex(/^12\d{2}(\d{2}(\d{3})?)?$/, 'the city (1201), a district (6 digits) or a street (9 digits)');

/** A key as the admin API shows it (never its token or hash). */
export interface AccessKeyInfo {
  id: string;
  role: Role;
  /** What it is for: a source name, "大厅三号屏", "值班长桌面" … */
  label: string;
  /** The walls it may open or command; null: every wall. */
  walls: string[] | null;
  /** The region it may see (the city, a district, a street). */
  scope: string;
  /** An ingest key's channels: the `source` its reports may carry; null: any. */
  sources: SourceChannel[] | null;
  /** A device key's grid worker; null for other roles. */
  worker: string | null;
  /** The token's first characters, to tell keys apart. */
  hint: string;
  createdAt: string;
  createdBy: string;
  expiresAt: string | null;
  revokedAt: string | null;
  /** 'store': made by the admin API or CLI; 'env': given by the environment; 'process': made for this process (the built-in simulator). */
  origin: 'store' | 'env' | 'process';
}

export const createKeySchema = z
  .strictObject({
    role: z.enum(ROLES),
    // shown on the admin page and in the audit log: plain, like every text that comes in
    label: z.string().max(200).transform(plainText).pipe(z.string().trim().min(1).max(60)),
    walls: z.array(wallId).min(1).max(50).optional(),
    scope: scopeCode.default(CITY_CODE),
    /** An ingest key's channels (hotline_12345, photo_app …): its reports must carry one of them. */
    sources: z.array(z.enum(SOURCE_CHANNELS)).min(1).max(SOURCE_CHANNELS.length).optional(),
    /** A device key's grid worker (e.g. W120101001008003): the phone reports for him only. */
    worker: workerId.optional(),
    /** ISO time after which the key stops working. */
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((k, ctx) => {
    // what a key is bound to must mean something for its role: nothing is accepted only to be ignored
    if (k.walls && !WALL_ROLES.includes(k.role))
      ctx.addIssue({ code: 'custom', path: ['walls'], message: `${aKey(k.role)} opens no wall: walls bind screen, presenter and leader keys` });
    if (k.sources && k.role !== 'ingest')
      ctx.addIssue({ code: 'custom', path: ['sources'], message: `${aKey(k.role)} posts no reports: sources bind ingest keys` });
    if (k.worker && k.role !== 'device')
      ctx.addIssue({ code: 'custom', path: ['worker'], message: `${aKey(k.role)} is no worker's phone: worker binds device keys` });
    if (k.role === 'device' && !k.worker)
      ctx.addIssue({ code: 'custom', path: ['worker'], message: "a device key is one grid worker's phone: give his id (worker)" });
    if (k.role === 'admin' && k.scope !== CITY_CODE)
      ctx.addIssue({ code: 'custom', path: ['scope'], message: 'an admin key manages the whole installation: its scope is the city (1201)' });
  });
/** The roles that open walls, and may be bound to some. */
export const WALL_ROLES: readonly Role[] = ['screen', 'presenter', 'leader'];
export type CreateKey = z.infer<typeof createKeySchema>;

export const rotateKeySchema = z.strictObject({
  /** How long the old token keeps working, so the browsers of a wall can be given the new one (0: at once). */
  graceSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600)
    .default(0),
});

export const auditQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** Entries with an id below this (page back). */
  before: z.coerce.number().int().min(1).optional(),
  action: z.string().max(40).optional(),
});

/** One privileged action, as the audit log keeps it. */
export interface AuditEntry {
  id: number;
  at: string;
  /** The acting key's id, role and label ('system' for the server itself). */
  keyId: string;
  role: Role | 'system';
  label: string;
  /** key.create, key.rotate, key.revoke, wall.command, case.read_full, … */
  action: string;
  /** What it acted on: a key id, a wall, a case. */
  target: string;
  ok: boolean;
  detail: Record<string, unknown> | null;
  ip: string | null;
}

/** "an admin key", "a screen key": a key of a role, in a sentence. */
export function aKey(role: Role): string {
  return `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} key`;
}

/** Whether a region code lies within a scope (codes nest by prefix). */
export function withinScope(code: string, scope: string): boolean {
  return code.startsWith(scope);
}
