// The events a server raises as time passes: overdue marks and default closes (默认满意). Each is the
// same event, to the byte, whichever node raises it and whenever (several nodes run the watch at
// once; a restarted server raises what it missed), and legal on the case it is raised for.
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../shared/caseEvent.ts';
import { applyCaseEvent, type CaseState } from '../../shared/caseLifecycle.ts';
import { dueEvents, startCaseWatch } from '../../server/ingest/caseWatch.ts';
import { createLogger } from '../../server/observability/logger.ts';
import { reported } from '../support/factories.ts';
import { createWaiters } from '../support/waiters.ts';

const waiters = createWaiters((what, ms) => new Error(`the watch did not raise ${what} within ${ms} ms`));
const waitFor = (condition: () => boolean) => waiters.until(condition, 'the expected events');

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WINDOW = 3 * DAY;

function fold(events: CaseEvent[]): CaseState {
  let state: CaseState | undefined;
  for (const e of events) {
    const r = applyCaseEvent(state, e);
    if (!r.ok) throw new Error(r.message);
    state = r.state;
  }
  return state!;
}
const iso = (ms: number) => new Date(ms).toISOString();
/** Cases as the watch sees them: stored long ago (quiet). */
const quiet = (...states: CaseState[]) => states.map((state) => ({ state, recordedAt: 0 }));
function caseAt(id: string, reportedAt: number, deadline: number, path: { type: string; at: number; [k: string]: unknown }[] = []): CaseState {
  return fold([
    { ...reported(id), at: iso(reportedAt), deadline: iso(deadline) },
    ...path.map((p, i) => ({ ...p, eventId: `${id}:${i + 2}`, caseId: id, at: iso(p.at) }) as CaseEvent),
  ]);
}
const resolvedPath = (t: number) => [
  { type: 'accepted', at: t },
  { type: 'dispatched', unit: '街道综合执法队', at: t + 60_000 },
  { type: 'started', at: t + 120_000 },
  { type: 'resolved', at: t + 180_000 },
];

describe('overdue marks', () => {
  it('are the same whoever raises them and when', () => {
    const deadline = Date.parse('2026-11-20T10:00:00Z');
    const open = [caseAt('OD-1', deadline - HOUR, deadline)];
    const early = dueEvents(quiet(...open), deadline + 1_000, WINDOW);
    const late = dueEvents(quiet(...open), deadline + DAY, WINDOW); // a node that looks a day later
    expect(early).toHaveLength(1);
    expect(late).toEqual(early);
    // dated when the case went overdue, and legal on the case
    expect(early[0]).toMatchObject({ eventId: `OD-1:overdue:${deadline}`, at: iso(deadline) });
    expect(applyCaseEvent(open[0], early[0]!).ok).toBe(true);
  });

  it("are never dated before the case's last change", () => {
    const deadline = Date.parse('2026-11-20T10:00:00Z');
    const changed = deadline + 600_000; // a step recorded after the deadline passed
    const [mark] = dueEvents(quiet({ ...caseAt('OD-2', deadline - HOUR, deadline), updatedAt: changed }), changed + 1_000, WINDOW);
    expect(mark!.at).toBe(iso(changed));
    expect(dueEvents(quiet(caseAt('OD-3', deadline - HOUR, deadline)), deadline - 1, WINDOW)).toEqual([]);
  });

  it('are not raised for a case the department has resolved in time (the reproduction in issue 20)', () => {
    // a 2-hour case due 11:00, resolved 10:30 and verified 10:50: no overdue mark at 11:30 any more
    const due = Date.parse('2026-11-20T11:00:00+08:00');
    const resolved = caseAt('OD-4', due - 2 * HOUR, due, resolvedPath(due - 2 * HOUR + 60_000));
    const verified = fold([
      { ...reported('OD-5'), at: iso(due - 2 * HOUR), deadline: iso(due) },
      ...resolvedPath(due - 2 * HOUR + 60_000).map((p, i) => ({ ...p, eventId: `OD-5:${i + 2}`, caseId: 'OD-5', at: iso(p.at) }) as CaseEvent),
      { eventId: 'OD-5:6', caseId: 'OD-5', type: 'verified', passed: true, at: iso(due - 10 * 60_000) },
    ]);
    expect(dueEvents(quiet(resolved, verified), due + 30 * 60_000, WINDOW)).toEqual([]);
    // resolved a minute after its deadline, before a look of the watch: the mark it owes is still raised, once
    const lateCase = caseAt('OD-6', due - 2 * HOUR, due, resolvedPath(due - 3 * 60_000 + 60_000));
    expect(lateCase).toMatchObject({ status: 'resolved', resolvedAt: due + 60_000 });
    const [owed] = dueEvents(quiet(lateCase), due + 120_000, WINDOW);
    expect(owed).toMatchObject({ eventId: `OD-6:overdue:${due}`, type: 'overdue', at: iso(due + 60_000) });
    const marked = applyCaseEvent(lateCase, owed!);
    expect(marked).toMatchObject({ ok: true, state: { status: 'resolved', overdueFor: due } });
    if (marked.ok) expect(dueEvents(quiet(marked.state), due + 120_000, WINDOW)).toEqual([]);
    // the lifecycle itself refuses one
    const mark: CaseEvent = { eventId: 'x', caseId: 'OD-4', type: 'overdue', at: iso(due), deadline: iso(due) };
    expect(applyCaseEvent(resolved, mark)).toMatchObject({ ok: false, code: 'illegal_transition' });
  });
});

