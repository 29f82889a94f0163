// The closed loop of a case, as a pure state machine over plain data.
//   reported -> accepted -> dispatched -> in_progress -> resolved -> verified -> closed (evaluated)
//   dispatched/in_progress -> returned -> dispatched        (sent back to the dispatcher)
//   dispatched/in_progress/escalated -> escalated            ("whistle": street -> district -> city)
//   verified -> dispatched                                   (回访 unsatisfied: re-handled, 重办, with a new deadline)
//   extension requested / granted: the status stays, the deadline moves.
//   overdue (raised by the server when a case the department still owes passes its deadline, or
//     for one resolved after it before the mark was raised): the status stays.
//   evaluated by default (raised by the server when nobody rated a verified case in time): closed, 默认满意.
// The department's clock runs from the report until it resolves the case (办结): a resolved or
// verified case is not owed and cannot go overdue; a failed verification or an unsatisfied visit
// puts it back on the clock (docs/kpi-rulebook.md "The department's clock").
// A report carries its deadline (decided at ingest by the time-limit rules), so folding the log
// never depends on configuration.
import { legacyDeadline } from './slaRules.ts';
import { urgencyOf, visitResultOf, type CaseEvent, type EscalationLevel, type SourceChannel, type Urgency, type VisitResult } from './caseEvent.ts';

