// The installation's access keys: each a random token with a role, the walls it may open or command
// and the region it may see. Tokens are stored only as SHA-256 hashes (a 192-bit random token needs
// no slow password hash: nothing can be guessed from its hash, and one hash per request is cheap).
// Keys are made, rotated and revoked without a restart (admin API, or the CLI on the store: a running
// server reads the store again every REFRESH_MS); whoever holds sockets is told at once when a key
// stops working, so its sockets are disconnected.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AccessKeyInfo, CreateKey, Role } from '../../shared/access.ts';
import type { SourceChannel } from '../../shared/caseEvent.ts';
import { CITY_CODE } from '../../shared/regions.ts';
import type { KeyStore, StoredAccessKey } from '../store/keyStore.ts';

/** How often the keys are read from the store again (changes made by the CLI or another node). */
export const REFRESH_MS = 5000;

const PREFIX: Record<Role, string> = { ingest: 'ik', screen: 'st', presenter: 'pt', leader: 'lk', admin: 'ak', device: 'dk' };

/** Who is asking: the key a request or socket was authenticated by. */
export interface Principal {
  keyId: string;
  role: Role;
  label: string;
  /** null: every wall. */
  walls: readonly string[] | null;
  scope: string;
  /** An ingest key's channels; null: any. */
  sources: readonly SourceChannel[] | null;
  /** A device key's grid worker; null for other roles. */
  worker: string | null;
  /** Made by this process for its own use (the built-in simulator): not rate-limited. */
  internal: boolean;
}

/** A key that stopped working, and why. */
export interface EndedKey {
  id: string;
  reason: 'revoked' | 'expired';
}

export type AuthResult = { ok: true; principal: Principal } | { ok: false; reason: 'missing' | 'unknown' | 'revoked' | 'expired' };

/** The environment variable that gives a role's key (its label, and how the start's banner names it). */
export const ENV_VARIABLES: Record<Role, string> = {
  ingest: 'GRIDWALL_INGEST_KEY',
  screen: 'GRIDWALL_SCREEN_TOKEN',
  presenter: 'GRIDWALL_PRESENTER_TOKEN',
  leader: 'GRIDWALL_LEADER_TOKEN',
  admin: 'GRIDWALL_ADMIN_TOKEN',
  device: 'GRIDWALL_DEVICE_TOKEN',
};

/** The tokens made at this start, in plain text (printed once in the banner, never stored); never those the environment gave. */
export type StartTokens = Partial<Record<Role, string>>;

interface HeldKey extends StoredAccessKey {
  origin: AccessKeyInfo['origin'];
}

/** What `newToken` makes: only such a token is worth a store lookup when this node does not know it. */
const TOKEN_SHAPE = new RegExp(`^(?:${Object.values(PREFIX).join('|')})_[A-Za-z0-9_-]{32}$`);

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newToken(role: Role): string {
  return `${PREFIX[role]}_${randomBytes(24).toString('base64url')}`;
}

export function canOpenWall(p: Principal, wall: string): boolean {
  return p.walls === null || p.walls.includes(wall);
}

export type AccessKeys = Awaited<ReturnType<typeof openAccessKeys>>;

/**
 * Loads the keys; on a first start (no stored key) makes one stored key for each of ingest, screen,
 * presenter and admin that the environment does not give. `given`: tokens from the environment, held
 * in memory only.
 */
