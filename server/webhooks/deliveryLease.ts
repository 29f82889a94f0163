// Which node delivers webhooks. Embedded (one process): this one, always. Scaled out: the node that
// holds a lease in Redis (SET NX PX, renewed well before it lapses), so an alert is sent by one node
// and not by each; when that node dies its lease lapses and another takes it over, and resumes from
// the delivery cursors in PostgreSQL. A node that cannot renew (Redis away) stops delivering when
// its lease would have lapsed, before anyone else can take it: two nodes never deliver at once
// except across a pause longer than the margin below, which at-least-once delivery tolerates anyway.
import { randomBytes } from 'node:crypto';
import type { RedisClient } from '../redis/redisClient.ts';

export interface DeliveryLease {
  /** Whether this node may deliver now. */
  held(): boolean;
  /** Called when this node gains (true) or loses (false) the lease. */
  onChange(handler: (held: boolean) => void): void;
  /** Starts claiming; resolves once the first claim has been answered (or has failed). */
  start(): Promise<void>;
  /** Gives the lease back (another node takes over at once rather than after it lapses). */
  stop(): Promise<void>;
}

/** One process: it always delivers. */
export function localLease(): DeliveryLease {
  let handler: (held: boolean) => void = () => undefined;
  let running = false;
  return {
    held: () => running,
    onChange: (h) => void (handler = h),
    async start() {
      running = true;
      handler(true);
    },
    async stop() {
      running = false;
    },
  };
}

export const LEASE_TTL_MS = 10_000;
const RENEW_EVERY_MS = 3000;
/** Stop this long before the lease lapses in Redis: the clocks of two nodes and Redis drift apart a little. */
const SAFETY_MARGIN_MS = 1500;
/** A Redis command that does not answer within this long counts as failed (the shared client queues commands while Redis is away). */
const COMMAND_TIMEOUT_MS = 2000;

// take the lease if it is free, or extend it if it is already ours: one script, so a lease that
// lapsed and went to another node between a GET and a SET is never taken back
const CLAIM = `
local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if v == false then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export function redisLease(deps: { client: RedisClient; prefix: string; node: string; warn: (message: string, err?: Error) => void }): DeliveryLease {
  const key = `${deps.prefix}:webhooks:lease`;
  // the node's name says who holds it (for a person reading Redis); the random part tells this process from a restarted one of the same name
  const token = `${deps.node}/${randomBytes(8).toString('hex')}`;
  let heldUntil = 0;
  let holding = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let handler: (held: boolean) => void = () => undefined;
  const withTimeout = <T>(p: Promise<T>) =>
    Promise.race([
      p,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`Redis did not answer within ${COMMAND_TIMEOUT_MS} ms`)), COMMAND_TIMEOUT_MS).unref(),
      ),
    ]);
  const set = (now: boolean) => {
    if (now === holding) return;
    holding = now;
    handler(now);
  };
  const tick = async () => {
    const started = Date.now();
    try {
      const got = Number(await withTimeout(deps.client.eval(CLAIM, { keys: [key], arguments: [token, String(LEASE_TTL_MS)] })));
      if (stopped) return;
      if (got === 1) {
        // counted from before the request: Redis set its expiry some time after `started`
        heldUntil = started + LEASE_TTL_MS - SAFETY_MARGIN_MS;
        set(true);
      } else {
        heldUntil = 0;
        set(false);
      }
    } catch (err) {
      deps.warn('webhooks: the delivery lease could not be claimed or renewed in Redis', err as Error);
      if (Date.now() >= heldUntil) set(false);
    }
  };
  const loop = () => {
    if (stopped) return;
    timer = setTimeout(() => void tick().finally(loop), RENEW_EVERY_MS);
    timer.unref();
  };
  // between renewals, the lease lapses locally the moment it would in Redis
  const lapse = setInterval(() => {
    if (holding && Date.now() >= heldUntil) set(false);
  }, 250);
  lapse.unref();
  return {
    held: () => holding && Date.now() < heldUntil,
    onChange: (h) => void (handler = h),
    start() {
      const first = tick().finally(loop);
      return first;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearInterval(lapse);
      const was = holding;
      set(false);
      if (was) await withTimeout(deps.client.eval(RELEASE, { keys: [key], arguments: [token] })).catch(() => undefined);
    },
  };
}
