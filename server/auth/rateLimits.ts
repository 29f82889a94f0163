// Rate limits, per key (or per address for refused tokens, per socket for socket messages), with
// rate-limiter-flexible: fixed windows in memory. (Scale-out swaps RateLimiterMemory for its Redis
// twin with the same calls.) A limit of 0 turns that limit off.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface RateLimitConfig {
  /** Ingest requests per second per key. */
  ingestPerSec: number;
  /** Read requests per second per key and address. */
  readPerSec: number;
  /** Admin requests per second per key. */
  adminPerSec: number;
  /** Refused tokens per minute per address, before its requests get 429. */
  authFailuresPerMin: number;
  /** Messages per second per socket (clock, commands). */
  socketMessagesPerSec: number;
}

export type RateLimitGroup = 'ingest' | 'read' | 'admin' | 'authFailure' | 'socket';

export type RateLimits = ReturnType<typeof createRateLimits>;

export function createRateLimits(config: RateLimitConfig) {
  const make = (points: number, duration: number) => (points > 0 ? new RateLimiterMemory({ points, duration }) : null);
  const limiters: Record<RateLimitGroup, RateLimiterMemory | null> = {
    ingest: make(config.ingestPerSec, 1),
    read: make(config.readPerSec, 1),
    admin: make(config.adminPerSec, 1),
    authFailure: make(config.authFailuresPerMin, 60),
    socket: make(config.socketMessagesPerSec, 1),
  };
  return {
    /** Takes one from `key`'s allowance in `group`: 0 when allowed, else the seconds to wait (Retry-After). */
    async take(group: RateLimitGroup, key: string): Promise<number> {
      const limiter = limiters[group];
      if (!limiter) return 0;
      try {
        await limiter.consume(key);
        return 0;
      } catch (rejected) {
        if (rejected instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejected.msBeforeNext / 1000));
        throw rejected;
      }
    },
    /** Seconds `key` must still wait in `group` because it is over its allowance (0: it is not); takes nothing. */
    async blocked(group: RateLimitGroup, key: string): Promise<number> {
      const limiter = limiters[group];
      const res = limiter ? await limiter.get(key) : null;
      return res && res.consumedPoints > limiter!.points ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;
    },
    config,
  };
}
