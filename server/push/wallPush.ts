// Push to wall screens. Each screen shows a scope (the city, a district or a street) and sits in
// that scope's room; it receives a snapshot of its scope on connect (or, when it says what it last
// saw and the server still has everything since, exactly the transitions it missed), then its
// scope's case transitions as they are committed (each batch names the scope's previous seq, so a
// gap is visible) and, on fixed ticks, coalesced heat deltas, KPIs (also the heartbeat), binary
// position frames and worker-state changes of its scope, its trends (every TRENDS_TICK_MS) and its
// alerts (when they change, and at least every ALERTS_TICK_MS), each computed once per scope. A screen whose socket buffer grows is skipped on the ticks
// (latest wins) and gets a fresh state when it has drained; its transitions are never skipped.
// Everything runs on the event loop: a snapshot is built and sent between two bus deliveries, so
// the deltas that follow it start exactly after it.
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import {
  ALERTS_TICK_MS, HEAT_TICK_MS, KPI_TICK_MS, POSITION_TICK_MS, TRENDS_TICK_MS,
  type ClientToServerEvents, type ServerToClientEvents, type TickerLine, type WallSnapshot,
} from '../../shared/protocol.ts';
import { CITY_CODE } from '../../shared/regions.ts';
import { encodeTransitions } from '../../shared/transitionCodec.ts';
import { sameSecret } from '../auth/secrets.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { scopesOf, type CaseProjection } from '../projections/caseProjection.ts';
import type { WorkerPositions } from '../projections/workerPositions.ts';
import { alertSignature } from '../projections/alerts.ts';
import type { ScopeViews } from '../projections/scopeViews.ts';

/** How often the alerts are recomputed to see whether they changed (pushed only when they did, or after ALERTS_TICK_MS). */
export const ALERT_CHECK_MS = 1000;

export interface PushTicks {
  trendsMs: number;
  alertsMs: number;
  alertCheckMs: number;
}
export const PUSH_TICKS: PushTicks = { trendsMs: TRENDS_TICK_MS, alertsMs: ALERTS_TICK_MS, alertCheckMs: ALERT_CHECK_MS };

/** A socket with more than this many bytes waiting to be sent is skipped on the ticks. */
export const SLOW_SOCKET_BYTES = 1 << 20;

const handshakeSchema = z.object({
  token: z.string().max(200),
  wall: z.string().regex(/^[a-z0-9-]{1,40}$/),
  screen: z.string().regex(/^\d{1,2}-\d{1,2}$/),
  scope: z.string().regex(/^12\d{2}(\d{2}(\d{3})?)?$/, 'the city (1201), a district (6 digits) or a street (9 digits)').default(CITY_CODE),
  lastSeq: z.number().int().min(0).optional(),
  logId: z.string().max(64).optional(),
});

interface SocketData {
  wall: string;
  screen: string;
  scope: string;
  /** Skipped on a tick because its buffer was full: owes it a fresh state. */
  stale: boolean;
  /** What the screen asked to resume after, if it came from this log. */
  resumeAfter: number | undefined;
}
type ScreenSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface WallPushDeps {
  httpServer: HttpServer;
  cases: CaseProjection;
  workers: WorkerPositions;
  geoVersion: string;
  /** The event log's identity (store.logId). */
  logId: string;
  screenToken: string;
  /** Grid codes by wire index. */
  gridCodes: readonly string[];
  /** Whether a code is a region a screen may show (the city, a district, a street). */
  isScope(code: string): boolean;
  /** Why a wall and screen cannot be served (an unknown wall, a screen not on it), or null. */
  screenProblem(wall: string, screen: string): string | null;
  /** The wire indices of a region's grids. */
  gridsIn(code: string): ArrayLike<number>;
  /** Trends and alerts per scope. */
  views: ScopeViews;
  /** The trend and alert intervals (tests shorten them). */
  ticks?: Partial<PushTicks>;
  logger: Logger;
  metrics: Metrics;
}

const room = (scope: string) => `scope:${scope}`;
const prefixOf = (scope: string) => (scope === CITY_CODE ? '' : scope);

