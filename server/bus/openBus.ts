// The bus the configuration names: in-process in the embedded shape; scaled out (REDIS_URL), the
// Redis bus, whose log follower fills what the stream missed from the shared log. Problems with
// Redis are logged at most once a minute per kind.
import type { StoredCaseEvent } from '../../shared/caseEvent.ts';
import type { Config } from '../config/config.ts';
import { throttledWarn } from '../observability/logThrottle.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Bus } from './bus.ts';
import { createMemoryBus } from './memoryBus.ts';
import { createRedisBus } from './redisBus.ts';
import { redactRedisUrl } from '../redis/redisClient.ts';

/** `startSeq`: the seq this node's projections hold after the start-up fold. */
/** `log`: where a node reads what the stream missed (the shared log). */
export async function openBus(deps: {
  config: Config;
  log: { readEvents(afterSeq: number, limit: number): Promise<StoredCaseEvent[]> };
  startSeq: number;
  logger: Logger;
  metrics: Metrics;
}): Promise<Bus> {
  const { config, logger } = deps;
  if (!config.redis) return createMemoryBus(config.nodeName);
  const warn = throttledWarn(logger);
  const bus = await createRedisBus({
    url: config.redis.url,
    prefix: config.redis.prefix,
    node: config.nodeName,
    maxLen: config.redis.streamMaxLen,
    startSeq: deps.startSeq,
    readEvents: (after, limit) => deps.log.readEvents(after, limit),
    warn,
    counted: (road, n) => deps.metrics.busEvents.inc({ road }, n),
  });
  logger.info(
    { node: config.nodeName, redis: redactRedisUrl(config.redis.url), prefix: config.redis.prefix },
    'scale-out: this node shares the log through Redis',
  );
  return bus;
}
