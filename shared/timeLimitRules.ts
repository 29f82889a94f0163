// The platform's time-limit rules that need the work calendar, checked when a source's event is
// taken in (the lifecycle itself stays free of configuration): an extension is asked for at least
// `extensionNoticeWorkingDays` working days before the deadline (Jinnan 8890's work rules: 1) and
// granted before the deadline passes; an unsatisfied return visit sends the case back with a new
// deadline, the same limit as its urgency class counted from the visit. Worked examples in
// docs/kpi-rulebook.md "Extensions" and "Return visits and re-handling".
import type { CaseEvent } from './caseEvent.ts';
import { visitResultOf } from './caseEvent.ts';
import type { CaseState } from './caseLifecycle.ts';
import type { SlaPolicy } from './slaRules.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** Why the event comes too late for the case's deadline (null: in time). */
export function timeLimitRefusal(state: CaseState | undefined, event: CaseEvent, sla: SlaPolicy): string | null {
  if (!state) return null;
  const at = Date.parse(event.at);
  if (event.type === 'extension_requested' && !sla.extensionInTime(at, state.deadline)) {
    return `case ${event.caseId} is due at ${iso(state.deadline)}; an extension must be asked for at least ${sla.extensionNoticeWorkingDays} working day(s) before the deadline, and ${event.at} is later than that`;
  }
  if (event.type === 'extension_granted' && at > state.deadline) {
    return `case ${event.caseId} passed its deadline at ${iso(state.deadline)}; an extension cannot be granted after the deadline (it would turn a late case into an on-time one)`;
  }
  return null;
}

/** The event as it is stored: an unsatisfied visit carries the re-handling deadline (unless its source set one). */
export function withRehandleDeadline(state: CaseState | undefined, event: CaseEvent, sla: SlaPolicy): CaseEvent {
  if (!state || event.type !== 'evaluated' || 'byDefault' in event || event.rehandleBy !== undefined) return event;
  if (visitResultOf(event) !== 'unsatisfied') return event;
  return { ...event, rehandleBy: iso(sla.deadlineFor(state.urgency, state.category, Date.parse(event.at))) };
}