export function startWallPush(deps: WallPushDeps) {
  const { cases, workers, views, logger, metrics } = deps;
  const ticks: PushTicks = { ...PUSH_TICKS, ...deps.ticks };
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(deps.httpServer, {
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    // no per-connection compression: large transition batches are deflated once per room instead
    perMessageDeflate: false,
  });
  /** Per scope, the seq of the last transition published: the `prev` of its next batch. Starts where the fold left it. */
  const published = new Map<string, number>(cases.scopeSeqs());

  const kpisFor = (scope: string, now: number) =>
    scope === CITY_CODE
      ? cases.kpis(now, workers.onlineCount(now))
      : cases.kpis(now, workers.onlineCount(now, scope), { code: scope, grids: deps.gridsIn(scope) });

  function sendSnapshot(socket: ScreenSocket, resumeAfter: number | undefined) {
    const { scope } = socket.data;
    const now = Date.now();
    const missed = resumeAfter === undefined ? null : cases.linesSince(scope, resumeAfter);
    const { ids, frame } = workers.fullFrame(prefixOf(scope));
    const heat = cases.heatEntries();
    const snapshot: WallSnapshot = {
      seq: cases.lastSeq(), logId: deps.logId, scope, scopeSeq: published.get(scope) ?? 0, resumedFrom: missed ? resumeAfter! : null,
      serverTime: now, geoVersion: deps.geoVersion,
      heat: scope === CITY_CODE ? heat : heat.filter(([i]) => deps.gridCodes[i]!.startsWith(scope)),
      kpis: kpisFor(scope, now), ticker: missed ?? cases.ticker(scope), workerIds: ids, positions: frame,
      workerStates: workers.stateBytes(prefixOf(scope)),
      // the scope's latest computation, which its room is sent too: never one per socket
      trends: views.recentTrends(scope, now, ticks.trendsMs),
      alerts: views.recentAlerts(scope, now, ticks.alertCheckMs),
    };
    socket.emit('snapshot', snapshot);
  }

  io.use((socket, next) => {
    const parsed = handshakeSchema.safeParse(socket.handshake.auth);
    if (!parsed.success) return next(new Error(`bad handshake: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`));
    if (!sameSecret(parsed.data.token, deps.screenToken)) return next(new Error('unauthorized: a valid screen token is required'));
    if (!deps.isScope(parsed.data.scope)) return next(new Error(`bad handshake: scope ${parsed.data.scope} is not the city, a district or a street of the geography`));
    const problem = deps.screenProblem(parsed.data.wall, parsed.data.screen);
    if (problem) return next(new Error(`bad handshake: ${problem}`));
    // a seq from another log (the store was replaced, or another deployment) means nothing here
    const resumeAfter = parsed.data.logId === deps.logId ? parsed.data.lastSeq : undefined;
    socket.data = { wall: parsed.data.wall, screen: parsed.data.screen, scope: parsed.data.scope, stale: false, resumeAfter };
    next();
  });

  io.on('connection', (socket) => {
    metrics.screensConnected.inc();
    sendSnapshot(socket, socket.data.resumeAfter);
    void socket.join(room(socket.data.scope));
    socket.on('clock', (ack) => typeof ack === 'function' && ack(Date.now()));
    socket.on('disconnect', () => metrics.screensConnected.dec());
    logger.debug({ wall: socket.data.wall, screen: socket.data.screen, scope: socket.data.scope, resumed: socket.data.resumeAfter }, 'screen connected');
  });

  const activeScopes = () => [...io.of('/').adapter.rooms.keys()].filter((r) => r.startsWith('scope:')).map((r) => r.slice(6));

  /**
   * Bytes waiting to go out on a socket: packets engine.io holds back while the WebSocket has not
   * finished its previous write (that is where a stalled reader's data piles up), plus the
   * WebSocket's own buffer.
   */
  function backlog(socket: ScreenSocket): number {
    const conn = socket.conn as unknown as { writeBuffer?: { data?: string | ArrayBufferLike | ArrayBufferView }[]; transport: { socket?: { bufferedAmount?: number } } };
    let bytes = conn.transport.socket?.bufferedAmount ?? 0;
    for (const packet of conn.writeBuffer ?? []) {
      const data = packet.data;
      bytes += typeof data === 'string' ? data.length : ((data as ArrayBufferView | undefined)?.byteLength ?? 0);
    }
    return bytes;
  }

  /** The sockets to skip this tick; a skipped socket that has drained gets a fresh state instead. */
  function slowSockets(): string[] {
    const slow: string[] = [];
    for (const socket of io.of('/').sockets.values()) {
      if (backlog(socket) > SLOW_SOCKET_BYTES) {
        if (!socket.data.stale) metrics.screensSkipped.inc();
        socket.data.stale = true;
        slow.push(socket.id);
      } else if (socket.data.stale) {
        socket.data.stale = false;
        sendSnapshot(socket, published.get(socket.data.scope) ?? 0); // nothing missed: a state refresh
        slow.push(socket.id); // it has this tick's state already
      }
    }
    return slow;
  }

  let heatTick = 0;
  /** Per scope, what its room was last sent of the alerts and when. */
  const alertsSent = new Map<string, { signature: string; at: number }>();
  const timers = [
    setInterval(() => {
      const changes = cases.drainHeatChanges(Date.now());
      if (!changes.length) return;
      const skip = slowSockets();
      heatTick += 1;
      for (const scope of activeScopes()) {
        const mine = scope === CITY_CODE ? changes : changes.filter(([i]) => deps.gridCodes[i]!.startsWith(scope));
        if (mine.length) io.to(room(scope)).except(skip).emit('heat', { tick: heatTick, changes: mine });
      }
    }, HEAT_TICK_MS),
    setInterval(() => {
      const now = Date.now();
      const skip = slowSockets();
      for (const scope of activeScopes()) io.to(room(scope)).except(skip).emit('kpis', kpisFor(scope, now), now);
    }, KPI_TICK_MS),
    setInterval(() => {
      const roster = workers.drainRoster();
      // append-only and small: every screen gets it, slow or not; out-of-scope ids blanked
      if (roster) for (const scope of activeScopes()) io.to(room(scope)).emit('roster', workers.rosterFor(roster, prefixOf(scope)));
      const moved = workers.drainMoved();
      // every worker is re-judged each tick: offline and idle come with time, not only with fixes
      const changed = workers.drainStateChanges(Date.now());
      if (!moved && !changed) return;
      const skip = slowSockets();
      for (const scope of activeScopes()) {
        const frame = moved && workers.frameOf(moved, prefixOf(scope));
        if (frame) io.to(room(scope)).except(skip).emit('positions', frame);
        const states = changed && workers.stateChangesOf(changed, prefixOf(scope));
        if (states && states.length) io.to(room(scope)).except(skip).emit('workerStates', states);
      }
    }, POSITION_TICK_MS),
    setInterval(() => {
      const now = Date.now();
      const skip = slowSockets();
      for (const scope of activeScopes()) io.to(room(scope)).except(skip).emit('trends', views.trends(scope, now));
    }, ticks.trendsMs),
    setInterval(() => {
      const now = Date.now();
      const scopes = activeScopes();
      for (const scope of alertsSent.keys()) if (!scopes.includes(scope)) alertsSent.delete(scope);
      if (!scopes.length) return;
      const skip = slowSockets();
      for (const [scope, list] of views.alerts(scopes, now)) {
        const signature = alertSignature(list);
        const sent = alertsSent.get(scope);
        if (sent && sent.signature === signature && now - sent.at < ticks.alertsMs) continue;
        alertsSent.set(scope, { signature, at: now });
        io.to(room(scope)).except(skip).emit('alerts', list);
      }
    }, ticks.alertCheckMs),
  ];

  return {
    io,
    /** Sends case transitions to the screens of every scope they belong to, as soon as they are folded. */
    publishTransitions(lines: TickerLine[]) {
      if (!lines.length) return;
      const active = new Set(activeScopes());
      const batches = new Map<string, { prev: number; lines: TickerLine[] }>();
      for (const line of lines) {
        for (const scope of scopesOf(line.gridCode)) {
          let batch = batches.get(scope);
          if (!batch) {
            batch = { prev: published.get(scope) ?? 0, lines: [] };
            batches.set(scope, batch);
          }
          published.set(scope, line.seq);
          if (active.has(scope)) batch.lines.push(line);
        }
      }
      // encoded (and, when large, deflated) once per scope, broadcast as the same bytes to its room
      for (const [scope, batch] of batches) if (batch.lines.length) io.to(room(scope)).emit('transitions', encodeTransitions(batch));
    },
    async close() {
      timers.forEach(clearInterval);
      await io.close();
    },
  };
}
