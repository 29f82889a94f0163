// One case's history over HTTP, with a read key within whose scope the case lies: its state and every step folded from the
// log (the source of truth, so it is the same on every node and for a case closed long ago), each
// step timed against the report and the deadline; every free text masked before it leaves. A leader or
// admin key may ask for the record unmasked (?full=true), and every such read is audited.
import { Router } from 'express';
import { z } from 'zod';
import type { CaseEvent } from '../../shared/caseEvent.ts';
import type { CaseHistory, CaseHistoryStep, CasePlaceLevel } from '../../shared/caseHistory.ts';
import { applyCaseEvent, isOpen, type CaseState } from '../../shared/caseLifecycle.ts';
import { maskPersonalData } from '../../shared/masking.ts';
import { CITY_CODE } from '../../shared/regions.ts';
import { caseIdSchema } from '../../shared/wallControl.ts';
import type { RegionTree } from '../geo/regionTree.ts';
import type { EventStore, StoredCaseEvent } from '../store/eventStore.ts';
import { ApiError, validationError } from './apiError.ts';
import { FULL_RECORD_ROLES, READ_ROLES, aKey, withinScope } from '../../shared/access.ts';
import type { Audit } from '../auth/audit.ts';
import { addressOf, principalOf, type Authorizer } from './authorize.ts';

const fullQuery = z.strictObject({ full: z.enum(['true', 'false']).optional() });

export function caseRoutes(deps: { auth: Authorizer; audit: Audit; store: Pick<EventStore, 'readCaseEvents'>; tree: RegionTree; now?: () => number }): Router {
  const router = Router();
  const auth = deps.auth.require(READ_ROLES, 'a screen token', 'read');
  const now = deps.now ?? Date.now;

  router.get('/api/v1/cases/:id', auth, async (req, res) => {
    const parsed = caseIdSchema.safeParse(req.params.id);
    if (!parsed.success) throw validationError(parsed.error, 'case id');
    const query = fullQuery.safeParse(req.query);
    if (!query.success) throw validationError(query.error, 'query');
    const p = principalOf(res);
    const full = query.data.full === 'true';
    if (full && !FULL_RECORD_ROLES.includes(p.role)) {
      await deps.audit.record(p, 'case.read_full', parsed.data, false, { why: 'role' }, addressOf(req));
      throw new ApiError(403, 'forbidden', `${aKey(p.role)} sees cases masked; the full record needs a leader or admin key`);
    }
    const events = await deps.store.readCaseEvents(parsed.data);
    const history = events.length ? caseHistory(events, now(), deps.tree) : null;
    // a case outside the key's scope is as unknown as one never reported
    if (!history || !withinScope(history.gridCode, p.scope)) {
      throw new ApiError(404, 'unknown_case', `no case ${parsed.data} in the log${p.scope === CITY_CODE ? '' : ` within ${p.scope}`}`);
    }
    if (!full) return void res.json(history);
    await deps.audit.record(p, 'case.read_full', parsed.data, true, null, addressOf(req));
    // the events as stored: the citizen's own words, numbers and all
    res.set('cache-control', 'no-store').json({ ...history, events: events.map(({ seq, recordedAt, event }) => ({ seq, recordedAt: new Date(recordedAt).toISOString(), event })) });
  });

  return router;
}

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
      version: state.version, type: event.type, at: event.at, recordedAt: iso(recordedAt), status: state.status,
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
    caseId: c.caseId, status: c.status, category: c.category, urgency: c.urgency, source: c.source, summary, gridCode: c.gridCode,
    place: { district: level(c.gridCode.slice(0, 6)), street: level(c.gridCode.slice(0, 9)), community: level(c.gridCode.slice(0, 12)), grid: level(c.gridCode) },
    reportedAt: iso(c.reportedAt), acceptedAt: c.acceptedAt === null ? null : iso(c.acceptedAt), deadline: iso(c.deadline),
    closedAt: c.closedAt === null ? null : iso(c.closedAt),
    overdue: isOpen(c) && c.deadline < now,
    elapsedMs: (c.closedAt ?? now) - c.reportedAt,
    escalation: c.escalation,
    escalations: c.escalations.map((e) => ({ level: e.level, by: maskPersonalData(e.by), at: iso(e.at) })),
    extensions, extensionPending: c.extensionPending, satisfied: c.satisfied, rating: c.rating,
    steps,
    asOf: iso(now),
  };
}

/** Who acted and what they wrote, masked: free text may quote a citizen. */
function actorAndNote(event: CaseEvent): { who: string | null; note: string | null } {
  const mask = (text: string | undefined) => (text === undefined || text === '' ? null : maskPersonalData(text));
  switch (event.type) {
    case 'dispatched': return { who: mask(event.unit), note: null };
    case 'escalated': return { who: mask(event.by), note: null };
    case 'returned':
    case 'extension_requested': return { who: null, note: mask(event.reason) };
    case 'resolved': return { who: null, note: mask(event.note) };
    default: return { who: null, note: null };
  }
}

function detailOf(event: CaseEvent, before: CaseState | undefined): Pick<CaseHistoryStep, 'escalatedTo' | 'deadlineChange' | 'passed' | 'satisfied' | 'rating'> {
  switch (event.type) {
    case 'escalated': return { escalatedTo: event.level };
    case 'extension_granted': return { deadlineChange: { from: new Date(before!.deadline).toISOString(), to: new Date(Date.parse(event.until)).toISOString() } };
    case 'overdue': return { deadlineChange: { passed: new Date(Date.parse(event.deadline)).toISOString() } };
    case 'verified': return { passed: event.passed };
    case 'evaluated': return { satisfied: event.satisfied, rating: event.rating ?? null };
    default: return {};
  }
}
