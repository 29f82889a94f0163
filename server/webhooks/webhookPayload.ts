// What an integrator receives for one alert: the event, and the case as a wall may see it at that
// moment (folded from the log up to the event, so a retry days later sends the same body), with
// nothing that identifies a citizen: place names down to the grid, never an address; the report's
// text only where the endpoint asks for it, and then masked as the wall masks it; who escalated,
// masked like every free text (invariant 7).
import type { CaseEventType, EscalationLevel, SourceChannel, Urgency } from '../../shared/caseEvent.ts';
import type { CasePlaceLevel } from '../../shared/caseHistory.ts';
import type { CaseStatus } from '../../shared/caseLifecycle.ts';
import { categoryOf } from '../../shared/categories.ts';
import { maskPersonalData } from '../../shared/masking.ts';
import type { RegionTree } from '../geo/regionTree.ts';
import { caseHistory } from '../projections/caseHistory.ts';
import type { StoredCaseEvent } from '../../shared/caseEvent.ts';
import type { WebhookEventType } from '../config/webhooksFile.ts';

/** The log's event types that are alerts, by the name an integrator subscribes to. */
const ALERT_TYPES: Partial<Record<CaseEventType, WebhookEventType>> = { overdue: 'case.overdue', escalated: 'case.escalated' };

export const alertTypeOf = (event: StoredCaseEvent['event']): WebhookEventType | undefined => ALERT_TYPES[event.type];

export interface WebhookPayload {
  /** The delivery id: the event's id in the log, the same on every retry and from every node. Dedupe on it. */
  id: string;
  type: WebhookEventType;
  /** When it happened (an overdue mark: when the deadline passed). */
  occurredAt: string;
  /** When the log stored it. */
  recordedAt: string;
  case: {
    id: string;
    /** A sub-category code (and its names). */
    category: string;
    categoryName: string | null;
    categoryNameEn: string | null;
    urgency: Urgency;
    source: SourceChannel;
    /** The case's status right after this event. */
    status: CaseStatus;
    gridCode: string;
    place: { district: CasePlaceLevel | null; street: CasePlaceLevel | null; community: CasePlaceLevel | null; grid: CasePlaceLevel | null };
    reportedAt: string;
    /** The deadline in force at this event. */
    deadline: string;
    /** The level the case has been escalated to (street: not escalated). */
    escalation: EscalationLevel;
    /** The report's text, masked; only for an endpoint with includeSummary. */
    summary?: string;
  };
  /** case.overdue: the deadline that passed. */
  overdue?: { deadline: string };
  /** case.escalated: the level it went to, and who blew the whistle (masked). */
  escalation?: { level: EscalationLevel; by: string };
}

/**
 * The payload of the alert at `events.at(-1)`, from its case's events up to it (version order).
 * Pure: the same events give the same payload, byte for byte.
 */
export function webhookPayload(events: readonly StoredCaseEvent[], tree: RegionTree, includeSummary: boolean): WebhookPayload {
  const last = events.at(-1)!;
  const type = alertTypeOf(last.event);
  if (!type) throw new Error(`event ${last.event.eventId} (${last.event.type}) is not an alert`);
  const h = caseHistory(events, Date.parse(last.event.at), tree);
  const category = categoryOf(h.category);
  const e = last.event;
  return {
    id: e.eventId,
    type,
    occurredAt: new Date(Date.parse(e.at)).toISOString(),
    recordedAt: new Date(last.recordedAt).toISOString(),
    case: {
      id: h.caseId,
      category: h.category,
      categoryName: category?.name ?? null,
      categoryNameEn: category?.en ?? null,
      urgency: h.urgency,
      source: h.source,
      status: h.status,
      gridCode: h.gridCode,
      place: h.place,
      reportedAt: h.reportedAt,
      deadline: h.deadline,
      escalation: h.escalation,
      ...(includeSummary && { summary: h.summary }),
    },
    ...(e.type === 'overdue' && { overdue: { deadline: new Date(Date.parse(e.deadline)).toISOString() } }),
    ...(e.type === 'escalated' && { escalation: { level: e.level, by: maskPersonalData(e.by) } }),
  };
}
