// Everything the server pushes over its one Socket.IO server: the wall screens (the live picture,
// or a wall's playback, from the projections), the presenter consoles (each wall's state, its
// command log, which screens are on), and the door of the phones' namespace (server/device). The
// wall control's states reach screens and consoles here; the projections' folded transitions reach
// the screens here; a key that ended closes its sockets here.
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Access } from '../auth/access.ts';
import type { EndedKey } from '../auth/accessKeys.ts';
import type { RedisClient } from '../redis/redisClient.ts';
import { socketAdapter } from './socketAdapter.ts';
import type { Geography } from '../geo/geography.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { PlaybackBase, PlaybackFeed } from '../playback/playbackFeed.ts';
import type { LiveProjections } from '../projections/liveProjections.ts';
import type { RehearsalCommandRunner, Rehearsals } from '../walls/rehearsals.ts';
import type { Walls } from '../walls/walls.ts';
import { startConsolePush } from './consolePush.ts';
import { closeSocketsOfEndedKeys } from './endedKeys.ts';
import type { PushTicks } from './screenTicks.ts';
import { createSocketServer } from './socketServer.ts';
import { startWallPush } from './wallPush.ts';

export type Push = ReturnType<typeof startPush>;

export function startPush(deps: {
  httpServer: HttpServer;
  /** Origins besides the server's own that may open sockets. */
  allowedOrigins: readonly string[];
  clientAddress(req: IncomingMessage): string;
  /** Scale-out: the Redis of Socket.IO's adapter (what crosses nodes: the consoles' messages, presence). */
  redis?: { client: RedisClient; prefix: string };
  access: Pick<Access, 'admit' | 'limits' | 'refusals'>;
  projections: LiveProjections;
  walls: Walls;
  /** The rehearsal running (演练) and the one audited way to start or stop one. */
  rehearsals: Rehearsals;
  rehearse: RehearsalCommandRunner;
  geography: Geography;
  /** The event log's identity. */
  logId: string;
  /** The projections of the past at a moment, for a wall's playback. */
  openPlayback(at: number, from?: PlaybackBase): Promise<PlaybackFeed>;
  ticks?: Partial<PushTicks>;
  logger: Logger;
  metrics: Metrics;
}) {
  const { access, projections, walls, geography, logger } = deps;
  const door = { admit: access.admit, clientAddress: deps.clientAddress, refusals: access.refusals };
  const sockets = createSocketServer(deps.httpServer, {
    ...door,
    allowedOrigins: deps.allowedOrigins,
    adapter: deps.redis && socketAdapter(deps.redis.client, deps.redis.prefix),
  });

  const screens = startWallPush({
    ...door,
    screens: sockets.screens,
    limits: access.limits,
    logger,
    metrics: deps.metrics,
    ticks: deps.ticks,
    cases: projections.cases,
    workers: projections.workers,
    views: projections.views,
    logId: deps.logId,
    geoVersion: geography.grids.version,
    gridCodes: geography.gridCodes,
    gridsIn: geography.gridsIn,
    isScope: geography.isScope,
    screenProblem: walls.screenProblem,
    keyboard: walls.keyboard,
    wallScope: walls.wallScope,
    caseGrid: walls.caseGrid,
    wallState: (wall) => walls.control.state(wall),
    command: (wall, command, who, by) => walls.command(wall, command, who, 'keyboard', by, null),
    openPlayback: deps.openPlayback,
    rehearsal: () => deps.rehearsals.current() ?? null,
  });
  const consoles = startConsolePush({
    ...door,
    consoles: sockets.consoles,
    limits: access.limits,
    logger,
    control: walls.control,
    wallProblem: walls.wallProblem,
    command: (wall, command, who, by, ip) => walls.command(wall, command, who, 'presenter', by, ip),
    presence: (wall) => screens.presence(wall),
    rehearsals: () => deps.rehearsals.board(),
    rehearse: deps.rehearse,
  });
  screens.onPresenceChanged((wall) => consoles.presenceChanged(wall));

  // a wall's new state: its playback folded first, then on its screens and consoles
  walls.control.beforePublish((prev, next) => screens.prepare(prev, next));
  walls.control.onPublished((state) => {
    screens.wallChanged(state);
    consoles.stateChanged(state);
  });
  walls.control.onLogged((entry) => consoles.logged(entry));
  // a rehearsal started, stopped or ran out: on every screen and console
  const offRehearsal = deps.rehearsals.onChange(() => {
    screens.rehearsalChanged(deps.rehearsals.current() ?? null);
    consoles.rehearsalChanged();
  });
  // committed case events, folded: to the screens of every scope they belong to
  projections.onFolded((lines) => screens.publishTransitions(lines));

  return {
    /** The phones' namespace, for server/device. */
    devices: sockets.devices,
    /** Tells every socket a key that ended let in why, and closes it. */
    closeEnded: (keys: readonly EndedKey[]) => closeSocketsOfEndedKeys(sockets, keys, logger),
    async close() {
      offRehearsal();
      consoles.close();
      screens.close();
      await sockets.close();
    },
  };
}
