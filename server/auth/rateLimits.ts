// Rate limits, per key (or per address for refused tokens, per socket for socket messages), with
// rate-limiter-flexible: fixed windows in memory. Scaled out, the limits of keys and addresses are
// counted in Redis (RateLimiterRedis, the same calls), so that a key or an address has one allowance
// across all nodes, not one per node: a token guesser behind the load balancer gets no more tries
// by being spread. While Redis is away each node falls back to its own memory counters. A socket's
// messages stay in memory: a socket lives on one node. A limit of 0 turns that limit off.
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisClient } from '../redis/redisClient.ts';
import type { RateLimitConfig } from '../config/config.ts';

export type RateLimitGroup = 'ingest' | 'read' | 'admin' | 'authFailure' | 'socket';

export type RateLimits = ReturnType<typeof createRateLimits>;

/** `shared`: scale-out, the counters of keys and addresses in this Redis under this prefix. */
export function createRateLimits(config: RateLimitConfig, shared?: { client: RedisClient; prefix: string }) {
  const make = (group: RateLimitGroup, points: number, duration: number): RateLimiterAbstract | null => {
    if (points <= 0) return null;
    const memory = new RateLimiterMemory({ points, duration });
    if (!shared || group === 'socket') return memory;
    return new RateLimiterRedis({
      storeClient: shared.client,
      useRedisPackage: true,
      keyPrefix: `${shared.prefix}:limit:${group}`,
      points,
      duration,
      // Redis away: this node counts on its own meanwhile, and never waits on it
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    });
  };
  const limiters: Record<RateLimitGroup, RateLimiterAbstract | null> = {
    ingest: make('ingest', config.ingestPerSec, 1),
    read: make('read', config.readPerSec, 1),
    admin: make('admin', config.adminPerSec, 1),
    authFailure: make('authFailure', config.authFailuresPerMin, 60),
    socket: make('socket', config.socketMessagesPerSec, 1),
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
