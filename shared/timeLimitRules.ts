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

/** The time limit a source set in this event, and its field: a report's deadline, an extension's `until`, a re-handling's `rehandleBy`. */
function timeLimitOf(event: { type: string } & Record<string, unknown>): { field: string; at: string } | null {
  for (const field of ['deadline', 'until', 'rehandleBy']) if (typeof event[field] === 'string') return { field, at: event[field] as string };
  return null;
}

/**
 * Each time limit that lies further after its event than the horizon, as `{path, message}` (events
 * as a source sent them, indexed as in the batch).
 */
export function farTimeLimits(events: readonly ({ type: string; at: string } & object)[], horizonDays: number): { path: string; message: string }[] {
  return events.flatMap((e, i) => {
    const limit = timeLimitOf(e as { type: string } & Record<string, unknown>);
    if (!limit || Date.parse(limit.at) - Date.parse(e.at) <= horizonDays * 86_400_000) return [];
    const path = `events.${i}.${limit.field}`;
    return [
      { path, message: `${path}: ${limit.at} is more than ${horizonDays} days after the event (${e.at}); a time limit lies within ${horizonDays} days of it` },
    ];
  });
}

/** The event as it is stored: an unsatisfied visit carries the re-handling deadline (unless its source set one). */
export function withRehandleDeadline(state: CaseState | undefined, event: CaseEvent, sla: SlaPolicy): CaseEvent {
  if (!state || event.type !== 'evaluated' || 'byDefault' in event || event.rehandleBy !== undefined) return event;
  if (visitResultOf(event) !== 'unsatisfied') return event;
  return { ...event, rehandleBy: iso(sla.deadlineFor(state.urgency, state.category, Date.parse(event.at))) };
}
