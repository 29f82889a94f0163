// One case's history over HTTP, with a read key within whose scope the case lies: its state and every step folded from the
// log (the source of truth, so it is the same on every node and for a case closed long ago), each
// step timed against the report and the deadline; every free text masked before it leaves. A leader or
// admin key may ask for the record unmasked (?full=true), and every such read is audited.
import { Router } from 'express';
import { z } from 'zod';
import { CITY_CODE } from '../../shared/regions.ts';
import { caseIdSchema } from '../../shared/wallControl.ts';
import type { RegionTree } from '../geo/regionTree.ts';
import { caseHistory } from '../projections/caseHistory.ts';
import type { EventLog } from '../store/eventLog.ts';
import { validationRefusal } from '../../shared/refusal.ts';
import { ApiError } from './apiError.ts';
import { FULL_RECORD_ROLES, READ_ROLES, aKey, withinScope } from '../../shared/access.ts';
import type { Audit } from '../auth/audit.ts';
import { addressOf, principalOf, type Authorizer } from './authorize.ts';

const fullQuery = z.strictObject({ full: z.enum(['true', 'false']).optional() });

export function caseRoutes(deps: { auth: Authorizer; audit: Audit; log: Pick<EventLog, 'readCaseEvents'>; tree: RegionTree; now?: () => number }): Router {
  const router = Router();
  const auth = deps.auth.require(READ_ROLES, 'a screen token', 'read');
  const now = deps.now ?? Date.now;

  router.get('/api/v1/cases/:id', auth, async (req, res) => {
    const parsed = caseIdSchema.safeParse(req.params.id);
    if (!parsed.success) throw validationRefusal(parsed.error, 'case id');
    const query = fullQuery.safeParse(req.query);
    if (!query.success) throw validationRefusal(query.error, 'query');
    const p = principalOf(res);
    const full = query.data.full === 'true';
    if (full && !FULL_RECORD_ROLES.includes(p.role)) {
      await deps.audit.record(p, 'case.read_full', parsed.data, false, { why: 'role' }, addressOf(req));
      throw new ApiError(403, 'forbidden', `${aKey(p.role)} sees cases masked; the full record needs a leader or admin key`);
    }
    const events = await deps.log.readCaseEvents(parsed.data);
    const history = events.length ? caseHistory(events, now(), deps.tree) : null;
    // a case outside the key's scope is as unknown as one never reported
    if (!history || !withinScope(history.gridCode, p.scope)) {
      throw new ApiError(404, 'unknown_case', `no case ${parsed.data} in the log${p.scope === CITY_CODE ? '' : ` within ${p.scope}`}`);
    }
    if (!full) return void res.json(history);
    await deps.audit.record(p, 'case.read_full', parsed.data, true, null, addressOf(req));
    // the events as stored: the citizen's own words, numbers and all
    res
      .set('cache-control', 'no-store')
      .json({ ...history, events: events.map(({ seq, recordedAt, event }) => ({ seq, recordedAt: new Date(recordedAt).toISOString(), event })) });
  });

  return router;
}
