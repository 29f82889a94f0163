// The events the server raises itself as time passes, from the open cases the projection folded
// from the log (the watch keeps nothing durable of its own, so after a restart it finds at once what
// fell due while the server was down):
// - `overdue`: a case the department still owes passed its deadline (shared/caseLifecycle.ts);
// - `evaluated` by default (默认满意): a verified case nobody rated within the rating window.
// Each event's id and time are derived from the case (its deadline; its verification and the
// window), so it is stored once however many times, and on how many nodes, it is raised. A case
// whose latest event was stored less than `quietMs` ago is left alone until it has been quiet that
// long: an import or a replay sending a case's history catches up with it first (its resolution,
// dated before the deadline, or its rating may be on the way, and a mark or a close raised before
// them would be wrong). A case left alone for hours is acted on the second its deadline passes.
import type { CaseEvent } from '../../shared/caseEvent.ts';
import { owes, resolvedLateUnmarked, type CaseState } from '../../shared/caseLifecycle.ts';
import type { Logger } from '../observability/logger.ts';

const BATCH = 1000;

function overdueMark(s: CaseState, now: number): CaseEvent | null {
  // owed and past the deadline; or resolved after it before a look of the watch saw it owed
  if (!(owes(s) || resolvedLateUnmarked(s)) || s.deadline > now || s.overdueFor === s.deadline) return null;
  // dated when the case went overdue (its deadline), never before its last change (a source may
  // stamp up to 5 minutes ahead): the same mark to the byte whichever node raises it, and whenever
  const at = new Date(Math.max(s.deadline, s.updatedAt)).toISOString();
  return { eventId: `${s.caseId}:overdue:${s.deadline}`, caseId: s.caseId, type: 'overdue', at, deadline: new Date(s.deadline).toISOString() };
}

function defaultClose(s: CaseState, now: number, ratingWindowMs: number): CaseEvent | null {
  // a verified case's last change is its verification (an overdue mark does not change updatedAt)
  if (s.status !== 'verified' || s.updatedAt + ratingWindowMs > now) return null;
  const at = new Date(s.updatedAt + ratingWindowMs).toISOString();
  return { eventId: `${s.caseId}:default-close:${s.updatedAt}`, caseId: s.caseId, type: 'evaluated', at, result: 'satisfied', byDefault: true };
}

/** A case as the watch sees it: its state, and when its latest event was stored. */
export interface WatchedCase {
  state: CaseState;
  recordedAt: number;
}

/** What the open cases call for at `now`, at most BATCH events (the rest come at the next look). */
export function dueEvents(open: Iterable<WatchedCase>, now: number, ratingWindowMs: number, quietMs = 0): CaseEvent[] {
  const events: CaseEvent[] = [];
  for (const { state: s, recordedAt } of open) {
    if (now - recordedAt < quietMs) continue;
    const e = overdueMark(s, now) ?? defaultClose(s, now, ratingWindowMs);
    if (e) events.push(e);
    if (events.length >= BATCH) break;
  }
  return events;
}

export function startCaseWatch(deps: {
  openCases: () => Iterable<WatchedCase>;
  raise: (events: CaseEvent[]) => Promise<unknown>;
  logger: Logger;
  ratingWindowMs: number;
  /** A case is acted on once its latest event has been stored this long (0: at once). */
  quietMs: number;
  intervalMs?: number;
  clock?: () => number;
}) {
  const clock = deps.clock ?? Date.now;
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return; // the previous batch is still being stored
    const events = dueEvents(deps.openCases(), clock(), deps.ratingWindowMs, deps.quietMs);
    if (!events.length) return;
    running = deps
      .raise(events)
      .then(
        () => deps.logger.info({ events: events.length }, 'cases overdue or closed by default'),
        (err: Error) => deps.logger.warn({ err: err.message, events: events.length }, 'overdue marks or default closes not stored; will retry'),
      )
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, deps.intervalMs ?? 1000);
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
