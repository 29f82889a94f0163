// Composes one Gridwall server: store -> ingest -> bus -> projections -> push, HTTP on one port.
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import proxyaddr from 'proxy-addr';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Config } from './config.ts';
import cors from 'cors';
import helmet from 'helmet';
import { openAccessKeys, REFRESH_MS, type Principal, type StartTokens } from './auth/accessKeys.ts';
import type { CommandLogEntry, WallCommand } from '../shared/wallControl.ts';
import { admitToken } from './auth/admit.ts';
import { createAudit } from './auth/audit.ts';
import { createRateLimits } from './auth/rateLimits.ts';
import { readLegacySecrets, removeLegacySecrets } from './auth/secrets.ts';
import { adminRoutes } from './http/adminRoutes.ts';
import { createAuthorizer } from './http/authorize.ts';
import { securityHeaders } from './http/securityHeaders.ts';
import { createMemoryBus } from './bus/memoryBus.ts';
import { createRedisBus } from './bus/redisBus.ts';
import { socketAdapter } from './bus/socketAdapter.ts';
import { connectRedis, redactRedisUrl } from './bus/redisClient.ts';
import type { Bus } from './bus/bus.ts';
import { loadGridIndex } from './geo/gridIndex.ts';
import { loadRegionTree } from './geo/regionTree.ts';
import { workerRoster } from './geo/workerRoster.ts';
import { ApiError, errorHandler } from './http/apiError.ts';
import { ingestRoutes } from './http/ingestRoutes.ts';
import { regionRoutes } from './http/regionRoutes.ts';
import { scopeRoutes } from './http/scopeRoutes.ts';
import { wallPages } from './http/wallPages.ts';
import { wallRoutes } from './http/wallRoutes.ts';
import { openApiRoutes } from './http/openapi/docsRoutes.ts';
import { loadWallLayouts } from './walls/wallLayouts.ts';
import { createWallControl } from './walls/wallControl.ts';
import { startConsolePush } from './push/consolePush.ts';
import { openPlaybackFeed } from './playback/playbackFeed.ts';
import { caseRoutes } from './http/caseRoutes.ts';
import { open311Routes } from './open311/open311Routes.ts';
import { parseScreen } from '../shared/wallLayout.ts';
import { createCaseIngest } from './ingest/caseIngest.ts';
import { createPositionIngest } from './ingest/positionIngest.ts';
import { createDeviceIngest } from './device/deviceIngest.ts';
import { deviceRoutes } from './device/deviceRoutes.ts';
import { startDeviceSockets } from './device/deviceSocket.ts';
import { workerRoutes } from './http/workerRoutes.ts';
import { createLogger, type Logger } from './observability/logger.ts';
import { createMetrics } from './observability/metrics.ts';
import { createRefusals } from './observability/refusals.ts';
import { createLogThrottle } from './observability/logThrottle.ts';
import { createCaseProjection } from './projections/caseProjection.ts';
import { rebuildFromLog } from './projections/rebuild.ts';
import { restoreCheckpoint } from './projections/checkpoint.ts';
import { CHECKPOINT_EVERY_EVENTS, startCheckpointWriter } from './timers/checkpointWriter.ts';
import { createWorkerPositions } from './projections/workerPositions.ts';
import { PUSH_TICKS, startWallPush, type PushTicks } from './push/wallPush.ts';
import { createScopeViews } from './projections/scopeViews.ts';
import { createSimulator } from './simulator/simulator.ts';
import { backfillHistory } from './simulator/backfill.ts';
import { openStores, storeLocation } from './store/openStores.ts';
import { startOverdueWatch } from './timers/overdueWatch.ts';
import { startTrackRetention } from './timers/trackRetention.ts';
import { startWebhooks } from './webhooks/webhooks.ts';
import { localLease, redisLease } from './webhooks/deliveryLease.ts';


export interface RunningGridwall {
  url: string;
  port: number;
  /** The tokens known in plain text at this start: made now (a new store) or given by the environment. */
  tokens: StartTokens;
  /** Whether this start made the first keys (printed once: only their hashes are stored). */
  keysCreated: boolean;
  logger: Logger;
  httpServer: HttpServer;
  /** The Express app, whose routes tests/integration/openapi.test.ts compares with the OpenAPI document. */
  app: ReturnType<typeof express>;
  stop(): Promise<void>;
}

/** What a test may change beyond the configuration: the trend and alert intervals. */
export interface GridwallOptions {
  pushTicks?: Partial<PushTicks>;
}

