// Deadlines counted through a year whose official holiday schedule was not yet known are counted
// again whenever the calendar changes (a year loaded, a start): for each open case the department
// still owes, whose deadline is provisional and still ahead, the same rule from the report gives the
// deadline by the calendar as it now is, stored as a `deadline_revised` event when it differs or is
// no longer provisional. The event is dated at the calendar's change (or the case's last change, if
// later) and its id is made of the case and the new deadline, so nodes that revise at once store it once.
import type { CaseEvent } from '../../shared/caseEvent.ts';
import { owes, type CaseState } from '../../shared/caseLifecycle.ts';
import type { SlaPolicy } from '../../shared/slaRules.ts';

export function deadlineRevisions(open: Iterable<CaseState>, sla: Pick<SlaPolicy, 'deadlineJudged'>, changedAt: number, now: number): CaseEvent[] {
  const events: CaseEvent[] = [];
  for (const s of open) {
    if (!s.deadlineProvisional || !owes(s) || s.deadline <= now) continue;
    const { at, provisional } = sla.deadlineJudged(s.urgency, s.category, s.reportedAt);
    if (at === s.deadline && provisional) continue;
    events.push({
      eventId: `${s.caseId}:deadline-revised:${at}${provisional ? ':p' : ''}`,
      caseId: s.caseId,
      type: 'deadline_revised',
      at: new Date(Math.max(changedAt, s.updatedAt)).toISOString(),
      deadline: new Date(at).toISOString(),
      provisional,
    });
  }
  return events;
}
