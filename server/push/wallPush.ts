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
// A screen is fed by its wall's feed: the live projections, or, while its wall plays back the past,
// that wall's playback projections (server/playback), advanced on every heat tick to the wall's
// play time; every tick runs over every feed, so a playing wall never disturbs a live one. Each
// screen also sits in its wall's room, which gets the wall's presenter-held state (wallControl.ts).
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import { z } from 'zod';
import {
  ALERTS_TICK_MS, HEAT_TICK_MS, KPI_TICK_MS, POSITION_TICK_MS, TRENDS_TICK_MS,
  type ClientToServerEvents, type ServerToClientEvents, type TickerLine, type WallSnapshot,
} from '../../shared/protocol.ts';
import { CITY_CODE } from '../../shared/regions.ts';
import { encodeTransitions } from '../../shared/transitionCodec.ts';
import { READ_ROLES, aKey, withinScope } from '../../shared/access.ts';
import { canOpenWall, type EndedKey, type Principal } from '../auth/accessKeys.ts';
import type { Admission } from '../auth/admit.ts';
import type { RateLimits } from '../auth/rateLimits.ts';
import { originAllowed } from '../auth/origins.ts';
import { guardSocketMessages } from './socketGuard.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Refusals } from '../observability/refusals.ts';
import { scopesOf, type CaseProjection } from '../projections/caseProjection.ts';
import type { WorkerPositions } from '../projections/workerPositions.ts';
import { alertSignature } from '../projections/alerts.ts';
import type { ScopeViews } from '../projections/scopeViews.ts';
import type { PlaybackBase, PlaybackFeed } from '../playback/playbackFeed.ts';
import { answerClock, answerCommands } from './commandSocket.ts';
import { KEYBOARD_COMMANDS, playTime, type CommandResult, type ScreenPresence, type WallCommand, type WallState } from '../../shared/wallControl.ts';

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
  /** The feed it is served from: 'live' or a playing wall's. */
  feed: string;
  wall: string;
  screen: string;
  scope: string;
  /** Skipped on a tick because its buffer was full: owes it a fresh state. */
  stale: boolean;
  /** What the screen asked to resume after, if it came from this log. */
  resumeAfter: number | undefined;
  /** The key it was let in by (disconnected when that key is revoked or expires). */
  principal: Principal;
}
type ScreenSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface WallPushDeps {
  httpServer: HttpServer;
  cases: CaseProjection;
  workers: WorkerPositions;
  geoVersion: string;
  /** The event log's identity (store.logId). */
  logId: string;
  /** Lets a handshake's token in, or says why not (server/auth/admit.ts). */
  admit(token: string, address: string, what: string): Promise<Admission>;
  limits: RateLimits;
  /** The client's address behind the configured proxies (Express's trust proxy), for rate limits and logs. */
  clientAddress(req: IncomingMessage): string;
  /** Where refused handshakes are counted and logged. */
  refusals?: Refusals;
  /** Origins besides the server's own that may open sockets (browsers send Origin; other clients do not). */
  allowedOrigins: readonly string[];
  /** Grid codes by wire index. */
  gridCodes: readonly string[];
  /** Scale-out: Socket.IO's adapter between nodes (server/bus/socketAdapter.ts); absent in one process. */
  adapter?: ServerOptions['adapter'];
  /** Whether a code is a region a screen may show (the city, a district, a street). */
  isScope(code: string): boolean;
  /** Why a wall and screen cannot be served (an unknown wall, a screen not on it), or null. */
  screenProblem(wall: string, screen: string): string | null;
  /** The wire indices of a region's grids. */
  gridsIn(code: string): ArrayLike<number>;
  /** Trends and alerts per scope. */
  views: ScopeViews;
  /** A wall's presenter-held state. */
  wallState(wall: string): WallState | undefined;
  /** Whether a wall's screens may send keyboard commands. */
  keyboard(wall: string): boolean;
  /** Runs a command for a screen's keyboard (`by`: the screen's key). */
  command(wall: string, command: WallCommand, who: string, by: Principal): Promise<CommandResult>;
  /** The projections of the past at a moment, for a playback (from an earlier feed's base when there is one before it). */
  openPlayback(at: number, from?: PlaybackBase): Promise<PlaybackFeed>;
  /** The screens of a wall that have a browser connected changed. */
  presenceChanged?(wall: string): void;
  /** The trend and alert intervals (tests shorten them). */
  ticks?: Partial<PushTicks>;
  logger: Logger;
  metrics: Metrics;
}

