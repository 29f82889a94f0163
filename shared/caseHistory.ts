// One case's state and whole history as GET /api/v1/cases/:id answers it (for the wall's spotlight
// and the presenter console): every step with who handled it, the time it took and the time left
// against the deadline. Every free text in it is masked at the server (invariant 7).
import type { CaseEventType, EscalationLevel, SourceChannel, Urgency } from './caseEvent.ts';
import type { CaseStatus } from './caseLifecycle.ts';

/** A region the case lies in, from the geography (null where the geography does not know it). */
export interface CasePlaceLevel {
  code: string;
  name: string;
}

export interface CaseHistoryStep {
  /** The case's version after this step: 1 for the report. */
  version: number;
  type: CaseEventType;
  /** When it happened (ISO 8601). */
  at: string;
  /** When the server stored it (ISO 8601): a late report shows here. */
  recordedAt: string;
  /** The case's status after this step. */
  status: CaseStatus;
  /** The department or unit that acted, where the event names one (dispatched to, escalated by); masked. */
  who: string | null;
  /** The event's free text (a return's or extension request's reason, a resolution note); masked. */
  note: string | null;
  /** Since the previous step (null for the report). */
  sincePreviousMs: number | null;
  /** Since the report. */
  sinceReportMs: number;
  /** The deadline in force after this step (an extension moves it). */
  deadline: string;
  /** Time left to that deadline at this step; negative once it has passed. */
  remainingMs: number;
  /** escalated: the level it went to. */
  escalatedTo?: EscalationLevel;
  /** extension_granted: the new deadline; overdue: the deadline that passed. */
  deadlineChange?: { from: string; to: string } | { passed: string };
  /** verified: whether the resolution passed. */
  passed?: boolean;
  /** evaluated: the citizen's verdict. */
  satisfied?: boolean;
  rating?: number | null;
}

export interface CaseHistory {
  caseId: string;
  status: CaseStatus;
  /** A sub-category code (shared/categories.ts). */
  category: string;
  urgency: Urgency;
  source: SourceChannel;
  /** The report's text, masked. */
  summary: string;
  gridCode: string;
  place: { district: CasePlaceLevel | null; street: CasePlaceLevel | null; community: CasePlaceLevel | null; grid: CasePlaceLevel | null };
  reportedAt: string;
  acceptedAt: string | null;
  deadline: string;
  closedAt: string | null;
  /** Owed by the department (not yet resolved) and past its deadline at `asOf`. */
  overdue: boolean;
  /** From the report to the closure, or to `asOf` while open. */
  elapsedMs: number;
  escalation: EscalationLevel;
  /** Every "whistle", oldest first; `by` masked. */
  escalations: { level: EscalationLevel; by: string; at: string }[];
  /** How many extensions were granted. */
  extensions: number;
  extensionPending: boolean;
  satisfied: boolean | null;
  rating: number | null;
  /** Every step, oldest first (the report first). */
  steps: CaseHistoryStep[];
  /** The server time this answer was judged at. */
  asOf: string;
}
