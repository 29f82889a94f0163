// Raises an `overdue` event when an open case passes its deadline. The watch keeps nothing of its
// own: every second it looks at the open cases the projection folded from the log, so after a
// restart it finds at once the cases that went overdue while the server was down. The event id is
// derived from the case and the deadline and the mark is dated by them too, so it is stored once
// however many times (or on how many nodes) it is raised; an extension gives a new deadline, and a
// new mark when that one passes.
import type { CaseEvent } from '../../shared/caseEvent.ts';
import type { CaseState } from '../../shared/caseLifecycle.ts';
import type { Logger } from '../observability/logger.ts';

const BATCH = 1000;

export function overdueEvents(open: Iterable<CaseState>, now: number): CaseEvent[] {
  const events: CaseEvent[] = [];
  for (const s of open) {
    if (s.deadline > now || s.overdueFor === s.deadline) continue;
    // dated when the case went overdue (its deadline), never before its last change (a source may
    // stamp up to 5 minutes ahead): the same mark to the byte whichever node raises it, and whenever,
    // so a second node's (or a restarted server's) is a duplicate, not a different event under its id
    const at = new Date(Math.max(s.deadline, s.updatedAt)).toISOString();
    events.push({ eventId: `${s.caseId}:overdue:${s.deadline}`, caseId: s.caseId, type: 'overdue', at, deadline: new Date(s.deadline).toISOString() });
    if (events.length >= BATCH) break;
  }
  return events;
}

export function startOverdueWatch(deps: {
  openCases: () => Iterable<CaseState>;
  raise: (events: CaseEvent[]) => Promise<unknown>;
  logger: Logger;
  intervalMs?: number;
}) {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return; // the previous batch is still being stored
    const events = overdueEvents(deps.openCases(), Date.now());
    if (!events.length) return;
    running = deps
      .raise(events)
      .then(
        () => deps.logger.info({ cases: events.length }, 'cases turned overdue'),
        (err: Error) => deps.logger.warn({ err: err.message, cases: events.length }, 'overdue marks not stored; will retry'),
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