export async function startGridwall(config: Config, options: GridwallOptions = {}): Promise<RunningGridwall> {
  const logger = createLogger(config.logLevel);
  const walls = loadWallLayouts(config.wallsDir); // before anything opens: a bad layout stops the start
  const metrics = createMetrics();
  const stores = await openStores(config, { onIdleError: (err: Error) => logger.error({ err: err.message }, 'PostgreSQL idle connection dropped; the pool reconnects') });
  logger.info({ engine: stores.engine, at: storeLocation(config) }, 'store open');
  const legacy = config.database ? undefined : readLegacySecrets(config.dataDir);
  const keys = await openAccessKeys(stores.keys, { ingest: config.ingestKey, screen: config.screenToken, presenter: config.presenterToken, admin: config.adminToken }, { imported: legacy });
  if (legacy) {
    removeLegacySecrets(config.dataDir);
    logger.warn('secrets.json: its keys are now stored hashed and keep working; the plain-text file was deleted');
  }
  // scale-out: one Redis connection for Socket.IO's adapter and the limits shared by every node
  const shared = config.redis && { client: await connectRedis(config.redis.url, { offlineQueue: true }), prefix: config.redis.prefix };
  const limits = createRateLimits(config.rateLimits, shared);
  const refusals = createRefusals(logger, metrics);
  const admit = (token: string, address: string, what: string) => admitToken(keys, limits, address, token, what);
  const auth = createAuthorizer(keys, limits);
  const audit = createAudit(stores.audit, logger);
  // the built-in simulator posts with a key of its own, held by this process only
  const simulatorKey = keys.internal('ingest', 'built-in simulator');
  const grids = loadGridIndex(config.publicDir);
  const roster = workerRoster(grids.grids);
  const rosterGrid = new Map(roster.map((w) => [w.id, w.gridCode]));

  // Projections are derived: rebuild them from the log before serving.
  const gridCodes = grids.grids.map((g) => g.code);
  // Start from the latest checkpoint if there is a usable one, then fold the log's tail.
  let cases = createCaseProjection(grids.grids.length, grids.indexOf, gridCodes);
  const restored = await restoreCheckpoint(stores.checkpoints, stores.log, cases, grids.version).catch((err: Error) => ({ restored: false as const, why: err.message }));
  if (!restored.restored) {
    logger.info({ why: restored.why }, 'no projection checkpoint used: folding the whole log');
    cases = createCaseProjection(grids.grids.length, grids.indexOf, gridCodes); // a failed restore may have left half a state
  }
  const workers = createWorkerPositions({ heartbeatTimeoutMs: config.deviceOfflineAfterMs });
  const rebuilt = await rebuildFromLog(stores.log, cases);
  logger.info({ fromCheckpoint: restored.restored ? restored.seq : null, seq: cases.lastSeq(), events: rebuilt.events, ms: Math.round(rebuilt.ms), openCases: cases.openCases().length }, 'projections rebuilt from the log');
  const checkpoints = startCheckpointWriter({ checkpoints: stores.checkpoints, cases, geoVersion: grids.version, logger, savedSeq: restored.restored ? restored.seq : 0 });
  await checkpoints.save(CHECKPOINT_EVERY_EVENTS);

  // Scale-out (REDIS_URL): the nodes share the PostgreSQL log and tell each other through Redis
  const warnOnce = throttledWarn(logger);
  const bus: Bus = config.redis
    ? await createRedisBus({
      url: config.redis.url, prefix: config.redis.prefix, node: config.nodeName, maxLen: config.redis.streamMaxLen,
      startSeq: cases.lastSeq(), readEvents: (after, limit) => stores.log.readEvents(after, limit),
      warn: (message, err) => warnOnce(message, err), counted: (road, n) => metrics.busEvents.inc({ road }, n),
    })
    : createMemoryBus(config.nodeName);
  if (config.redis) logger.info({ node: config.nodeName, redis: redactRedisUrl(config.redis.url), prefix: config.redis.prefix }, 'scale-out: this node shares the log through Redis');

  const caseIngest = createCaseIngest({ log: stores.log, bus, grids, metrics, sla: config.sla });
  const app = express();
  app.disable('x-powered-by');
  if (config.trustProxy !== undefined) app.set('trust proxy', /^\d+$/.test(config.trustProxy) ? Number(config.trustProxy) : config.trustProxy);
  // sockets see the client's address the way Express does (TRUST_PROXY), for their rate limits and logs
  const clientAddress = (req: IncomingMessage): string => proxyaddr(req, app.get('trust proxy fn') as Parameters<typeof proxyaddr>[1]);
  app.use(helmet(securityHeaders(config.mapStyleUrl)));
  // CORS stays closed (no headers: a browser keeps other sites' pages out) unless origins are configured
  if (config.allowedOrigins.length) app.use('/api', cors({ origin: config.allowedOrigins, maxAge: 600 }));
  const httpServer = createServer(app);
  const tree = loadRegionTree(config.publicDir, grids.grids);
  // webhooks out, from the log and the cursors in the store; scaled out, only the lease holder delivers (a scope not in the geography stops the start)
  const webhooks = config.webhooks.length ? startWebhooks({
    endpoints: config.webhooks, stores, bus, tree, logger, metrics,
    lease: shared ? redisLease({ client: shared.client, prefix: shared.prefix, node: config.nodeName, warn: warnOnce }) : localLease(),
  }) : undefined;
  const childrenOf = (code: string) => (tree.get(code)?.children ?? []).map((c) => tree.get(c)!).filter((c) => c.level !== 'grid');
  const gridsIn = (code: string) => grids.gridsIn(code);
  const views = createScopeViews({ cases, childrenOf, gridsIn });
  const ticks: PushTicks = { ...PUSH_TICKS, ...options.pushTicks };
  /** A wall command from the console or a screen's keyboard, within the commanding key's scope, audited with the key. */
  const commandWall = async (wall: string, command: WallCommand, who: string, role: CommandLogEntry['role'], by: Principal, ip: string | null) => {
    const result = await control.command(wall, command, who, role, by.scope);
    await audit.record(by, 'wall.command', wall, result.ok, { type: command.type, by: who, ...(!result.ok && { code: result.code }) }, ip);
    return result;
  };
  const control = await createWallControl({ walls, wallStates: stores.walls, log: stores.log, regionExists: (code) => tree.get(code) !== undefined, logger });
  const push = startWallPush({
    httpServer, adapter: shared && socketAdapter(shared.client, shared.prefix), cases, workers, views, ticks, geoVersion: grids.version, logId: stores.log.logId, logger, metrics,
    admit, limits, refusals, clientAddress, allowedOrigins: config.allowedOrigins,
    gridCodes,
    isScope: (code) => ['city', 'district', 'street'].includes(tree.get(code)?.level ?? ''),
    screenProblem: (id, screen) => {
      const wall = walls.get(id);
      if (!wall) return `no wall "${id}" (the walls are ${walls.list().map((w) => w.id).join(', ')})`;
      return parseScreen(wall, screen) ? null : `screen ${screen} is not on wall ${id}: its screens are 1-1 to ${wall.screens.rows}-${wall.screens.cols}`;
    },
    gridsIn,
    wallState: (wall) => control.state(wall),
    keyboard: (wall) => walls.get(wall)?.keyboard ?? false,
    command: (wall, command, who, by) => commandWall(wall, command, who, 'keyboard', by, null),
    openPlayback: (at, from) => openPlaybackFeed({ log: stores.log, tracks: stores.tracks, grids, childrenOf, gridsIn }, at, from),
    presenceChanged: (wall) => consoles.presenceChanged(wall),
  });
  const consoles = startConsolePush({
    io: push.io as never, admit, limits, command: (wall, command, who, by, ip) => commandWall(wall, command, who, 'presenter', by, ip), refusals, clientAddress, control, logger,
    wallProblem: (id) => (walls.get(id) ? null : `no wall "${id}" (the walls are ${walls.list().map((w) => w.id).join(', ')})`),
    presence: (wall) => push.presence(wall),
  });
  control.setHooks({
    prepare: (prev, next) => push.prepare(prev, next),
    published: (state) => {
      push.wallChanged(state);
      consoles.stateChanged(state);
    },
    logged: (entry) => consoles.logged(entry),
    shared: (state) => bus.publishControl({ type: 'wallState', state }),
  });
  bus.onCaseEvents((events) => push.publishTransitions(cases.apply(events)));
  bus.onPositions((fixes) => workers.apply(fixes));
  bus.onWorkerSignals((signals) => workers.signal(signals));
  // from the other nodes: a wall's new state, or keys changed there (a revocation closes this node's sockets at once)
  bus.onControl((message) => {
    if (message.type === 'wallState') void control.adopt(message.state).catch((err: Error) => logger.error({ err: err.message }, 'wall state from another node not taken'));
    else void keys.refresh().catch((err: Error) => logger.error({ err: err.message }, 'access keys could not be read again'));
  });
  keys.onChanged(() => bus.publishControl({ type: 'keysChanged' }));
  await bus.start();

  app.get('/healthz', (_req, res) => {
    const b = bus.status();
    // degraded: cut off from the other nodes (it still serves, and reads the log for their commits)
    res.json({ status: b.connected ? 'ok' : 'degraded', seq: cases.lastSeq(), node: b.node, bus: b, ...(webhooks && { webhooks: webhooks.status() }) });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  // a revoked or expired key's sockets are closed at once; changes made elsewhere (the CLI, another node) are read every few seconds
  keys.onEnded((ids) => push.disconnectKeys(ids));
  const keysRefresh = setInterval(() => {
    keys.refresh().catch((err: Error) => logger.error({ err: err.message }, 'access keys could not be read again'));
    // scale-out: a wall command whose message to this node was lost (Redis away) is read from the store
    if (config.redis) control.resync().catch((err: Error) => warnOnce('wall states could not be read again', err));
  }, REFRESH_MS);
  keysRefresh.unref();
  // an expiry (a rotation's grace) closes its sockets within a second, whether or not the store answers
  const keysSweep = setInterval(() => keys.sweep(), 1000);
  keysSweep.unref();

  const ingestPositions = createPositionIngest({ tracks: stores.tracks, bus, grids, metrics, logger, workerGrid: (id) => workers.gridOfWorker(id) });
  app.use(ingestRoutes({
    auth,
    metrics,
    ingestCases: (events, scope, sources) => caseIngest.ingest(events, scope, sources),
    ingestPositions,
  }));
  // grid workers' phones: a device key per worker, a socket namespace and the same over HTTP
  const device = createDeviceIngest({ tracks: stores.tracks, bus, caseIngest, workers, assignedGrid: (id) => rosterGrid.get(id), ingestLiveFixes: ingestPositions, metrics });
  startDeviceSockets({ io: push.io as never, admit, limits, device, clientAddress, refusals, metrics, logger });
  app.use(deviceRoutes({ auth, device }));
  app.use(workerRoutes({ auth, tracks: stores.tracks, workerGrid: (id) => rosterGrid.get(id) }));
  app.use(regionRoutes({ auth, tree, grids, roster, cases, workers, dueSoonMs: config.sla.dueSoonMs }));
  app.use(wallRoutes({ auth, walls }));
  app.use(caseRoutes({ auth, audit, log: stores.log, tree }));
  app.use(adminRoutes({ auth, keys, audit, wallExists: (id) => walls.get(id) !== undefined, workerGrid: (id) => rosterGrid.get(id), regionIsScope: (code) => ['city', 'district', 'street'].includes(tree.get(code)?.level ?? '') }));
  app.use(scopeRoutes({ auth, tree, geoVersion: grids.version, views, maxAgeMs: { trends: ticks.trendsMs, alerts: ticks.alertCheckMs } }));
  // this API's OpenAPI document and its rendered page, before the /api 404 (no key: they hold no data)
  app.use(openApiRoutes());
  app.use(open311Routes({ auth, log: stores.log, tree, grids, ingestCases: (events, scope, sources) => caseIngest.ingest(events, scope, sources), openCases: () => cases.eachOpenCase(), logger, refusals }));
  app.use('/api', (req, _res, next) => next(new ApiError(404, 'not_found', `no ${req.method} ${req.originalUrl.split('?')[0]} in this API (see docs/http-api.md, or /api/docs)`)));
  app.use(wallPages(config.clientDir, config.publicDir, { mapStyleUrl: config.mapStyleUrl }));
  app.use(errorHandler(logger, refusals));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, resolve);
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  // The demo: a new store first gets a history (so that playback, trends and rising lists have
  // something to show), in the background while the wall already serves; then the live simulator.
  let simulator: ReturnType<typeof createSimulator> | undefined;
  let stopping = false;
  const demo = (async () => {
    if (!config.simulator.enabled) return;
    const s = config.simulator;
    if (s.backfillDays > 0 && cases.lastSeq() === 0) {
      await backfillHistory({ baseUrl: url, ingestKey: simulatorKey, grids, roster, days: s.backfillDays, casesPerMin: s.casesPerMin, workers: s.workers, logger, stopped: () => stopping })
        .catch((err: Error) => logger.error({ err: err.message }, 'simulator: the history backfill stopped; the demo goes on live'));
    }
    if (stopping) return;
    simulator = createSimulator({ baseUrl: url, ingestKey: simulatorKey, grids, roster, openCases: cases.openCases(), config: s, logger });
    simulator.start();
  })();
  const overdue = startOverdueWatch({ openCases: () => cases.openCases(), raise: (events) => caseIngest.ingestSystem(events), logger });
  const retention = startTrackRetention({ tracks: stores.tracks, keepDays: config.trackRetentionDays, logger });

  return {
    url, port, tokens: keys.startTokens, keysCreated: keys.created, logger, httpServer, app,
    async stop() {
      stopping = true;
      clearInterval(keysRefresh);
      clearInterval(keysSweep);
      await demo;
      await simulator?.stop();
      await overdue.stop();
      await webhooks?.stop();
      await checkpoints.stop();
      retention.stop();
      consoles.close();
      await push.close();
      await shared?.client.close().catch(() => undefined);
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await bus.close();
      await stores.close();
    },
  };
}

/** A warning logged at most once a minute per message (a Redis outage would otherwise log on every publish). */
function throttledWarn(logger: Logger, everyMs = 60_000): (message: string, err?: Error) => void {
  const throttle = createLogThrottle(everyMs);
  return (message, err) => {
    if (throttle(message)) logger.warn({ err: err?.message }, message);
  };
}
