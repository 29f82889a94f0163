// Every HTTP route of the server, in the order Express tries them: health and metrics, the keyed
// API by capability, this API's own description, the /api catch-all, the wall's pages and files,
// and the one error handler that answers every refusal in one JSON shape.
import type { Express } from 'express';
import type { Access } from '../auth/access.ts';
import type { Bus } from '../bus/bus.ts';
import type { Config } from '../config/config.ts';
import type { Geography } from '../geo/geography.ts';
import type { Ingest } from '../ingest/ingest.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { open311Routes } from '../open311/open311Routes.ts';
import { ownersOf } from '../open311/services.ts';
import type { LiveProjections } from '../projections/liveProjections.ts';
import type { Stores } from '../store/stores.ts';
import type { RehearsalCommandRunner, Rehearsals } from '../walls/rehearsals.ts';
import type { Walls } from '../walls/walls.ts';
import type { Webhooks } from '../webhooks/webhooks.ts';
import { adminRoutes } from './adminRoutes.ts';
import { ApiError, errorHandler } from './apiError.ts';
import { createAuthorizer, type Authorizer } from './authorize.ts';
import { calendarRoutes } from './calendarRoutes.ts';
import { departmentRoutes } from './departmentRoutes.ts';
import type { DepartmentRegistry } from '../../shared/departments.ts';
import { caseRoutes } from './caseRoutes.ts';
import { ingestRoutes } from './ingestRoutes.ts';
import { openApiRoutes } from './openapi/docsRoutes.ts';
import { regionRoutes } from './regionRoutes.ts';
import { rehearsalRoutes } from './rehearsalRoutes.ts';
import { scopeRoutes } from './scopeRoutes.ts';
import { wallPages } from './wallPages.ts';
import { wallRoutes } from './wallRoutes.ts';
import { workerRoutes } from './workerRoutes.ts';
import type { Router } from 'express';

export function mountRoutes(
  app: Express,
  deps: {
    config: Config;
    stores: Pick<Stores, 'log' | 'tracks'>;
    access: Access;
    geography: Geography;
    /** The department registry and its duty list (config/departments.json). */
    departments: DepartmentRegistry;
    projections: LiveProjections;
    ingest: Ingest;
    walls: Walls;
    /** The rehearsal running and the one audited way to start or stop one. */
    rehearsals: Rehearsals;
    rehearse: RehearsalCommandRunner;
    bus: Pick<Bus, 'status'>;
    webhooks?: Webhooks;
    /** The phones' HTTP twin of their socket namespace (server/device). */
    deviceRoutes(auth: Authorizer): Router;
    /** How stale a scope's trends and alerts may be when read over HTTP. */
    maxAgeMs: { trends: number; alerts: number };
    logger: Logger;
    metrics: Metrics;
  },
): void {
  const { config, stores, access, geography, projections, ingest, walls, logger, metrics } = deps;
  const { tree, grids, roster } = geography;
  const auth = createAuthorizer(access.keys, access.limits);
  const ingestCases = ingest.cases.ingest;

  app.get('/healthz', (_req, res) => {
    const b = deps.bus.status();
    // degraded: cut off from the other nodes (it still serves, and reads the log for their commits)
    res.json({
      status: b.connected ? 'ok' : 'degraded',
      seq: projections.cases.lastSeq(),
      node: b.node,
      bus: b,
      calendar: ingest.calendar.status(),
      ...(deps.webhooks && { webhooks: deps.webhooks.status() }),
    });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.use(ingestRoutes({ auth, metrics, ingestCases, ingestPositions: ingest.positions }));
  app.use(deps.deviceRoutes(auth));
  app.use(workerRoutes({ auth, tracks: stores.tracks, workerGrid: geography.rosterGrid }));
  app.use(regionRoutes({ auth, tree, grids, roster, cases: projections.cases, workers: projections.workers, dueSoonMs: config.sla.dueSoonMs }));
  app.use(wallRoutes({ auth, walls: walls.layouts }));
  app.use(rehearsalRoutes({ auth, rehearsals: deps.rehearsals, rehearse: deps.rehearse }));
  app.use(caseRoutes({ auth, audit: access.audit, log: stores.log, tree }));
  app.use(calendarRoutes({ auth, calendar: ingest.calendar, audit: access.audit }));
  app.use(departmentRoutes({ auth, departments: deps.departments, cases: projections.cases, isRegion: geography.isScope }));
  app.use(
    adminRoutes({
      auth,
      keys: access.keys,
      audit: access.audit,
      wallExists: (id) => walls.layouts.get(id) !== undefined,
      workerGrid: geography.rosterGrid,
      regionIsScope: geography.isScope,
    }),
  );
  app.use(scopeRoutes({ auth, tree, geoVersion: grids.version, views: projections.views, maxAgeMs: deps.maxAgeMs }));
  // this API's OpenAPI document and its rendered page, before the /api 404 (no key: they hold no data)
  app.use(openApiRoutes());
  app.use(
    open311Routes({
      auth,
      log: stores.log,
      tree,
      grids,
      ingestCases,
      openCases: () => projections.cases.eachOpenCase(),
      logger,
      refusals: access.refusals,
      ownerOf: ownersOf(deps.departments),
    }),
  );
  app.use('/api', (req, _res, next) =>
    next(new ApiError(404, 'not_found', `no ${req.method} ${req.originalUrl.split('?')[0]} in this API (see docs/http-api.md, or /api/docs)`)),
  );
  app.use(wallPages(config.clientDir, config.publicDir, { mapStyleUrl: config.mapStyleUrl }));
  app.use(errorHandler(logger, access.refusals));
}
