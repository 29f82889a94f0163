// Push to wall screens: a snapshot on connect, then case transitions as they are committed and,
// on fixed ticks, coalesced heat deltas, KPIs (also the heartbeat) and binary position frames.
// Everything runs on the event loop: a snapshot is built and sent between two bus deliveries, so
// the deltas that follow it start exactly after its sequence number.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { z } from 'zod';
import {
  HEAT_TICK_MS, KPI_TICK_MS, POSITION_TICK_MS,
  type ClientToServerEvents, type ServerToClientEvents, type TickerLine, type WallSnapshot,
} from '../../shared/protocol.ts';
import { sameSecret } from '../auth/secrets.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { CaseProjection } from '../projections/caseProjection.ts';
import type { WorkerPositions } from '../projections/workerPositions.ts';

const CITY_ROOM = 'scope:city';

const handshakeSchema = z.object({
  token: z.string().max(200),
  wall: z.string().regex(/^[a-z0-9-]{1,40}$/),
  screen: z.string().regex(/^\d{1,2}-\d{1,2}$/),
});

interface SocketData {
  wall: string;
  screen: string;
}

export interface WallPushDeps {
  httpServer: HttpServer;
  cases: CaseProjection;
  workers: WorkerPositions;
  geoVersion: string;
  screenToken: string;
  logger: Logger;
  metrics: Metrics;
}

export function startWallPush(deps: WallPushDeps) {
  const { cases, workers, logger, metrics } = deps;
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(deps.httpServer, {
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
  });

  io.use((socket, next) => {
    const parsed = handshakeSchema.safeParse(socket.handshake.auth);
    if (!parsed.success) return next(new Error(`bad handshake: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`));
    if (!sameSecret(parsed.data.token, deps.screenToken)) return next(new Error('unauthorized: a valid screen token is required'));
    socket.data.wall = parsed.data.wall;
    socket.data.screen = parsed.data.screen;
    next();
  });

  io.on('connection', (socket) => {
    metrics.screensConnected.inc();
    const { ids, frame } = workers.fullFrame();
    const now = Date.now();
    const snapshot: WallSnapshot = {
      seq: cases.lastSeq(), serverTime: now, geoVersion: deps.geoVersion,
      heat: cases.heatEntries(), kpis: cases.kpis(now, workers.onlineCount(now)), ticker: cases.ticker(),
      workerIds: ids, positions: frame,
    };
    socket.emit('snapshot', snapshot);
    void socket.join(CITY_ROOM);
    socket.on('clock', (ack) => typeof ack === 'function' && ack(Date.now()));
    socket.on('disconnect', () => metrics.screensConnected.dec());
    logger.debug({ wall: socket.data.wall, screen: socket.data.screen }, 'screen connected');
  });

  let heatTick = 0;
  const timers = [
    setInterval(() => {
      const changes = cases.drainHeatChanges();
      if (changes.length) io.to(CITY_ROOM).emit('heat', { tick: ++heatTick, changes });
    }, HEAT_TICK_MS),
    setInterval(() => {
      const now = Date.now();
      io.to(CITY_ROOM).emit('kpis', cases.kpis(now, workers.onlineCount(now)), now);
    }, KPI_TICK_MS),
    setInterval(() => {
      const roster = workers.drainRoster();
      if (roster) io.to(CITY_ROOM).emit('roster', roster);
      const frame = workers.drainFrame();
      if (frame) io.to(CITY_ROOM).emit('positions', frame);
    }, POSITION_TICK_MS),
  ];

  return {
    io,
    /** Sends case transitions to every screen as soon as the projection has folded them. */
    publishTransitions(lines: TickerLine[]) {
      if (lines.length) io.to(CITY_ROOM).emit('transitions', lines);
    },
    async close() {
      timers.forEach(clearInterval);
      await io.close();
    },
  };
}
