// Who may do what, for the whole server: the access keys (the environment's, the store's, the
// simulator's own), the rate limits (shared by every node through Redis when scaled out), one
// admission of a token for HTTP and sockets, the audit log. Changes made here reach the other nodes
// through the bus; changes made elsewhere (another node, the CLI) are read again every few seconds,
// and a key that ended closes its sockets at once, wherever they are.
import type { Bus } from '../bus/bus.ts';
import type { RedisClient } from '../redis/redisClient.ts';
import type { Config } from '../config/config.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { createRefusals } from '../observability/refusals.ts';
import type { Stores } from '../store/stores.ts';
import { openAccessKeys, REFRESH_MS, type EndedKey } from './accessKeys.ts';
import { admitToken } from './admit.ts';
import { createAudit } from './audit.ts';
import { createRateLimits } from './rateLimits.ts';
import { readLegacySecrets, removeLegacySecrets } from './secrets.ts';

export type Access = Awaited<ReturnType<typeof openAccess>>;

export async function openAccess(deps: {
  config: Config;
  stores: Pick<Stores, 'keys' | 'audit'>;
  /** Scale-out: the Redis that holds the limits every node counts against. */
  redis?: { client: RedisClient; prefix: string };
  logger: Logger;
  metrics: Metrics;
}) {
  const { config, logger } = deps;
  const legacy = config.database ? undefined : readLegacySecrets(config.dataDir);
  const keys = await openAccessKeys(
    deps.stores.keys,
    { ingest: config.ingestKey, screen: config.screenToken, presenter: config.presenterToken, admin: config.adminToken },
    { imported: legacy },
  );
  if (legacy) {
    removeLegacySecrets(config.dataDir);
    logger.warn('secrets.json: its keys are now stored hashed and keep working; the plain-text file was deleted');
  }
  const limits = createRateLimits(config.rateLimits, deps.redis);
  const timers: ReturnType<typeof setInterval>[] = [];
  const refresh = () => keys.refresh().catch((err: Error) => logger.error({ err: err.message }, 'access keys could not be read again'));

  return {
    keys,
    limits,
    refusals: createRefusals(logger, deps.metrics),
    audit: createAudit(deps.stores.audit, logger),
    /** Lets a token in (HTTP routes and socket handshakes alike), or says why not. */
    admit: (token: string, address: string, what: string) => admitToken(keys, limits, address, token, what),
    /** The built-in simulator posts with a key of its own, held by this process only. */
    simulatorKey: keys.internal('ingest', 'built-in simulator'),

    /**
     * Keeps the keys current: a change made here is told to the other nodes, one made there is read
     * here at once, and every REFRESH_MS whatever happened; a key that ends (revoked, or its expiry
     * passed: checked every second without the store) is handed to `ended`.
     */
    watch(bus: Pick<Bus, 'publishControl' | 'onControl'>, ended: (keys: readonly EndedKey[]) => void) {
      keys.onChanged(() => bus.publishControl({ type: 'keysChanged' }));
      bus.onControl((message) => {
        if (message.type === 'keysChanged') void refresh();
      });
      keys.onEnded(ended);
      timers.push(
        setInterval(refresh, REFRESH_MS),
        setInterval(() => keys.sweep(), 1000),
      );
      timers.forEach((t) => t.unref());
    },
    stop() {
      timers.forEach(clearInterval);
    },
  };
}
