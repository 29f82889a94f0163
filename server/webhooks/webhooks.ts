// Webhooks out: overdue and escalated cases POSTed to integrators (a district's duty system, a
// gateway that pages the duty leader), signed, retried, in log order per endpoint. The event log is
// the source: each endpoint keeps a cursor in the store, so nothing is lost across restarts or when
// another node takes the delivery over. The bus only says when to look (an alert was committed,
// here or on another node); a timer looks anyway, and moves the cursors past everything else.
import type { Bus } from '../bus/bus.ts';
import type { RegionTree } from '../geo/regionTree.ts';
import type { RedisClient } from '../redis/redisClient.ts';
import { throttledWarn } from '../observability/logThrottle.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { SCOPE_LEVELS } from '../geo/geography.ts';
import type { WebhookEndpoint } from '../config/webhooksFile.ts';
import { createEndpointDelivery, type EndpointStatus, type WebhookStores } from './endpointDelivery.ts';
import { localLease, redisLease, type DeliveryLease } from './deliveryLease.ts';
import { alertTypeOf } from './webhookPayload.ts';

/** How often every endpoint looks at the log even without a word from the bus. */
const POLL_MS = 5000;

export interface WebhooksStatus {
  /** Whether this node is the one delivering. */
  delivering: boolean;
  endpoints: EndpointStatus[];
}

export interface Webhooks {
  /**
   * Resolves once this node knows whether it delivers and, if it does, every endpoint's cursor is
   * read (a new endpoint's set at the log's end): the server takes events only after it, so an alert
   * recorded after the start is never skipped as "history".
   */
  ready: Promise<void>;
  status(): WebhooksStatus;
  stop(): Promise<void>;
}

export function startWebhooks(deps: {
  endpoints: WebhookEndpoint[];
  stores: WebhookStores;
  bus: Pick<Bus, 'onCaseEvents'>;
  tree: RegionTree;
  lease: DeliveryLease;
  logger: Logger;
  metrics: Metrics;
}): Webhooks {
  const { metrics, lease } = deps;
  // a scope must be a region of the geography (the file was checked for its shape before the geography was loaded)
  deps.endpoints.forEach((ep, i) => {
    if (!SCOPE_LEVELS.has(deps.tree.get(ep.scope)?.level ?? 'grid'))
      throw new Error(`invalid configuration: WEBHOOKS_CONFIG: endpoints.${i}.scope: ${ep.scope} is not the city, a district or a street of the geography`);
  });
  let stopped = false;
  let term = new AbortController();
  const active = () => !stopped && lease.held();
  const endpoints = deps.endpoints.map((endpoint) =>
    createEndpointDelivery({ endpoint, stores: deps.stores, tree: deps.tree, logger: deps.logger, metrics, active, signal: () => term.signal }),
  );
  const wakeAll = () => endpoints.forEach((e) => e.wake());
  /** The cursors read after the lease was last gained (a store away: logged; the passes read them again). */
  let primed: Promise<void> = Promise.resolve();
  const prime = () =>
    Promise.all(endpoints.map((e) => e.prime())).then(
      () => undefined,
      (err: Error) => deps.logger.warn({ err: err.message }, 'webhooks: the delivery cursors could not be read; trying again shortly'),
    );
  // every series from the start (a rate() or an alert rule needs the zero before the first increase)
  for (const ep of deps.endpoints) for (const outcome of ['delivered', 'gave_up']) metrics.webhookDeliveries.inc({ endpoint: ep.id, outcome }, 0);

  lease.onChange((held) => {
    metrics.webhookDelivering.set(held ? 1 : 0);
    if (held) {
      deps.logger.info({ endpoints: endpoints.length }, 'webhooks: this node delivers');
      term = new AbortController();
      // another node may have delivered since this one last did: read the cursors again
      endpoints.forEach((e) => e.forget());
      primed = prime().then(wakeAll);
    } else {
      if (!stopped) deps.logger.warn('webhooks: this node no longer holds the delivery lease; another node delivers');
      term.abort();
      metrics.webhookLagSeconds.reset();
      metrics.webhookBacklogEvents.reset();
    }
  });
  const unsubscribe = deps.bus.onCaseEvents((events) => {
    if (events.some((e) => alertTypeOf(e.event))) wakeAll();
  });
  let lastSeq: Promise<number> | null = null;
  const poll = setInterval(() => {
    if (!active()) return;
    wakeAll();
    for (const [i, e] of endpoints.entries()) metrics.webhookLagSeconds.set({ endpoint: deps.endpoints[i]!.id }, e.lagSeconds());
    // the backlog in log positions (every event after the cursor, alerts or not)
    lastSeq ??= deps.stores.log
      .lastSeq()
      .then(
        (end) => {
          for (const [i, e] of endpoints.entries()) {
            const c = e.cursor();
            if (c !== undefined) metrics.webhookBacklogEvents.set({ endpoint: deps.endpoints[i]!.id }, Math.max(0, end - c));
          }
          return end;
        },
        () => 0,
      )
      .finally(() => {
        lastSeq = null;
      });
  }, POLL_MS);
  poll.unref();
  const ready = lease.start().then(() => primed);

  return {
    ready,
    status: () => ({ delivering: active(), endpoints: endpoints.map((e) => e.status()) }),
    async stop() {
      stopped = true;
      clearInterval(poll);
      unsubscribe();
      term.abort();
      // a pass in flight ends at once (its wait or request aborted) and saves how far it got
      await Promise.all(endpoints.map((e) => e.idle()));
      await lastSeq;
      await lease.stop();
    },
  };
}

/**
 * The configured endpoints' delivery, or none. Scaled out, only the holder of a Redis lease delivers
 * (a node that loses it stops); in one process this node always does.
 */
export function startConfiguredWebhooks(
  deps: Omit<Parameters<typeof startWebhooks>[0], 'lease'> & { redis?: { client: RedisClient; prefix: string; node: string } },
): Webhooks | undefined {
  if (!deps.endpoints.length) return undefined;
  const lease = deps.redis ? redisLease({ ...deps.redis, warn: throttledWarn(deps.logger) }) : localLease();
  return startWebhooks({ ...deps, lease });
}
