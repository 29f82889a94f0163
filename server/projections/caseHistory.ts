// A case's history folded from its stored events: its state and every step, timed against the report
// and the deadline, every free text masked. One read model for the case route, Open311's service
// requests and the webhooks' payloads.
import { visitResultOf, type CaseEvent } from '../../shared/caseEvent.ts';
import type { CaseHistory, CaseHistoryStep, CasePlaceLevel } from '../../shared/caseHistory.ts';
import { applyCaseEvent, owes, type CaseState } from '../../shared/caseLifecycle.ts';
import { maskPersonalData } from '../../shared/masking.ts';
import type { RegionTree } from '../geo/regionTree.ts';
import type { StoredCaseEvent } from '../../shared/caseEvent.ts';

/** A case's history from its events in version order, judged at `now`. Pure. */
export function caseHistory(events: readonly StoredCaseEvent[], now: number, tree?: RegionTree): CaseHistory {
  const iso = (ms: number) => new Date(ms).toISOString();
  const steps: CaseHistoryStep[] = [];
  let state: CaseState | undefined;
  let summary = '';
  let extensions = 0;
  for (const { event, recordedAt } of events) {
    const result = applyCaseEvent(state, event);
    // the log holds only events the lifecycle accepted at ingest, in this order
    if (!result.ok) throw new Error(`the log's history of case ${event.caseId} does not fold at ${event.eventId}: ${result.message}`);
    const before = state;
    state = result.state;
    const at = Date.parse(event.at);
    if (event.type === 'reported') summary = maskPersonalData(event.summary);
    if (event.type === 'extension_granted') extensions += 1;
    steps.push({
      version: state.version,
      type: event.type,
      at: event.at,
      recordedAt: iso(recordedAt),
      status: state.status,
      ...actorAndNote(event),
      sincePreviousMs: before ? at - Date.parse(steps.at(-1)!.at) : null,
      sinceReportMs: at - state.reportedAt,
      deadline: iso(state.deadline),
      remainingMs: state.deadline - at,
      ...detailOf(event, before),
    });
  }
  const c = state!;
  const level = (code: string): CasePlaceLevel | null => {
    const node = tree?.get(code);
    return node ? { code: node.code, name: node.name } : null;
  };
  return {
    caseId: c.caseId,
    status: c.status,
    category: c.category,
    urgency: c.urgency,
    source: c.source,
    summary,
    gridCode: c.gridCode,
    place: {
      district: level(c.gridCode.slice(0, 6)),
      street: level(c.gridCode.slice(0, 9)),
      community: level(c.gridCode.slice(0, 12)),
      grid: level(c.gridCode),
    },
    reportedAt: iso(c.reportedAt),
    acceptedAt: c.acceptedAt === null ? null : iso(c.acceptedAt),
    deadline: iso(c.deadline),
    closedAt: c.closedAt === null ? null : iso(c.closedAt),
    overdue: owes(c) && c.deadline < now,
    elapsedMs: (c.closedAt ?? now) - c.reportedAt,
    escalation: c.escalation,
    escalations: c.escalations.map((e) => ({ level: e.level, by: maskPersonalData(e.by), at: iso(e.at) })),
    extensions,
    extensionPending: c.extensionPending,
    satisfied: c.satisfied,
    rating: c.rating,
    steps,
    asOf: iso(now),
  };
}

/** Who acted and what they wrote, masked: free text may quote a citizen. */
function actorAndNote(event: CaseEvent): { who: string | null; note: string | null } {
  const mask = (text: string | undefined) => (text === undefined || text === '' ? null : maskPersonalData(text));
  switch (event.type) {
    case 'dispatched':
      return { who: mask(event.unit), note: null };
    case 'escalated':
      return { who: mask(event.by), note: null };
    case 'returned':
    case 'extension_requested':
      return { who: null, note: mask(event.reason) };
    case 'resolved':
      return { who: null, note: mask(event.note) };
    default:
      return { who: null, note: null };
  }
}

function detailOf(
  event: CaseEvent,
  before: CaseState | undefined,
): Pick<CaseHistoryStep, 'escalatedTo' | 'deadlineChange' | 'passed' | 'satisfied' | 'rating'> {
  switch (event.type) {
    case 'escalated':
      return { escalatedTo: event.level };
    case 'extension_granted':
      return { deadlineChange: { from: new Date(before!.deadline).toISOString(), to: new Date(Date.parse(event.until)).toISOString() } };
    case 'overdue':
      return { deadlineChange: { passed: new Date(Date.parse(event.deadline)).toISOString() } };
    case 'deadline_revised':
      return { deadlineChange: { from: new Date(before!.deadline).toISOString(), to: new Date(Date.parse(event.deadline)).toISOString() } };
    case 'verified':
      return { passed: event.passed };
    case 'evaluated':
      return { satisfied: visitResultOf(event) !== 'unsatisfied', rating: ('rating' in event ? event.rating : undefined) ?? null };
    default:
      return {};
  }
}