/** Where a screen's data come from, and as of when. */
interface Feed {
  id: string;
  cases: CaseProjection;
  workers: WorkerPositions;
  views: ScopeViews;
  /** The moment the data describe. */
  now(): number;
  logId: string;
  /** Per scope, the seq of the last transition published: the `prev` of its next batch. */
  published: Map<string, number>;
  /** Per scope, what its room was last sent of the alerts and when. */
  alertsSent: Map<string, { signature: string; at: number }>;
  playback: { wall: string; source: PlaybackFeed; clock: () => WallState['playback']; busy: boolean } | null;
}

const LIVE = 'live';
const room = (feed: string, scope: string) => (feed === LIVE ? `scope:${scope}` : `${feed}|scope:${scope}`);
const wallRoom = (wall: string) => `wall:${wall}`;
const prefixOf = (scope: string) => (scope === CITY_CODE ? '' : scope);

export function startWallPush(deps: WallPushDeps) {
  const { metrics, logger } = deps;
  const ticks: PushTicks = { ...PUSH_TICKS, ...deps.ticks };
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(deps.httpServer, {
    serveClient: false,
    // scale-out: Socket.IO's Redis Streams adapter, for what crosses nodes (the consoles' command log
    // and screen presence); every node pushes its own screens' data from its own projections (io.local)
    ...(deps.adapter && { adapter: deps.adapter }),
    maxHttpBufferSize: 16 * 1024,
    // no per-connection compression: large transition batches are deflated once per room instead
    perMessageDeflate: false,
    // a browser page from another site may not open a socket here (a non-browser client sends no Origin)
    allowRequest: (req, callback) => {
      const ok = originAllowed(req.headers.origin, req.headers.host, deps.allowedOrigins);
      if (!ok) deps.refusals?.socket('engine', deps.clientAddress(req), `origin: ${req.headers.origin} may not open sockets on this server`);
      callback(ok ? null : `origin ${req.headers.origin} may not open sockets on this server`, ok);
    },
  });
  const live: Feed = {
    id: LIVE, cases: deps.cases, workers: deps.workers, views: deps.views, now: Date.now, logId: deps.logId,
    // starts where the fold left it
    published: new Map(deps.cases.scopeSeqs()), alertsSent: new Map(), playback: null,
  };
  const feeds = new Map<string, Feed>([[LIVE, live]]);
  /** The feed of each wall in playback. */
  const playingWalls = new Map<string, Feed>();
  let playbackCount = 0;
  const feedOfWall = (wall: string) => playingWalls.get(wall) ?? live;

  const kpisFor = (feed: Feed, scope: string, now: number) =>
    scope === CITY_CODE
      ? feed.cases.kpis(now, feed.workers.onlineCount(now))
      : feed.cases.kpis(now, feed.workers.onlineCount(now, scope), { code: scope, grids: deps.gridsIn(scope) });

  function sendSnapshot(socket: ScreenSocket, resumeAfter: number | undefined) {
    const { scope } = socket.data;
    const feed = feeds.get(socket.data.feed) ?? live;
    const now = feed.now();
    const { cases, workers, views } = feed;
    const missed = resumeAfter === undefined ? null : cases.linesSince(scope, resumeAfter);
    const { ids, frame } = workers.fullFrame(prefixOf(scope));
    const heat = cases.heatEntries();
    const snapshot: WallSnapshot = {
      seq: cases.lastSeq(), logId: feed.logId, scope, scopeSeq: feed.published.get(scope) ?? 0, resumedFrom: missed ? resumeAfter! : null,
      serverTime: Date.now(), playbackAt: feed.playback ? now : null, geoVersion: deps.geoVersion,
      heat: scope === CITY_CODE ? heat : heat.filter(([i]) => deps.gridCodes[i]!.startsWith(scope)),
      kpis: kpisFor(feed, scope, now), ticker: missed ?? cases.ticker(scope), workerIds: ids, positions: frame,
      workerStates: workers.stateBytes(prefixOf(scope)),
      // the scope's latest computation, which its room is sent too: never one per socket
      trends: views.recentTrends(scope, now, feed.playback ? 0 : ticks.trendsMs),
      alerts: views.recentAlerts(scope, now, feed.playback ? 0 : ticks.alertCheckMs),
    };
    socket.emit('snapshot', snapshot);
  }

  /** Moves a socket onto a feed (its wall's), with a fresh snapshot from it. */
  function attach(socket: ScreenSocket, feed: Feed, resumeAfter: number | undefined) {
    const old = socket.data.feed;
    if (old && old !== feed.id) void socket.leave(room(old, socket.data.scope));
    socket.data.feed = feed.id;
    socket.data.stale = false;
    sendSnapshot(socket, resumeAfter);
    void socket.join(room(feed.id, socket.data.scope));
  }

  io.use((socket, done) => {
    // every refusal is counted and, where it says who tried what, logged
    const next = (err?: Error) => {
      if (err) deps.refusals?.socket('/', deps.clientAddress(socket.request), err.message);
      done(err);
    };
    const parsed = handshakeSchema.safeParse(socket.handshake.auth);
    if (!parsed.success) return next(new Error(`bad handshake: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`));
    const hs = parsed.data;
    void deps.admit(hs.token, deps.clientAddress(socket.request), 'a screen token').then((admission) => {
      if (!admission.ok) return next(new Error(`${admission.code}: ${admission.message}`));
      const p = admission.principal;
      // a presenter may open a screen too (to check the wall from the console's laptop): it is read-only all the same
      if (!READ_ROLES.includes(p.role)) return next(new Error(`forbidden: ${aKey(p.role)} ("${p.label}") cannot open a screen`));
      if (!canOpenWall(p, hs.wall)) return next(new Error(`forbidden: the key "${p.label}" opens ${p.walls!.join(', ')} only, not wall ${hs.wall}`));
      if (!withinScope(hs.scope, p.scope)) return next(new Error(`forbidden: outside_scope: the key "${p.label}" sees ${p.scope} only; scope ${hs.scope} is outside it (open the wall with &scope=${p.scope})`));
      if (!deps.isScope(hs.scope)) return next(new Error(`bad handshake: scope ${hs.scope} is not the city, a district or a street of the geography`));
      const problem = deps.screenProblem(hs.wall, hs.screen);
      if (problem) return next(new Error(`bad handshake: ${problem}`));
      // a seq from another log (the store was replaced, another deployment, or a playback) means nothing here
      const feed = feedOfWall(hs.wall);
      const resumeAfter = hs.logId === feed.logId ? hs.lastSeq : undefined;
      socket.data = { feed: '', wall: hs.wall, screen: hs.screen, scope: hs.scope, stale: false, resumeAfter, principal: p };
      next();
    }, next);
  });

  io.on('connection', (socket) => {
    metrics.screensConnected.inc();
    const { wall, screen } = socket.data;
    const state = deps.wallState(wall);
    if (state) socket.emit('wallState', state); // before the data: the screen knows at once what it is showing
    void socket.join(wallRoom(wall));
    guardSocketMessages(socket, deps.limits, logger, deps.clientAddress(socket.request));
    attach(socket, feedOfWall(wall), socket.data.resumeAfter);
    answerClock(socket);
    // a screen is read-only, but a keyboard wall's screens may step scenes and go back to live
    answerCommands(socket, (command): CommandResult | Promise<CommandResult> => {
      if (deps.keyboard(wall) && KEYBOARD_COMMANDS.includes(command.type)) return deps.command(wall, command, `keyboard ${screen}`, socket.data.principal);
      return { ok: false, code: 'forbidden', message: deps.keyboard(wall)
        ? `a screen's keyboard may only step through scenes and go back to live (${KEYBOARD_COMMANDS.join(', ')}); use the presenter console`
        : `screens are read-only: commanding wall ${wall} needs a presenter token (the console /console/${wall}), or keyboard control enabled in its layout` };
    }, { logger, wall });
    socket.on('disconnect', () => {
      metrics.screensConnected.dec();
      deps.presenceChanged?.(wall);
    });
    deps.presenceChanged?.(wall);
    logger.debug({ wall, screen, scope: socket.data.scope, resumed: socket.data.resumeAfter }, 'screen connected');
  });

  /** The scopes with a screen on this feed. */
  const activeScopes = (feed: Feed) => {
    const prefix = room(feed.id, '');
    return [...io.of('/').adapter.rooms.keys()].filter((r) => r.startsWith(prefix)).map((r) => r.slice(prefix.length));
  };

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
        const feed = feeds.get(socket.data.feed) ?? live;
        sendSnapshot(socket, feed.published.get(socket.data.scope) ?? 0); // nothing missed: a state refresh
        slow.push(socket.id); // it has this tick's state already
      }
    }
    return slow;
  }

  /** Sends case transitions to the screens of every scope of a feed they belong to. */
  function publish(feed: Feed, lines: TickerLine[]) {
    if (!lines.length) return;
    const active = new Set(activeScopes(feed));
    const batches = new Map<string, { prev: number; lines: TickerLine[] }>();
    for (const line of lines) {
      for (const scope of scopesOf(line.gridCode)) {
        let batch = batches.get(scope);
        if (!batch) {
          batch = { prev: feed.published.get(scope) ?? 0, lines: [] };
          batches.set(scope, batch);
        }
        feed.published.set(scope, line.seq);
        if (active.has(scope)) batch.lines.push(line);
      }
    }
    // encoded (and, when large, deflated) once per scope, broadcast as the same bytes to its room
    for (const [scope, batch] of batches) if (batch.lines.length) io.local.to(room(feed.id, scope)).emit('transitions', encodeTransitions(batch));
  }

  /** Moves each playing wall's projections on to its play time (one advance at a time per wall). */
  function advancePlaybacks() {
    for (const feed of playingWalls.values()) {
      const pb = feed.playback!;
      const clock = pb.clock();
      if (!clock || pb.busy) continue;
      const to = playTime(clock, Date.now());
      if (to <= pb.source.at) continue;
      pb.busy = true;
      pb.source.advanceTo(to).then(
        (lines) => {
          pb.busy = false;
          if (playingWalls.get(pb.wall) === feed) publish(feed, lines);
        },
        (err: Error) => {
          pb.busy = false;
          logger.error({ wall: pb.wall, err: err.message }, 'playback could not advance');
        },
      );
    }
  }

  let heatTick = 0;
  const timers = [
    setInterval(() => {
      advancePlaybacks();
      let skip: string[] | null = null;
      heatTick += 1;
      for (const feed of feeds.values()) {
        const changes = feed.cases.drainHeatChanges(feed.now());
        if (!changes.length) continue;
        skip ??= slowSockets();
        for (const scope of activeScopes(feed)) {
          const mine = scope === CITY_CODE ? changes : changes.filter(([i]) => deps.gridCodes[i]!.startsWith(scope));
          if (mine.length) io.local.to(room(feed.id, scope)).except(skip).emit('heat', { tick: heatTick, changes: mine });
        }
      }
    }, HEAT_TICK_MS),
    setInterval(() => {
      const skip = slowSockets();
      for (const feed of feeds.values()) {
        const now = feed.now();
        for (const scope of activeScopes(feed)) io.local.to(room(feed.id, scope)).except(skip).emit('kpis', kpisFor(feed, scope, now), Date.now());
      }
    }, KPI_TICK_MS),
    setInterval(() => {
      let skip: string[] | null = null;
      for (const feed of feeds.values()) {
        const { workers } = feed;
        const roster = workers.drainRoster();
        // append-only and small: every screen gets it, slow or not; out-of-scope ids blanked
        if (roster) for (const scope of activeScopes(feed)) io.local.to(room(feed.id, scope)).emit('roster', workers.rosterFor(roster, prefixOf(scope)));
        const moved = workers.drainMoved();
        // every worker is re-judged each tick: offline and idle come with time, not only with fixes
        const changed = workers.drainStateChanges(feed.now());
        if (!moved && !changed) continue;
        skip ??= slowSockets();
        for (const scope of activeScopes(feed)) {
          const frame = moved && workers.frameOf(moved, prefixOf(scope));
          if (frame) io.local.to(room(feed.id, scope)).except(skip).emit('positions', frame);
          const states = changed && workers.stateChangesOf(changed, prefixOf(scope));
          if (states && states.length) io.local.to(room(feed.id, scope)).except(skip).emit('workerStates', states);
        }
      }
    }, POSITION_TICK_MS),
    setInterval(() => {
      const skip = slowSockets();
      for (const feed of feeds.values()) {
        const now = feed.now();
        for (const scope of activeScopes(feed)) io.local.to(room(feed.id, scope)).except(skip).emit('trends', feed.views.trends(scope, now));
      }
    }, ticks.trendsMs),
    setInterval(() => {
      let skip: string[] | null = null;
      for (const feed of feeds.values()) {
        const now = feed.now();
        const scopes = activeScopes(feed);
        for (const scope of feed.alertsSent.keys()) if (!scopes.includes(scope)) feed.alertsSent.delete(scope);
        if (!scopes.length) continue;
        skip ??= slowSockets();
        for (const [scope, list] of feed.views.alerts(scopes, now)) {
          const signature = alertSignature(list);
          const sent = feed.alertsSent.get(scope);
          // a playback's alerts change with its clock, not with the server's: judged by signature alone
          if (sent && sent.signature === signature && (feed.playback || Date.now() - sent.at < ticks.alertsMs)) continue;
          feed.alertsSent.set(scope, { signature, at: Date.now() });
          io.local.to(room(feed.id, scope)).except(skip).emit('alerts', list);
        }
      }
    }, ticks.alertCheckMs),
  ];

  /** The screens of a wall, on whatever feed. */
  const socketsOfWall = (wall: string) => [...io.of('/').sockets.values()].filter((s) => s.data.wall === wall);

  /** Switches waiting for their instant (cleared on close). */
  const switches = new Set<ReturnType<typeof setTimeout>>();
  /** Per wall, the feed its screens will be on once the switches scheduled so far have run. */
  const scheduled = new Map<string, Feed>();

  /** Puts a wall's screens on a feed at the moment its state starts (the same instant on every screen). */
  function switchWall(wall: string, feed: Feed, at: number) {
    scheduled.set(wall, feed);
    const run = () => {
      const old = playingWalls.get(wall);
      if (feed === live) playingWalls.delete(wall);
      else playingWalls.set(wall, feed);
      if (old && old !== feed) feeds.delete(old.id);
      if (feed !== live) feeds.set(feed.id, feed);
      for (const socket of socketsOfWall(wall)) attach(socket, feed, undefined);
    };
    const wait = at - Date.now();
    if (wait <= 0) return run();
    const timer = setTimeout(() => {
      switches.delete(timer);
      run();
    }, wait);
    switches.add(timer);
  }

  /** A feed of the past for a wall, its projections folded up to `at`. */
  async function playbackFeed(wall: string, at: number, from?: PlaybackBase): Promise<Feed> {
    const source = await deps.openPlayback(at, from);
    playbackCount += 1;
    return {
      id: `playback:${wall}:${playbackCount}`, cases: source.cases, workers: source.workers, views: source.views, now: () => source.at,
      logId: `playback:${deps.logId}:${wall}:${playbackCount}`, published: new Map(source.cases.scopeSeqs()), alertsSent: new Map(),
      playback: { wall, source, clock: () => deps.wallState(wall)?.playback ?? null, busy: false },
    };
  }

  /** Pending feeds, prepared before a state is published and switched to when it starts. */
  const prepared = new Map<string, Feed>();

  return {
    io,
    /** Tells every socket (screens and consoles) let in by one of these keys why, and closes it: the key was revoked or expired. */
    disconnectKeys(keys: readonly EndedKey[]): number {
      const ended = new Map(keys.map((k) => [k.id, k.reason]));
      let count = 0;
      for (const nsp of io._nsps.values()) {
        for (const socket of nsp.sockets.values()) {
          const reason = ended.get((socket.data as { principal?: Principal }).principal?.keyId ?? '');
          if (!reason) continue;
          socket.emit('accessEnded', { reason, message: reason === 'revoked' ? 'the key of this screen was revoked' : 'the key of this screen expired (it was rotated)' });
          socket.disconnect(true);
          count += 1;
        }
      }
      if (count) logger.info({ keys: keys.map((k) => k.id), sockets: count }, 'sockets of ended keys told and disconnected');
      return count;
    },
    /** Sends live case transitions to the screens of every scope they belong to, as soon as they are folded. */
    publishTransitions(lines: TickerLine[]) {
      publish(live, lines);
    },
    /**
     * Before a wall's new state is published: a playback that starts, or moves back in time, gets
     * its projections folded first (the command's answer waits for it); forward moves fold on the ticks.
     */
    async prepare(prev: WallState, next: WallState) {
      if (!next.playback) return;
      // what the wall will be on, a switch still waiting for its instant included
      const current = scheduled.get(next.wall) ?? feedOfWall(next.wall);
      const at = playTime(next.playback, next.effectiveAt);
      const restart = !prev.playback || !current.playback || next.playback.from !== prev.playback.from || next.playback.to !== prev.playback.to || at < current.playback!.source.at;
      if (!restart) return;
      const started = performance.now();
      // a seek back within the same period starts from the period's base, not from the log's start
      const samePeriod = prev.playback && current.playback && next.playback.from === prev.playback.from && next.playback.to === prev.playback.to;
      const feed = await playbackFeed(next.wall, at, samePeriod ? current.playback!.source.base : undefined);
      prepared.set(next.wall, feed);
      logger.info({ wall: next.wall, at: new Date(at).toISOString(), ...feed.playback!.source.stats, ms: Math.round(performance.now() - started) }, 'playback prepared');
    },
    /** A wall's new state: to its screens (and, from playback to live or back, onto the other feed). */
    wallChanged(state: WallState) {
      io.local.to(wallRoom(state.wall)).emit('wallState', state);
      // a new playback feed, or live again; otherwise the wall stays on the feed it is (or will be) on
      const next = prepared.get(state.wall) ?? (state.playback ? null : live);
      prepared.delete(state.wall);
      if (next && next !== (scheduled.get(state.wall) ?? feedOfWall(state.wall))) switchWall(state.wall, next, state.effectiveAt);
    },
    /** Which screens of a wall have a browser connected, on every node. */
    async presence(wall: string): Promise<ScreenPresence[]> {
      const counts = new Map<string, number>();
      for (const s of await io.in(wallRoom(wall)).fetchSockets()) counts.set(s.data.screen, (counts.get(s.data.screen) ?? 0) + 1);
      return [...counts].map(([screen, connected]) => ({ screen, connected })).sort((a, b) => a.screen.localeCompare(b.screen));
    },
    async close() {
      timers.forEach(clearInterval);
      switches.forEach(clearTimeout);
      await io.close();
    },
  };
}