export async function openAccessKeys(
  store: KeyStore,
  given: StartTokens,
  options: { imported?: StartTokens; now?: () => number; makeFirstKeys?: boolean } = {},
) {
  const now = options.now ?? Date.now;
  const byHash = new Map<string, HeldKey>();
  const byId = new Map<string, HeldKey>();
  const endedListeners: ((ended: EndedKey[]) => void)[] = [];
  /** Told after this process made, rotated or revoked a key (the other nodes are told to read keys again). */
  const changedListeners: (() => void)[] = [];
  const changed = () => changedListeners.forEach((listener) => listener());
  /** Store lookups of unknown tokens under way, by token hash. */
  const lookups = new Map<string, Promise<void>>();
  /** Keys that were usable at the last check: the ones whose end has not been announced. */
  let usable = new Set<string>();

  const hold = (k: HeldKey) => {
    byHash.set(k.tokenHash, k);
    byId.set(k.id, k);
  };
  const isUsable = (k: StoredAccessKey, at: number) => k.revokedAt === null && (k.expiresAt === null || k.expiresAt > at);
  const info = (k: HeldKey): AccessKeyInfo => ({
    id: k.id,
    role: k.role,
    label: k.label,
    walls: k.walls,
    scope: k.scope,
    sources: k.sources,
    worker: k.worker,
    hint: k.hint,
    createdAt: new Date(k.createdAt).toISOString(),
    createdBy: k.createdBy,
    expiresAt: k.expiresAt === null ? null : new Date(k.expiresAt).toISOString(),
    revokedAt: k.revokedAt === null ? null : new Date(k.revokedAt).toISOString(),
    origin: k.origin,
  });
  const principal = (k: HeldKey): Principal => ({
    keyId: k.id,
    role: k.role,
    label: k.label,
    walls: k.walls,
    scope: k.scope,
    sources: k.sources,
    worker: k.worker,
    internal: k.origin === 'process',
  });
  /** Tells the listeners which keys stopped working since the last check. */
  const announceEnded = () => {
    const at = now();
    const still = new Set([...byId.values()].filter((k) => isUsable(k, at)).map((k) => k.id));
    const ended = [...usable].filter((id) => !still.has(id)).map((id): EndedKey => ({ id, reason: byId.get(id)?.revokedAt != null ? 'revoked' : 'expired' }));
    usable = still;
    if (ended.length) for (const listener of endedListeners) listener(ended);
  };

  function transient(role: Role, token: string, label: string, origin: 'env' | 'process'): HeldKey {
    return {
      id: `${origin}-${role}${origin === 'process' ? `-${randomUUID().slice(0, 8)}` : ''}`,
      role,
      label,
      walls: null,
      scope: CITY_CODE,
      sources: null,
      worker: null,
      tokenHash: hashToken(token),
      hint: `${token.slice(0, 6)}…`,
      createdAt: now(),
      createdBy: origin,
      expiresAt: null,
      revokedAt: null,
      replacedBy: null,
      origin,
    };
  }

  async function make(input: CreateKey, createdBy: string, token = newToken(input.role)): Promise<{ key: AccessKeyInfo; token: string }> {
    const k: HeldKey = {
      id: `key_${randomBytes(6).toString('hex')}`,
      role: input.role,
      label: input.label,
      walls: input.walls ?? null,
      scope: input.scope ?? CITY_CODE,
      sources: input.sources ?? null,
      worker: input.worker ?? null,
      tokenHash: hashToken(token),
      hint: `${token.slice(0, 6)}…`,
      createdAt: now(),
      createdBy,
      expiresAt: input.expiresAt === undefined ? null : Date.parse(input.expiresAt),
      revokedAt: null,
      replacedBy: null,
      origin: 'store',
    };
    await store.save(k);
    hold(k);
    usable.add(k.id);
    return { key: info(k), token };
  }

  // the environment's keys: every wall, the whole city
  for (const [role, token] of Object.entries(given) as [Role, string | undefined][]) {
    if (token) hold(transient(role, token, ENV_VARIABLES[role], 'env'));
  }
  const stored = await store.readAll();
  for (const k of stored) hold({ ...k, origin: 'store' });
  // the environment's tokens are its operator's to keep: never printed (they would be in every start's output)
  const startTokens: StartTokens = {};
  let created = false;
  if (stored.length === 0 && options.makeFirstKeys !== false) {
    created = true;
    // the plain-text keys of a data folder from before keys were hashed: kept working, stored hashed
    for (const [role, token] of Object.entries(options.imported ?? {}) as [Role, string | undefined][]) {
      if (token && !given[role]) await make({ role, label: '旧版密钥文件导入', scope: CITY_CODE }, 'import', token);
    }
    // labels in the administrator's words: the page lists them as they are
    const FIRST: { role: Role; label: string }[] = [
      { role: 'ingest', label: '默认数据源' },
      { role: 'screen', label: '全部大屏' },
      { role: 'presenter', label: '全部大屏' },
      { role: 'admin', label: '管理员' },
    ];
    for (const { role, label } of FIRST) {
      if (!given[role] && !options.imported?.[role]) startTokens[role] = (await make({ role, label, scope: CITY_CODE }, 'first start')).token;
    }
  }
  // whether this start made a key (the environment may have given every one: then nothing was made)
  created &&= [...byId.values()].some((k) => k.origin === 'store');
  usable = new Set([...byId.values()].filter((k) => isUsable(k, now())).map((k) => k.id));

  return {
    /** Whether this start made the first keys (a new store). */
    created,
    /** The tokens made at this start, in plain text: shown once. */
    startTokens,

    authenticate(token: string | undefined): AuthResult {
      if (typeof token !== 'string' || token === '') return { ok: false, reason: 'missing' };
      if (token.length > 200) return { ok: false, reason: 'unknown' };
      const k = byHash.get(hashToken(token));
      if (!k) return { ok: false, reason: 'unknown' };
      if (k.revokedAt !== null) return { ok: false, reason: 'revoked' };
      if (k.expiresAt !== null && k.expiresAt <= now()) return { ok: false, reason: 'expired' };
      return { ok: true, principal: principal(k) };
    },

    /**
     * As `authenticate`, but a well-formed token this node does not hold is looked up in the store
     * first: a key another node made a moment ago (before its "keys changed" reached here) works at
     * once. Concurrent lookups of one token share one query.
     */
    async authenticateFresh(token: string | undefined): Promise<AuthResult> {
      const auth = this.authenticate(token);
      if (auth.ok || auth.reason !== 'unknown' || !TOKEN_SHAPE.test(token!)) return auth;
      const hash = hashToken(token!);
      let pending = lookups.get(hash);
      if (!pending) {
        pending = store
          .find(hash)
          .then((k) => {
            if (k && !byId.has(k.id)) {
              hold({ ...k, origin: 'store' });
              if (isUsable(k, now())) usable.add(k.id);
            }
          })
          .catch(() => {
            // the store cannot answer now: the token is refused as unknown, and may be tried again
          })
          .finally(() => lookups.delete(hash));
        lookups.set(hash, pending);
      }
      await pending;
      return this.authenticate(token);
    },

    /** A key held by this process only (the built-in simulator's ingest key). */
    internal(role: Role, label: string): string {
      const token = newToken(role);
      const k = transient(role, token, label, 'process');
      hold(k);
      usable.add(k.id);
      return token;
    },

    list: (): AccessKeyInfo[] => [...byId.values()].filter((k) => k.origin !== 'process').map(info),
    get: (id: string): AccessKeyInfo | undefined => {
      const k = byId.get(id);
      return k && k.origin !== 'process' ? info(k) : undefined;
    },

    async create(input: CreateKey, createdBy: string): Promise<{ key: AccessKeyInfo; token: string }> {
      const made = await make(input, createdBy);
      changed();
      return made;
    },

    /** A new token for the same role, walls and scope; the old one works `graceSeconds` longer. */
    /**
     * A new token for the same role, walls, scope, channels and expiry; the old one works
     * `graceSeconds` longer. A key rotated once is not rotated again (its replacement is).
     */
    async rotate(
      id: string,
      graceSeconds: number,
      by: string,
    ): Promise<{ key: AccessKeyInfo; token: string; previous: AccessKeyInfo } | { refused: 'unknown' } | { refused: 'rotated'; replacedBy: string }> {
      const old = byId.get(id);
      if (old?.origin !== 'store' || !isUsable(old, now())) return { refused: 'unknown' };
      if (old.replacedBy !== null) return { refused: 'rotated', replacedBy: old.replacedBy };
      const made = await make(
        {
          role: old.role,
          label: old.label,
          walls: old.walls ?? undefined,
          scope: old.scope,
          sources: old.sources ?? undefined,
          worker: old.worker ?? undefined,
          ...(old.expiresAt !== null && { expiresAt: new Date(old.expiresAt).toISOString() }),
        },
        by,
      );
      const until = old.expiresAt === null ? now() + graceSeconds * 1000 : Math.min(old.expiresAt, now() + graceSeconds * 1000);
      old.expiresAt = until;
      old.replacedBy = made.key.id;
      await store.end(id, { expiresAt: until, replacedBy: made.key.id });
      announceEnded();
      changed();
      return { ...made, previous: info(old) };
    },

    async revoke(id: string): Promise<AccessKeyInfo | null> {
      const k = byId.get(id);
      if (k?.origin !== 'store') return null;
      if (k.revokedAt === null) {
        k.revokedAt = now();
        await store.end(id, { revokedAt: k.revokedAt });
      }
      announceEnded();
      changed();
      return info(k);
    },

    /** Reads the store again (changes by the CLI or another node), then announces keys that ended. */
    async refresh(): Promise<void> {
      for (const k of await store.readAll()) {
        const held = byId.get(k.id);
        if (held) {
          // an end only ever comes sooner: a read that began before this node's own revoke or
          // rotate was stored must not undo it
          held.revokedAt = held.revokedAt ?? k.revokedAt;
          held.expiresAt = k.expiresAt === null ? held.expiresAt : held.expiresAt === null ? k.expiresAt : Math.min(held.expiresAt, k.expiresAt);
          held.replacedBy = held.replacedBy ?? k.replacedBy;
        } else hold({ ...k, origin: 'store' });
      }
      announceEnded();
    },

    /** Announces the keys whose expiry has passed (run on a timer: expiry needs no store read). */
    sweep(): void {
      announceEnded();
    },

    /** Called with the keys that stopped working (revoked, or past their expiry). */
    onEnded(listener: (ended: EndedKey[]) => void): void {
      endedListeners.push(listener);
    },

    /** Called after this process made, rotated or revoked a key. */
    onChanged(listener: () => void): void {
      changedListeners.push(listener);
    },
  };
}

/** Why a token was refused, in words a client can act on. */
export function refusalText(reason: Exclude<AuthResult, { ok: true }>['reason'], what: string): string {
  switch (reason) {
    case 'missing':
      return `${what} is required: send "Authorization: Bearer <token>"`;
    case 'revoked':
      return `the ${what.replace(/^an? /, '')} given was revoked: ask the administrator for a new one`;
    case 'expired':
      return `the ${what.replace(/^an? /, '')} given has expired (it was rotated): use its replacement`;
    default:
      return `the ${what.replace(/^an? /, '')} given is not valid (unknown to this server)`;
  }
}
