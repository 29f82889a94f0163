// Hands committed case events to this node's projections exactly once and in log order, whatever
// road they came by: this node's own commits, the Redis Stream (other nodes' commits), or the store
// itself (what the stream missed). PostgreSQL commits one at a time (server/store/kysely/kyselyEventLog.ts),
// so seq order is commit order: when a batch starting at seq n arrives, every seq below n is
// settled, and whatever of it this node has not applied is read from the log before the batch.
// A seq can be missing for good (a rolled-back commit burns its sequence value): the log read finds
// nothing there and the follower moves on. When the log cannot be read (PostgreSQL away) the batch
// is dropped, not applied out of order: its events are in the log, and the next catch-up reads them.
import type { StoredCaseEvent } from '../../shared/caseEvent.ts';

/** How a batch reached the follower, for the metrics. */
export type Road = 'local' | 'stream' | 'store';

export interface LogFollowerDeps {
  /** The seq the projections already hold (after the start-up fold). */
  startSeq: number;
  /** The log: events with seq > afterSeq in order, at most `limit`. */
  readEvents(afterSeq: number, limit: number): Promise<StoredCaseEvent[]>;
  /** Applies events to the projections (always in seq order, never one twice). */
  deliver(events: StoredCaseEvent[]): void;
  /** Counts what was applied, by road (a gap filled from the log counts as 'store'). */
  counted?(road: Road, events: number): void;
  /** The log could not be read: the follower is behind until a catch-up succeeds. */
  failed?(err: Error): void;
}

const PAGE = 5000;

export function createLogFollower(deps: LogFollowerDeps) {
  let applied = deps.startSeq;
  let behind = false;
  let chain: Promise<void> = Promise.resolve();
  /** Runs one step after the others, never failing the chain. */
  const serial = (step: () => Promise<void>): Promise<void> => {
    const run = chain.then(step).catch((err: Error) => {
      behind = true;
      deps.failed?.(err);
    });
    chain = run;
    return run;
  };

  /** Applies what the log holds after `applied`, below `before` (every seq when absent). */
  async function readLog(before = Infinity): Promise<void> {
    for (;;) {
      const page = (await deps.readEvents(applied, PAGE)).filter((e) => e.seq < before);
      if (!page.length) return;
      deps.deliver(page);
      applied = page.at(-1)!.seq;
      deps.counted?.('store', page.length);
      if (page.length < PAGE) return;
    }
  }

  return {
    /** The seq of the last event applied. */
    applied: () => applied,
    /** Whether a log read failed since the last successful catch-up. */
    behind: () => behind,
    /** A committed batch (in seq order): applied after whatever of the log before it is missing here. */
    offer(events: readonly StoredCaseEvent[], road: Exclude<Road, 'store'>): Promise<void> {
      return serial(async () => {
        const fresh = events.filter((e) => e.seq > applied);
        if (!fresh.length) return;
        if (fresh[0]!.seq > applied + 1) await readLog(fresh[0]!.seq);
        const rest = fresh.filter((e) => e.seq > applied);
        if (!rest.length) return;
        deps.deliver(rest);
        applied = rest.at(-1)!.seq;
        deps.counted?.(road, rest.length);
      });
    },
    /** Reads everything the log has after what was applied (a start, a reconnect, a periodic check). */
    catchUp(): Promise<void> {
      return serial(async () => {
        await readLog();
        behind = false;
      });
    },
    /** Resolves when every step queued so far has run. */
    idle: (): Promise<void> => chain,
  };
}

export type LogFollower = ReturnType<typeof createLogFollower>;