describe('default closes (默认满意)', () => {
  const t0 = Date.parse('2026-11-20T09:00:00+08:00');
  const verifiedAt = t0 + 300_000;
  const verified = () => caseAt('DC-1', t0 - 60_000, t0 + 7 * DAY, [...resolvedPath(t0), { type: 'verified', passed: true, at: verifiedAt }]);

  it('close a verified case nobody rated, dated at the end of the rating window', () => {
    expect(dueEvents(quiet(verified()), verifiedAt + WINDOW - 1, WINDOW)).toEqual([]);
    const [close] = dueEvents(quiet(verified()), verifiedAt + WINDOW + DAY, WINDOW);
    expect(close).toEqual({
      eventId: `DC-1:default-close:${verifiedAt}`,
      caseId: 'DC-1',
      type: 'evaluated',
      at: iso(verifiedAt + WINDOW),
      result: 'satisfied',
      byDefault: true,
    });
    const r = applyCaseEvent(verified(), close!);
    expect(r).toMatchObject({ ok: true, state: { status: 'closed', closedByDefault: true, visitResult: 'satisfied', closedAt: verifiedAt + WINDOW } });
    // a rating that comes after the default close finds the case closed
    if (!r.ok) return;
    const late: CaseEvent = { eventId: 'DC-1:9', caseId: 'DC-1', type: 'evaluated', result: 'unsatisfied', at: iso(verifiedAt + WINDOW + HOUR) };
    expect(applyCaseEvent(r.state, late)).toMatchObject({ ok: false, code: 'illegal_transition' });
  });

  it('leave a case that changed less than the quiet window ago alone, whatever it calls for', () => {
    const now = verifiedAt + WINDOW + DAY;
    const late = caseAt('DC-2', now - 3 * HOUR, now - HOUR);
    const stored = (recordedAt: number) => [verified(), late].map((state) => ({ state, recordedAt }));
    expect(dueEvents(stored(now - 59_000), now, WINDOW, 60_000)).toEqual([]);
    expect(dueEvents(stored(now - 60_000), now, WINDOW, 60_000).map((e) => e.eventId)).toEqual([
      `DC-1:default-close:${verifiedAt}`,
      `DC-2:overdue:${late.deadline}`,
    ]);
  });

  it('raise what falls due through the timer, and stop cleanly', async () => {
    const raised: string[] = [];
    const watch = startCaseWatch({
      openCases: () => quiet(verified()),
      raise: async (events) => {
        raised.push(...events.map((e) => e.eventId));
        waiters.notify();
      },
      logger: createLogger('silent'),
      ratingWindowMs: WINDOW,
      quietMs: 60_000,
      intervalMs: 5,
      clock: () => verifiedAt + WINDOW,
    });
    try {
      await waitFor(() => raised.length >= 2); // looked again while the case (here) stays verified
      expect(new Set(raised)).toEqual(new Set([`DC-1:default-close:${verifiedAt}`]));
    } finally {
      await watch.stop();
    }
  });
});
