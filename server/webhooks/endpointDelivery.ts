// One endpoint's delivery: reads the log from its cursor (the last log position it has dealt with,
// kept in the store as the checkpoint `webhook:<id>`, so it survives restarts and moves to whichever
// node delivers), and sends the alerts it subscribed to, within its scope, one at a time in log
// order: an alert is retried until the receiver answers 2xx (or it is given up, after the
// endpoint's giveUpAfter), and only then does the next one go. A failing endpoint waits alone: each
// endpoint has its own loop. Delivery is at-least-once: an alert delivered just before a crash, a
// stop or a lost lease, whose cursor was not yet saved, is sent again; receivers dedupe on its id.
import type { RegionTree } from '../geo/regionTree.ts';
import type { Logger } from '../observability/logger.ts';
import { createLogThrottle } from '../observability/logThrottle.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { StoredCaseEvent } from '../../shared/caseEvent.ts';
import type { CheckpointStore } from '../store/checkpointStore.ts';
import type { EventLog } from '../store/eventLog.ts';
import { attemptDelivery } from './webhookAttempt.ts';
import type { WebhookEndpoint } from '../config/webhooksFile.ts';
import { alertTypeOf, webhookPayload } from './webhookPayload.ts';
import { retryDelay } from './retryDelay.ts';

/** Log events read at a time. */
const PAGE = 500;
/** A failing endpoint is logged at its first failure, then at most once a minute. */
const FAILURE_LOG_EVERY_MS = 60_000;

/** What delivery reads (the log) and keeps (each endpoint's cursor, a checkpoint). */
export interface WebhookStores {
  log: Pick<EventLog, 'readEvents' | 'loadCases' | 'readCaseEvents' | 'lastSeq'>;
  checkpoints: CheckpointStore;
}

export interface EndpointStatus {
  id: string;
  /** The last log position dealt with, as saved in the store (null until this node has read it). */
  cursor: number | null;
  /** Alerts delivered and given up by this node since it started. */
  delivered: number;
  gaveUp: number;
  /** The alert being retried, while the receiver fails. */
  failing: { deliveryId: string; type: string; since: string; attempts: number; lastError: string } | null;
}

export interface EndpointDeliveryDeps {
  endpoint: WebhookEndpoint;
  stores: WebhookStores;
  tree: RegionTree;
  logger: Logger;
  metrics: Metrics;
  /** Whether this node may deliver now (it holds the lease and is not stopping). */
  active(): boolean;
  /** Aborted when this node stops delivering: ends a wait or a request in flight at once. */
  signal(): AbortSignal;
  now?: () => number;
}

export const cursorName = (endpointId: string) => `webhook:${endpointId}`;