export const CASE_STATUSES = ['reported', 'accepted', 'returned', 'dispatched', 'in_progress', 'escalated', 'resolved', 'verified', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const OPEN_STATUSES: ReadonlySet<CaseStatus> = new Set(CASE_STATUSES.filter((s) => s !== 'closed'));

/** The statuses in which the department still owes work: only these run against the deadline. */
export const OWING_STATUSES: ReadonlySet<CaseStatus> = new Set(['reported', 'accepted', 'returned', 'dispatched', 'in_progress', 'escalated']);
/** Whether the department still owes work on the case (its deadline can pass). */
export const owes = (state: Pick<CaseState, 'status'>) => OWING_STATUSES.has(state.status);
/**
 * Resolved (or verified) after its deadline, and not yet marked overdue for it: the mark a watch
 * looking once a second can miss is still owed to the record (the case did pass its deadline while owed).
 */
export const resolvedLateUnmarked = (state: Pick<CaseState, 'status' | 'resolvedAt' | 'deadline' | 'overdueFor'>) =>
  (state.status === 'resolved' || state.status === 'verified') &&
  state.resolvedAt !== null &&
  state.resolvedAt > state.deadline &&
  state.overdueFor !== state.deadline;

export const ESCALATION_LEVELS = ['street', 'district', 'city'] as const;

/** Which statuses each event type may start from (null: the case must not exist yet). */
export const LEGAL_FROM: Record<CaseEvent['type'], readonly (CaseStatus | null)[]> = {
  reported: [null],
  accepted: ['reported'],
  dispatched: ['accepted', 'returned', 'escalated'],
  returned: ['dispatched', 'in_progress'],
  started: ['dispatched'],
  escalated: ['dispatched', 'in_progress', 'escalated'],
  extension_requested: ['dispatched', 'in_progress'],
  extension_granted: ['dispatched', 'in_progress'],
  resolved: ['in_progress', 'escalated'],
  verified: ['resolved'],
  evaluated: ['verified'],
  overdue: [...OWING_STATUSES],
  deadline_revised: [...OWING_STATUSES],
};

/** Every event type, in the order of the loop (for an enum in a schema or a document). */
export const CASE_EVENT_TYPES = Object.keys(LEGAL_FROM) as [CaseEvent['type'], ...CaseEvent['type'][]];

export interface CaseState {
  caseId: string;
  /** Number of events applied; the next event gets version + 1. */
  version: number;
  status: CaseStatus;
  gridCode: string;
  category: string;
  urgency: Urgency;
  source: SourceChannel;
  reportedAt: number;
  deadline: number;
  escalation: EscalationLevel;
  /** Every "whistle": the level it went to, who blew it, when. */
  escalations: { level: EscalationLevel; by: string; at: number }[];
  extensionPending: boolean;
  /** The deadline was counted through a year without an official holiday schedule: it is revised once that is loaded. */
  deadlineProvisional: boolean;
  /** When the case was last resolved (办结; null until then). */
  resolvedAt: number | null;
  /** How many times an unsatisfied return visit sent it back for re-handling (重办). */
  rehandled: number;
  /** The latest return visit's result (null: none yet). */
  visitResult: VisitResult | null;
  /** Closed by the server as 默认满意: nobody rated it within the rating window. */
  closedByDefault: boolean;
  /** When the case was first accepted (null until then). */
  acceptedAt: number | null;
  /** The deadline an overdue event was raised for (null: none yet for the current deadline). */
  overdueFor: number | null;
  closedAt: number | null;
  satisfied: boolean | null;
  /** The citizen's rating 1-5, where the evaluation gave one. */
  rating: number | null;
  updatedAt: number;
}

export type TransitionResult =
  | { ok: true; state: CaseState }
  | { ok: false; code: 'illegal_transition' | 'unknown_case' | 'case_exists' | 'out_of_order' | 'stale_version' | 'deadline_in_past'; message: string };

/** Applies one event to a case (undefined for a case not seen yet). Pure. */
export function applyCaseEvent(state: CaseState | undefined, event: CaseEvent): TransitionResult {
  const at = Date.parse(event.at);
  const expected = (state?.version ?? 0) + 1;
  if (event.caseVersion !== undefined && event.caseVersion !== expected) {
    return fail(
      'stale_version',
      `case ${event.caseId} is at version ${expected - 1}; this event was written for version ${event.caseVersion - 1} -> ${event.caseVersion} and is stale`,
    );
  }
  if (event.type === 'reported') {
    if (state) return fail('case_exists', `case ${event.caseId} was already reported`);
    const deadline = event.deadline ? Date.parse(event.deadline) : legacyDeadline(urgencyOf(event.urgency), at);
    if (deadline <= at) return fail('deadline_in_past', `the deadline ${event.deadline} is not after the report at ${event.at}`);
    return {
      ok: true,
      state: {
        caseId: event.caseId,
        version: 1,
        status: 'reported',
        gridCode: event.gridCode,
        category: event.category,
        urgency: urgencyOf(event.urgency),
        source: event.source,
        reportedAt: at,
        deadline,
        escalation: 'street',
        escalations: [],
        extensionPending: false,
        acceptedAt: null,
        deadlineProvisional: event.deadlineProvisional === true,
        resolvedAt: null,
        rehandled: 0,
        visitResult: null,
        closedByDefault: false,
        overdueFor: null,
        closedAt: null,
        satisfied: null,
        rating: null,
        updatedAt: at,
      },
    };
  }
  if (!state) return fail('unknown_case', `case ${event.caseId} has not been reported`);
  if (!LEGAL_FROM[event.type].includes(state.status) && !(event.type === 'overdue' && resolvedLateUnmarked(state))) {
    return fail('illegal_transition', `case ${event.caseId} is ${state.status}; '${event.type}' is allowed only from ${LEGAL_FROM[event.type].join(', ')}`);
  }
  if (at < state.updatedAt) {
    return fail('out_of_order', `event at ${event.at} is older than the case's last change at ${new Date(state.updatedAt).toISOString()}`);
  }
  if (event.type === 'overdue') {
    const deadline = Date.parse(event.deadline);
    if (deadline !== state.deadline || at < deadline || state.overdueFor === deadline) {
      return fail('illegal_transition', `case ${event.caseId} is not newly overdue for ${event.deadline}`);
    }
    return ok({ ...state, version: state.version + 1, overdueFor: deadline }); // not a change of the case: updatedAt stays
  }
  if (event.type === 'deadline_revised') {
    const deadline = Date.parse(event.deadline);
    const overdueFor = deadline === state.deadline ? state.overdueFor : null;
    return ok({ ...state, version: state.version + 1, deadline, deadlineProvisional: event.provisional, overdueFor }); // the server's recount: updatedAt stays
  }
  const next: CaseState = { ...state, version: state.version + 1, updatedAt: at };
  switch (event.type) {
    case 'accepted':
      return ok({ ...next, status: 'accepted', acceptedAt: state.acceptedAt ?? at });
    case 'dispatched':
      return ok({ ...next, status: 'dispatched' });
    case 'returned':
      return ok({ ...next, status: 'returned' });
    case 'started':
      return ok({ ...next, status: 'in_progress' });
    case 'escalated': {
      const from = ESCALATION_LEVELS.indexOf(state.escalation);
      if (ESCALATION_LEVELS.indexOf(event.level) <= from) {
        return fail('illegal_transition', `case ${event.caseId} is already at ${state.escalation} level; escalation must go up (street -> district -> city)`);
      }
      return ok({
        ...next,
        status: 'escalated',
        escalation: event.level,
        escalations: [...(state.escalations ?? []), { level: event.level, by: event.by, at }],
      });
    }
    case 'extension_requested':
      if (state.extensionPending) return fail('illegal_transition', `case ${event.caseId} already has an extension request pending`);
      return ok({ ...next, extensionPending: true });
    case 'extension_granted': {
      if (!state.extensionPending) return fail('illegal_transition', `case ${event.caseId} has no extension request to grant`);
      const until = Date.parse(event.until);
      if (until <= state.deadline)
        return fail('deadline_in_past', `the new deadline ${event.until} is not later than the current one, ${new Date(state.deadline).toISOString()}`);
      if (until <= at) return fail('deadline_in_past', `the new deadline ${event.until} is not after the grant at ${event.at}`);
      return ok({ ...next, extensionPending: false, deadline: until, deadlineProvisional: false, overdueFor: null });
    }
    case 'resolved':
      return ok({ ...next, status: 'resolved', resolvedAt: at });
    case 'verified':
      return ok({ ...next, status: event.passed ? 'verified' : 'in_progress' });
    case 'evaluated': {
      const visitResult = visitResultOf(event);
      const rating = ('rating' in event ? event.rating : undefined) ?? null;
      const rehandleBy = 'rehandleBy' in event && event.rehandleBy ? Date.parse(event.rehandleBy) : null;
      // an unsatisfied citizen's case goes back to the department with a new deadline (a log written
      // before re-handling existed has no `rehandleBy`: there it closed, and still does)
      if (visitResult === 'unsatisfied' && rehandleBy !== null) {
        if (rehandleBy <= at)
          return fail('deadline_in_past', `the re-handling deadline ${new Date(rehandleBy).toISOString()} is not after the visit at ${event.at}`);
        return ok({
          ...next,
          status: 'dispatched',
          deadline: rehandleBy,
          overdueFor: null,
          rehandled: state.rehandled + 1,
          visitResult,
          satisfied: false,
          rating,
        });
      }
      const satisfied = visitResult !== 'unsatisfied';
      return ok({ ...next, status: 'closed', closedAt: at, satisfied, rating, visitResult, closedByDefault: 'byDefault' in event });
    }
  }
  return fail('illegal_transition', `unknown event type`);
}

export function isOpen(state: Pick<CaseState, 'status'>): boolean {
  return OPEN_STATUSES.has(state.status);
}

const ok = (state: CaseState): TransitionResult => ({ ok: true, state });
const fail = (code: Exclude<TransitionResult, { ok: true }>['code'], message: string): TransitionResult => ({ ok: false, code, message });
