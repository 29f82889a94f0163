// Read API for drill-down and scoped walls, with a read key (screen, presenter, leader, admin), within its scope: a region's place in the tree,
// its children with live counts, its grid workers (names masked) and its open cases; and
// point -> grid lookup. Nothing here identifies a citizen: open cases carry no free text.
import { Router } from 'express';
import { z } from 'zod';
import { lonLatSchema } from '../../shared/caseEvent.ts';
import { owes } from '../../shared/caseLifecycle.ts';
import { maskPersonName } from '../../shared/masking.ts';
import type { GridIndex } from '../geo/gridIndex.ts';
import type { RegionNode, RegionTree } from '../geo/regionTree.ts';
import type { GridWorker } from '../geo/workerRoster.ts';
import type { CaseProjection } from '../projections/caseProjection.ts';
import { KPI_PERIODS, regionKpis } from '../projections/regionKpis.ts';
import type { WorkerPositions } from '../projections/workerPositions.ts';
import { validationRefusal } from '../../shared/refusal.ts';
import { ApiError } from './apiError.ts';
import { READ_ROLES } from '../../shared/access.ts';
import { principalOf, requireWithin, type Authorizer } from './authorize.ts';

const MAX_LISTED = 200;
const regionCode = z
  .string()
  .regex(/^12\d{2}(\d{2}(\d{3}(\d{3}(\d{3})?)?)?)?$/, 'a region code: 4 (city), 6 (district), 9 (street), 12 (community) or 15 (grid) digits');
const lonLatQuery = z.strictObject({ lon: z.coerce.number().pipe(lonLatSchema.shape.lon), lat: z.coerce.number().pipe(lonLatSchema.shape.lat) });

const summary = (n: RegionNode) => ({ code: n.code, name: n.name, level: n.level, kind: n.kind });

const kpiQuery = z.strictObject({ region: regionCode.optional(), period: z.enum(KPI_PERIODS).default('today') });

export function regionRoutes(deps: {
  auth: Authorizer;
  tree: RegionTree;
  grids: GridIndex;
  roster: readonly GridWorker[];
  cases: CaseProjection;
  workers: WorkerPositions;
  dueSoonMs: number;
}): Router {
  const { tree, grids, roster, cases, workers } = deps;
  const router = Router();
  const auth = deps.auth.require(READ_ROLES, 'a screen token', 'read');

  router.get('/api/v1/regions/:code', auth, (req, res) => {
    const parsed = regionCode.safeParse(req.params.code);
    if (!parsed.success) throw validationRefusal(parsed.error, 'region code');
    requireWithin(principalOf(res), parsed.data);
    const region = tree.get(parsed.data);
    if (!region) throw new ApiError(404, 'unknown_region', `no region ${parsed.data} in the geography (version ${grids.version})`);
    const now = Date.now();
    const open = cases.openCases().filter((c) => c.gridCode.startsWith(region.code));
    const openIn = (code: string) => open.reduce((n, c) => n + (c.gridCode.startsWith(code) ? 1 : 0), 0);
    const online = (id: string) => workers.isOnline(id, now);
    const staff = roster.filter((w) => w.gridCode.startsWith(region.code));
    // 当前超期 as the KPI rulebook and the wall count it: owed cases past their deadline (a case
    // resolved and awaiting its check is past handling, whatever its deadline)
    const overdue = open.filter((c) => owes(c) && c.deadline < now).length;
    res.json({
      region: { ...summary(region), parent: region.parent, center: region.center, residents: region.residents, grids: region.gridCount },
      path: tree.path(region.code).map(summary),
      children: region.children
        .map((code) => tree.get(code)!)
        .map((c) => ({ ...summary(c), center: c.center, residents: c.residents, grids: c.gridCount, openCases: openIn(c.code) })),
      workers: {
        total: staff.length,
        online: staff.filter((w) => online(w.id)).length,
        // a list only where it is short enough to read: a community or a grid
        list:
          staff.length <= MAX_LISTED
            ? staff.map((w) => ({ id: w.id, name: maskPersonName(w.name), role: w.role, gridCode: w.gridCode, online: online(w.id) }))
            : null,
      },
      openCases: {
        total: open.length,
        overdue,
        // the most pressing first
        list: open
          .sort((a, b) => a.deadline - b.deadline)
          .slice(0, MAX_LISTED)
          .map((c) => ({
            caseId: c.caseId,
            status: c.status,
            category: c.category,
            urgency: c.urgency,
            source: c.source,
            gridCode: c.gridCode,
            reportedAt: new Date(c.reportedAt).toISOString(),
            deadline: new Date(c.deadline).toISOString(),
            overdue: owes(c) && c.deadline < now,
          })),
      },
    });
  });

  router.get('/api/v1/kpis', auth, (req, res) => {
    const parsed = kpiQuery.safeParse(req.query);
    if (!parsed.success) throw validationRefusal(parsed.error, 'query');
    // without a region: the key's whole scope
    const code = parsed.data.region ?? principalOf(res).scope;
    requireWithin(principalOf(res), code);
    const region = tree.get(code);
    if (!region) throw new ApiError(404, 'unknown_region', `no region ${code} in the geography (version ${grids.version})`);
    res.json({
      region: summary(region),
      ...regionKpis({
        cube: cases.cube,
        openCases: cases.openCases(),
        grids: region.level === 'city' ? undefined : grids.gridsIn(region.code),
        regionCode: region.code,
        period: parsed.data.period,
        now: Date.now(),
        dueSoonMs: deps.dueSoonMs,
      }),
    });
  });

  router.get('/api/v1/locate', auth, (req, res) => {
    const parsed = lonLatQuery.safeParse(req.query);
    if (!parsed.success) throw validationRefusal(parsed.error, 'query');
    const grid = grids.locate(parsed.data.lon, parsed.data.lat);
    if (!grid) throw new ApiError(404, 'outside_city', `(${parsed.data.lon}, ${parsed.data.lat}) lies outside every grid of the city`);
    requireWithin(principalOf(res), grid.code);
    res.json({ grid: { code: grid.code, name: grid.name }, path: tree.path(grid.code).map(summary) });
  });

  return router;
}
