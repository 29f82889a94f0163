// Composes one Gridwall server from its capabilities, each a small module that takes what it needs
// and returns a handle. The path of a case event, file by file: http/ingestRoutes.ts ->
// ingest/caseIngest.ts (validate, place, deadline, dedupe, lifecycle) -> store/eventLog.ts (commit)
// -> bus/ (memoryBus.ts, or redisBus.ts to every node) -> projections/liveProjections.ts (fold) ->
// push/push.ts -> push/wallPush.ts -> push/transitionsOut.ts (each scope's screens). A position fix:
// http/ingestRoutes.ts (or device/) -> ingest/positionIngest.ts (sample to store/trackStore.ts) ->
// bus -> projections/workerPositions.ts -> push/screenTicks.ts (a binary frame every second).
import type { AddressInfo } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import type express from 'express';
import type { StartTokens } from './auth/accessKeys.ts';
import { openAccess } from './auth/access.ts';
import { openBus } from './bus/openBus.ts';
import { connectRedis } from './redis/redisClient.ts';
import type { Config } from './config/config.ts';
import { startDevice } from './device/device.ts';
import { loadGeography } from './geo/geography.ts';
import { departmentRegistry } from './config/departmentsFile.ts';
import { createHttpApp } from './http/httpApp.ts';
import { mountRoutes } from './http/routes.ts';
import { createIngest } from './ingest/ingest.ts';
import { createLogger, type Logger } from './observability/logger.ts';
import { createMetrics } from './observability/metrics.ts';
import { openPlaybackFeed } from './playback/playbackFeed.ts';
import { openLiveProjections } from './projections/liveProjections.ts';
import { startPush } from './push/push.ts';
import { PUSH_TICKS, type PushTicks } from './push/screenTicks.ts';
import { startDemo } from './simulator/demo.ts';
import { openStores, storeLocation } from './store/openStores.ts';
import { startTrackRetention } from './store/trackRetention.ts';
import { loadScenarios } from './config/scenarioFiles.ts';
import { createRehearsals, rehearsalCommand, shareRehearsals } from './walls/rehearsals.ts';
import { loadWallLayouts } from './walls/wallLayouts.ts';
import { openWalls } from './walls/walls.ts';
import { startConfiguredWebhooks } from './webhooks/webhooks.ts';

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
  /** The rehearsals' clock (a test moves it on to see a rehearsal run out). */
  rehearsalClock?: () => number;
}

export async function startGridwall(config: Config, options: GridwallOptions = {}): Promise<RunningGridwall> {
  const logger = createLogger(config.logLevel);
  const metrics = createMetrics();
  const layouts = loadWallLayouts(config.wallsDir); // before anything opens: a bad layout stops the start
  const geography = loadGeography(config.publicDir);
  const departments = departmentRegistry(config.departments, geography); // the duty list's templates applied to the districts and streets
  const scenarios = loadScenarios(config.scenariosDir, (code) => geography.tree.get(code) !== undefined); // a bad scenario stops the start too
  const stores = await openStores(config, {
    onIdleError: (err: Error) => logger.error({ err: err.message }, 'PostgreSQL idle connection dropped; the pool reconnects'),
  });
  logger.info({ engine: stores.engine, at: storeLocation(config) }, 'store open');
  // scale-out: one Redis connection for Socket.IO's adapter, the limits and the webhooks' lease
  const redis = config.redis && { client: await connectRedis(config.redis.url, { offlineQueue: true }), prefix: config.redis.prefix };
  const ticks: PushTicks = { ...PUSH_TICKS, ...options.pushTicks };

  const access = await openAccess({ config, stores, redis, logger, metrics });
  const projections = await openLiveProjections({ stores, geography, deviceOfflineAfterMs: config.deviceOfflineAfterMs, logger });
  const bus = await openBus({ config, log: stores.log, startSeq: projections.cases.lastSeq(), logger, metrics });
  const ingest = createIngest({ config, stores, bus, geography, departments, workerGrid: (id) => projections.workers.gridOfWorker(id), metrics, logger });
  const walls = await openWalls({ layouts, stores, geography, audit: access.audit, liveAfterPlaybackS: config.liveAfterPlaybackS, logger });
  const rehearsals = createRehearsals(scenarios, options.rehearsalClock);
  const rehearse = rehearsalCommand({ rehearsals, audit: access.audit });
  rehearsals.onChange((r) => logger.info({ rehearsal: r }, r ? 'rehearsal running' : 'rehearsal over'));
  const webhooks = startConfiguredWebhooks({
    endpoints: config.webhooks,
    stores,
    bus,
    tree: geography.tree,
    logger,
    metrics,
    redis: redis && { ...redis, node: config.nodeName },
  });
  const http = createHttpApp(config);
  const push = startPush({
    httpServer: http.server,
    allowedOrigins: config.allowedOrigins,
    clientAddress: http.clientAddress,
    redis,
    access,
    projections,
    walls,
    rehearsals,
    rehearse,
    geography,
    logId: stores.log.logId,
    ticks,
    logger,
    metrics,
    openPlayback: (at, from) =>
      openPlaybackFeed(
        { log: stores.log, tracks: stores.tracks, grids: geography.grids, childrenOf: geography.childrenOf, gridsIn: geography.gridsIn },
        at,
        from,
      ),
  });
  const device = startDevice({
    stores,
    bus,
    ingest,
    workers: projections.workers,
    geography,
    devices: push.devices,
    access,
    clientAddress: http.clientAddress,
    metrics,
    logger,
  });
  mountRoutes(http.app, {
    config,
    stores,
    access,
    geography,
    departments,
    projections,
    ingest,
    walls,
    rehearsals,
    rehearse,
    bus,
    webhooks,
    deviceRoutes: device.routes,
    logger,
    metrics,
    maxAgeMs: { trends: ticks.trendsMs, alerts: ticks.alertCheckMs },
  });

  // what the bus carries from every node (this one too): the projections follow it, keys and walls stay the same everywhere
  projections.follow(bus);
  access.watch(bus, (ended) => push.closeEnded(ended));
  walls.share(bus, config.redis !== undefined);
  shareRehearsals(rehearsals, bus);
  await bus.start();
  await webhooks?.ready;

  await new Promise<void>((resolve, reject) => {
    http.server.once('error', reject);
    http.server.listen(config.port, config.host, resolve);
  });
  const port = (http.server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  await ingest.watchCases(() => projections.cases.eachOpenCase());
  const retention = startTrackRetention({ tracks: stores.tracks, keepDays: config.trackRetentionDays, logger });
  const demo = startDemo({
    simulator: config.simulator,
    url,
    ingestKey: access.simulatorKey,
    geography,
    cases: projections.cases,
    sla: config.sla,
    departments,
    rehearsals,
    scenarios,
    logger,
  });

  return {
    url,
    port,
    tokens: access.keys.startTokens,
    keysCreated: access.keys.created,
    logger,
    httpServer: http.server,
    app: http.app,
    async stop() {
      access.stop();
      walls.stop();
      rehearsals.close();
      await demo.stop();
      await ingest.stop();
      await webhooks?.stop();
      await projections.stop();
      retention.stop();
      await push.close();
      await redis?.client.close().catch(() => undefined);
      await new Promise<void>((resolve) => http.server.close(() => resolve()));
      await bus.close();
      await stores.close();
    },
  };
}
