// The overdue marks a server raises: the same mark, to the byte, whichever node raises it and
// whenever (several nodes run the watch at once; a restarted server raises the marks it missed).
import { describe, expect, it } from 'vitest';
import { applyCaseEvent, type CaseState } from '../../shared/caseLifecycle.ts';
import { overdueEvents } from '../../server/ingest/overdueWatch.ts';
import { reported } from '../support/factories.ts';

function openCase(id: string, deadline: number, updatedAt: number): CaseState {
  const r = applyCaseEvent(undefined, { ...reported(id), at: new Date(updatedAt).toISOString(), deadline: new Date(deadline).toISOString() });
  if (!r.ok) throw new Error(r.message);
  return r.state;
}

describe('overdue marks', () => {
  it('are the same whoever raises them and when', () => {
    const deadline = Date.parse('2026-11-20T10:00:00Z');
    const open = [openCase('OD-1', deadline, deadline - 3_600_000)];
    const early = overdueEvents(open, deadline + 1_000);
    const late = overdueEvents(open, deadline + 86_400_000); // a node that looks a day later
    expect(early).toHaveLength(1);
    expect(late).toEqual(early);
    // dated when the case went overdue, and legal on the case
    expect(early[0]).toMatchObject({ eventId: `OD-1:overdue:${deadline}`, at: new Date(deadline).toISOString() });
    expect(applyCaseEvent(open[0], early[0]!).ok).toBe(true);
  });

  it("are never dated before the case's last change", () => {
    const deadline = Date.parse('2026-11-20T10:00:00Z');
    const changed = deadline + 600_000; // a step recorded after the deadline passed
    const [mark] = overdueEvents([{ ...openCase('OD-2', deadline, deadline - 3_600_000), updatedAt: changed }], changed + 1_000);
    expect(mark!.at).toBe(new Date(changed).toISOString());
    expect(overdueEvents([openCase('OD-3', deadline, deadline - 1)], deadline - 1)).toEqual([]);
  });
});