export function createEndpointDelivery(deps: EndpointDeliveryDeps) {
  const { endpoint: ep, stores, logger, metrics } = deps;
  const now = deps.now ?? Date.now;
  const labels = { endpoint: ep.id };
  const log = logger.child({ webhook: ep.id });
  let cursor: number | undefined;
  let savedCursor: number | undefined;
  /** The cursor being read from the store (once, however many passes ask at the same time). */
  let loading: Promise<number> | null = null;
  /** Bumped when the cursor in memory may be stale (this node regained the lease): a pass of an older generation stops. */
  let generation = 0;
  let running: Promise<void> | null = null;
  let again = false;
  let delivered = 0;
  let gaveUp = 0;
  /** The alert being delivered now (for the lag), and its failures. */
  let head: { event: StoredCaseEvent; attempts: number; since: number; lastError: string } | null = null;
  let lastFailureLog = 0;
  const giveUpLog = createLogThrottle(FAILURE_LOG_EVERY_MS);
  let storeProblemLogged = 0;

  const wanted = (e: StoredCaseEvent) => {
    const type = alertTypeOf(e.event);
    return type !== undefined && ep.events.includes(type);
  };

  /** The cursor in the store, or the log's end for a new endpoint: read once per generation, so two callers never see two ends. */
  function loadCursor(): Promise<number> {
    loading ??= readCursor().catch((err: Error) => {
      loading = null;
      throw err;
    });
    return loading;
  }

  async function readCursor(): Promise<number> {
    const saved = await stores.checkpoints.load(cursorName(ep.id));
    const end = await stores.log.lastSeq();
    if (saved && saved.seq <= end) {
      savedCursor = saved.seq;
      return saved.seq;
    }
    // a new endpoint is told of alerts from now on, not of the whole history; a cursor ahead of the
    // log (a store restored from an older backup) would skip the alerts that take those positions again
    if (saved) log.warn({ cursor: saved.seq, logEnd: end }, "webhooks: the delivery cursor is ahead of the log; delivering from the log's end");
    else log.info({ from: end }, 'webhooks: a new endpoint; delivering the alerts recorded from now on');
    await saveCursor(end);
    return end;
  }

  async function saveCursor(seq: number): Promise<void> {
    if (seq === savedCursor) return;
    await stores.checkpoints.save(cursorName(ep.id), seq, new TextEncoder().encode(JSON.stringify({ endpoint: ep.id })));
    savedCursor = seq;
  }

  /** Delivers what the log holds after the cursor; returns when caught up, or no longer active (or told to forget its cursor). */
  async function drain(): Promise<void> {
    const gen = generation;
    let at = cursor ?? (await loadCursor());
    const advance = (seq: number) => {
      at = seq;
      if (gen === generation) cursor = seq;
    };
    advance(at);
    while (deps.active() && gen === generation) {
      const page = await stores.log.readEvents(at, PAGE);
      if (!page.length) break;
      const alerts = page.filter(wanted);
      // the grid of an overdue mark or an escalation is its case's (a case never changes grid)
      const cases = alerts.length ? await stores.log.loadCases([...new Set(alerts.map((e) => e.event.caseId))]) : new Map();
      for (const e of page) {
        if (wanted(e) && (cases.get(e.event.caseId)?.gridCode ?? '').startsWith(ep.scope)) {
          if ((await deliver(e)) === 'stopped') break;
          advance(e.seq);
          // saved before the next alert goes: a crash now sends this one again, not the ones before it
          await saveCursor(at);
        } else advance(e.seq);
      }
      // past everything else on the page (one write a page, not one an event)
      await saveCursor(at);
    }
  }

  /** Sends one alert until delivered or given up, or until this node stops delivering. */
  async function deliver(e: StoredCaseEvent): Promise<'delivered' | 'gaveUp' | 'stopped'> {
    const payload = { id: e.event.eventId, type: alertTypeOf(e.event)! };
    /** Made once, before the first attempt: every retry sends the same bytes. */
    let body: string | undefined;
    head = { event: e, attempts: 0, since: now(), lastError: '' };
    try {
      for (;;) {
        if (!deps.active()) return 'stopped';
        const age = now() - e.recordedAt;
        if (age > ep.giveUpAfterMs) {
          gaveUp += 1;
          metrics.webhookDeliveries.inc({ ...labels, outcome: 'gave_up' });
          // each lost alert is worth a line, but a cursor far behind (an endpoint left out of the file
          // for a month, then back) would give up thousands at once: one line a minute, with the count
          const logged = giveUpLog('gave_up');
          if (logged) {
            log.error(
              {
                deliveryId: payload.id,
                type: payload.type,
                attempts: head.attempts,
                lastError: head.lastError || null,
                ageMinutes: Math.round(age / 60_000),
                alsoGivenUpSince: logged.notLoggedSince,
              },
              "webhooks: an alert was given up: not delivered within the endpoint's giveUpAfterMinutes",
            );
          }
          return 'gaveUp';
        }
        body ??= JSON.stringify(
          webhookPayload(
            (await stores.log.readCaseEvents(e.event.caseId)).filter((c) => c.seq <= e.seq),
            deps.tree,
            ep.includeSummary,
          ),
        );
        head.attempts += 1;
        const result = await attemptDelivery({
          url: ep.url,
          secret: ep.secret,
          body,
          deliveryId: payload.id,
          eventType: payload.type,
          attempt: head.attempts,
          timeoutMs: ep.timeoutMs,
          signal: deps.signal(),
        });
        if (result.ok) {
          delivered += 1;
          metrics.webhookAttempts.inc({ ...labels, result: 'ok' });
          metrics.webhookDeliveries.inc({ ...labels, outcome: 'delivered' });
          if (head.attempts > 1) log.info({ deliveryId: payload.id, type: payload.type, attempts: head.attempts }, 'webhooks: delivered after retries');
          else log.debug({ deliveryId: payload.id, type: payload.type }, 'webhooks: delivered');
          return 'delivered';
        }
        if (result.kind === 'aborted') return 'stopped';
        metrics.webhookAttempts.inc({ ...labels, result: result.kind });
        head.lastError = result.detail;
        const wait = retryDelay(head.attempts, result.retryAfterMs);
        if (head.attempts === 1 || now() - lastFailureLog >= FAILURE_LOG_EVERY_MS) {
          lastFailureLog = now();
          log.warn(
            { deliveryId: payload.id, type: payload.type, attempt: head.attempts, error: result.detail, retryInMs: wait },
            'webhooks: the receiver did not take an alert; retrying',
          );
        }
        await sleep(wait, deps.signal());
      }
    } finally {
      head = null;
    }
  }

  async function run(): Promise<void> {
    do {
      again = false;
      try {
        await drain();
      } catch (err) {
        // the store away or full: the timer wakes the loop again; no alert is lost, the cursor did not move past it
        if (now() - storeProblemLogged >= FAILURE_LOG_EVERY_MS) {
          storeProblemLogged = now();
          log.warn({ err: (err as Error).message }, 'webhooks: the log could not be read or the cursor saved; trying again shortly');
        }
        again = false; // the poll comes back in a few seconds: no tight loop against a store that is away
        return;
      }
    } while (again && deps.active());
  }

  /** Something new may be in the log: deliver it (or note to look again once the current pass ends). */
  function wake(): void {
    if (!deps.active()) return;
    if (running) {
      again = true;
      return;
    }
    running = run().finally(() => {
      running = null;
      // a wake that came after the pass's last look at the log and before this line
      if (again) wake();
    });
  }

  return {
    wake,
    /** Forget the cursor in memory (another node may have moved it): the next pass reads it from the store. */
    forget(): void {
      generation += 1;
      cursor = undefined;
      savedCursor = undefined;
      loading = null;
    },
    /**
     * Reads (or, for a new endpoint, sets at the log's end) the cursor now, without delivering: at
     * start-up, before the server takes events, so "from now on" means from the start and not from
     * whenever the first pass happens to read the log's end.
     */
    async prime(): Promise<void> {
      const gen = generation;
      const at = await loadCursor();
      if (gen === generation) cursor ??= at;
    },
    /** Resolves when the current pass has ended. */
    idle: () => running ?? Promise.resolve(),
    /** The lag, for the gauges: how long the alert being delivered has waited since it was recorded. */
    lagSeconds: () => (head ? Math.max(0, (now() - head.event.recordedAt) / 1000) : 0),
    cursor: () => cursor,
    status(): EndpointStatus {
      return {
        id: ep.id,
        cursor: savedCursor ?? null,
        delivered,
        gaveUp,
        failing:
          head && head.attempts > 0 && head.lastError
            ? {
                deliveryId: head.event.event.eventId,
                type: alertTypeOf(head.event.event)!,
                since: new Date(head.since).toISOString(),
                attempts: head.attempts,
                lastError: head.lastError,
              }
            : null,
      };
    },
  };
}

export type EndpointDelivery = ReturnType<typeof createEndpointDelivery>;

/** Waits `ms`, or less if `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
