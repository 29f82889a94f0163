// Push to wall screens. Each screen shows a scope (the city, a district or a street) on its wall's
// feed (feeds.ts) and sits in that feed and scope's room, and in its wall's room. On connect it gets
// its wall's state, then a snapshot (screenSnapshot.ts); then its scope's case transitions as they
// are committed (transitionsOut.ts) and, on the ticks (screenTicks.ts), heat, KPIs, positions,
// worker states, trends and alerts. A slow screen is skipped on the ticks (backpressure.ts).
// Everything runs on the event loop: a snapshot is built and sent between two bus deliveries, so the
// deltas that follow it start exactly after it.
import { z } from 'zod';
import type { TickerLine } from '../../shared/protocol.ts';
import type { ActiveRehearsal } from '../../shared/rehearsal.ts';
import { READ_ROLES, aKey, withinScope } from '../../shared/access.ts';
import { Refusal } from '../../shared/refusal.ts';
import { screenViewSchema, type ScreenViewResult } from '../../shared/screenView.ts';
import { CITY_CODE } from '../../shared/regions.ts';
import { KEYBOARD_COMMANDS, wallStateForScope, type CommandResult, type ScreenPresence, type WallCommand, type WallState } from '../../shared/wallControl.ts';
import { canOpenWall, type Principal } from '../auth/accessKeys.ts';
import type { RateLimits } from '../auth/rateLimits.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { PlaybackBase, PlaybackFeed } from '../playback/playbackFeed.ts';
import type { CaseProjection } from '../projections/caseProjection.ts';
import type { ScopeViews } from '../projections/scopeViews.ts';
import type { WorkerPositions } from '../projections/workerPositions.ts';
import { createBackpressure } from './backpressure.ts';
import { answerClock, answerCommands } from './commandSocket.ts';
import { createFeeds, type Feed } from './feeds.ts';
import { scopeRoom, viewRoom, wallRoom, wallScopeRoom, wallScopes } from './rooms.ts';
import { kpisOf, screenSnapshot } from './screenSnapshot.ts';
import { PUSH_TICKS, screenTicks, type PushTicks } from './screenTicks.ts';
import { badHandshake, socketAdmission, type SocketAdmissionDeps } from './socketAdmission.ts';
import { guardSocketMessages } from './socketGuard.ts';
import type { ScreenData, ScreenNamespace } from './socketServer.ts';
import { publishTransitions } from './transitionsOut.ts';

const handshakeSchema = z.object({
  token: z.string().max(200),
  wall: z.string().regex(/^[a-z0-9-]{1,40}$/),
  screen: z.string().regex(/^\d{1,2}-\d{1,2}$/),
  scope: z
    .string()
    .regex(/^12\d{2}(\d{2}(\d{3})?)?$/, 'the city (1201), a district (6 digits) or a street (9 digits)')
    .default(CITY_CODE),
  lastSeq: z.number().int().min(0).optional(),
  logId: z.string().max(64).optional(),
});

export interface WallPushDeps extends SocketAdmissionDeps {
  screens: ScreenNamespace;
  cases: CaseProjection;
  workers: WorkerPositions;
  /** Trends and alerts per scope. */
  views: ScopeViews;
  geoVersion: string;
  /** The event log's identity. */
  logId: string;
  limits: RateLimits;
  /** Grid codes by wire index. */
  gridCodes: readonly string[];
  /** The wire indices of a region's grids. */
  gridsIn(code: string): ArrayLike<number>;
  /** Whether a code is a region a screen may show (the city, a district, a street). */
  isScope(code: string): boolean;
  /** Why a wall and screen cannot be served (an unknown wall, a screen not on it), or null. */
  screenProblem(wall: string, screen: string): string | null;
  /** A wall's presenter-held state. */
  wallState(wall: string): WallState | undefined;
  /** Whether a wall's screens may send keyboard commands. */
  keyboard(wall: string): boolean;
  /** The region a wall shows (its layout's scope, the city by default). */
  wallScope(wall: string): string;
  /** A case's grid (undefined: no such case), for what a narrower screen may see of a spotlight. */
  caseGrid(caseId: string): Promise<string | undefined>;
  /** Runs a command for a screen's keyboard (`by`: the screen's key). */
  command(wall: string, command: WallCommand, who: string, by: Principal): Promise<CommandResult>;
  /** The projections of the past at a moment, for a playback. */
  openPlayback(at: number, from?: PlaybackBase): Promise<PlaybackFeed>;
  /** The rehearsal running now (演练), in every snapshot. */
  rehearsal(): ActiveRehearsal | null;
  /** The trend and alert intervals (tests shorten them). */
  ticks?: Partial<PushTicks>;
  logger: Logger;
  metrics: Metrics;
}

export type WallPush = ReturnType<typeof startWallPush>;

export function startWallPush(deps: WallPushDeps) {
  const { screens, metrics, logger } = deps;
  const ticks: PushTicks = { ...PUSH_TICKS, ...deps.ticks };
  const snapshotContext = {
    geoVersion: deps.geoVersion,
    gridCodes: deps.gridCodes,
    gridsIn: deps.gridsIn,
    maxAgeMs: { trends: ticks.trendsMs, alerts: ticks.alertCheckMs },
    rehearsal: deps.rehearsal,
  };
  type ScreenSocket = Parameters<Parameters<ScreenNamespace['on']>[1]>[0];

  const sendSnapshot = (socket: ScreenSocket, resumeAfter: number | undefined) =>
    socket.emit('snapshot', screenSnapshot(feeds.get(socket.data.feed), socket.data.scope, resumeAfter, snapshotContext, socket.data.view));

  /** Moves a socket onto a feed (its wall's), with a fresh snapshot from it. */
  function attach(socket: ScreenSocket, feed: Feed, resumeAfter: number | undefined) {
    const old = socket.data.feed;
    if (old && old !== feed.id) {
      void socket.leave(scopeRoom(old, socket.data.scope));
      void socket.leave(viewRoom(old, socket.data.view));
    }
    socket.data.feed = feed.id;
    socket.data.stale = false;
    sendSnapshot(socket, resumeAfter);
    void socket.join(scopeRoom(feed.id, socket.data.scope));
    void socket.join(viewRoom(feed.id, socket.data.view));
  }

  /**
   * A drill-down: the socket's KPIs and alerts come from `region` (inside its scope) from now on;
   * null goes back to its scope. Refused, changing nothing, outside its scope. `changed`: the
   * region is new, and its KPIs and alerts are to be sent (after the answer, so the screen knows
   * what they are of before they come).
   */
  function setView(socket: ScreenSocket, request: unknown): { result: ScreenViewResult; changed: boolean } {
    const parsed = screenViewSchema.safeParse(request);
    if (!parsed.success)
      return {
        result: { ok: false, code: 'invalid_view', message: parsed.error.issues.map((i) => `${i.path.join('.') || 'view'}: ${i.message}`).join('; ') },
        changed: false,
      };
    const { scope, feed, principal } = socket.data;
    const region = parsed.data.region ?? scope;
    if (!withinScope(region, scope))
      return {
        result: {
          ok: false,
          code: 'outside_scope',
          message: `region ${region} is outside this screen's scope ${scope} (the key "${principal.label}" sees ${principal.scope}): it shows its own region only`,
        },
        changed: false,
      };
    if (!deps.isScope(region))
      return { result: { ok: false, code: 'unknown_region', message: `no district or street ${region} in the geography` }, changed: false };
    const changed = region !== socket.data.view;
    if (changed) {
      void socket.leave(viewRoom(feed, socket.data.view));
      socket.data.view = region;
      void socket.join(viewRoom(feed, region));
    }
    return { result: { ok: true, region }, changed };
  }

  /** A screen's KPIs and alerts of the region it views, at once. */
  function sendView(socket: ScreenSocket): void {
    const feed = feeds.get(socket.data.feed);
    const now = feed.now();
    socket.emit('kpis', kpisOf(feed, socket.data.view, now, deps.gridsIn), Date.now());
    socket.emit('alerts', feed.views.recentAlerts(socket.data.view, now, feed.playback ? 0 : ticks.alertCheckMs));
  }

  const feeds = createFeeds({
    cases: deps.cases,
    workers: deps.workers,
    views: deps.views,
    logId: deps.logId,
    wallState: deps.wallState,
    openPlayback: deps.openPlayback,
    logger,
    moveWall: (wall, feed) => {
      for (const socket of screens.sockets.values()) if (socket.data.wall === wall) attach(socket, feed, undefined);
    },
    publish: (feed, lines) => publishTransitions(screens, feed, lines),
  });
  // a drained screen's fresh state resumes from where its feed is: nothing missed
  const backpressure = createBackpressure(screens, metrics, (socket) =>
    sendSnapshot(socket, feeds.get(socket.data.feed).published.get(socket.data.scope) ?? 0),
  );

  screens.use(
    socketAdmission('/', deps, {
      schema: handshakeSchema,
      what: 'a screen token',
      welcome: (hs, p): ScreenData | Refusal => {
        // a presenter may open a screen too (to check the wall from the console's laptop): it is read-only all the same
        if (!READ_ROLES.includes(p.role)) return new Refusal('forbidden', `${aKey(p.role)} ("${p.label}") cannot open a screen`);
        if (!canOpenWall(p, hs.wall)) return new Refusal('forbidden', `the key "${p.label}" opens ${p.walls!.join(', ')} only, not wall ${hs.wall}`);
        if (!withinScope(hs.scope, p.scope))
          return new Refusal(
            'outside_scope',
            `the key "${p.label}" sees ${p.scope} only; scope ${hs.scope} is outside it (open the wall with &scope=${p.scope})`,
          );
        if (!deps.isScope(hs.scope)) return badHandshake(`scope ${hs.scope} is not the city, a district or a street of the geography`);
        const problem = deps.screenProblem(hs.wall, hs.screen);
        if (problem) return badHandshake(problem);
        // a seq from another log (the store was replaced, another deployment, or a playback) means nothing here
        const resumeAfter = hs.logId === feeds.ofWall(hs.wall).logId ? hs.lastSeq : undefined;
        return { feed: '', wall: hs.wall, screen: hs.screen, scope: hs.scope, view: hs.scope, stale: false, resumeAfter, principal: p };
      },
    }),
  );

  // A wall's state as each screen may see it: whole for a screen of the wall's region or wider, cut
  // for a narrower one (wallStateForScope): a spotlighted case's grid is looked up once per case.
  const spotlightGrids = new Map<string, string | undefined>();
  const spotlightKnown = (state: WallState) => state.spotlight === null || spotlightGrids.has(state.spotlight);
  async function lookUpSpotlight(state: WallState): Promise<void> {
    if (spotlightKnown(state)) return;
    const grid = await deps.caseGrid(state.spotlight!).catch(() => undefined);
    if (spotlightGrids.size > 100) spotlightGrids.clear(); // a handful of spotlights a day; bounded all the same
    spotlightGrids.set(state.spotlight!, grid);
  }
  const stateFor = (state: WallState, scope: string): WallState =>
    withinScope(deps.wallScope(state.wall), scope) ? state : wallStateForScope(state, scope, spotlightGrids.get(state.spotlight ?? ''));
  /** Per wall, the states being sent, in order (a lookup must not let a later state overtake an earlier one). */
  const sending = new Map<string, Promise<void>>();
  function sendWallState(state: WallState, to: () => void): void {
    const pending = sending.get(state.wall);
    // the common case at once, in step with the feed's move (a playback's snapshot follows its state)
    if (!pending && spotlightKnown(state)) {
      to();
      return;
    }
    const next = (pending ?? Promise.resolve())
      .then(() => lookUpSpotlight(state))
      .then(to)
      .finally(() => {
        if (sending.get(state.wall) === next) sending.delete(state.wall);
      });
    sending.set(state.wall, next);
  }

  screens.on('connection', (socket) => {
    metrics.screensConnected.inc();
    const { wall, screen, scope } = socket.data;
    const state = deps.wallState(wall);
    // before the data: the screen knows at once what it is showing (after a lookup only for a spotlight not seen yet)
    if (state && spotlightKnown(state)) socket.emit('wallState', stateFor(state, scope));
    else if (state) sendWallState(state, () => socket.emit('wallState', stateFor(deps.wallState(wall) ?? state, scope)));
    void socket.join(wallRoom(wall));
    void socket.join(wallScopeRoom(wall, scope));
    guardSocketMessages(socket, deps.limits, logger, deps.clientAddress(socket.request));
    attach(socket, feeds.ofWall(wall), socket.data.resumeAfter);
    answerClock(socket);
    // a screen is read-only, but a keyboard wall's screens may step scenes and go back to live
    answerCommands(
      socket,
      (command): CommandResult | Promise<CommandResult> => {
        if (deps.keyboard(wall) && KEYBOARD_COMMANDS.includes(command.type)) return deps.command(wall, command, `keyboard ${screen}`, socket.data.principal);
        return {
          ok: false,
          code: 'forbidden',
          message: deps.keyboard(wall)
            ? `a screen's keyboard may only step through scenes and go back to live (${KEYBOARD_COMMANDS.join(', ')}); use the presenter console`
            : `screens are read-only: commanding wall ${wall} needs a presenter token (the console /console/${wall}), or keyboard control enabled in its layout`,
        };
      },
      { logger, wall },
    );
    socket.on('view', (...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof ack !== 'function') return; // nobody to answer: nothing is done
      const { result, changed } = setView(socket, args.length === 2 ? args[0] : undefined);
      if (!result.ok) logger.info({ wall, screen, scope: socket.data.scope, refused: result.message }, 'screen view refused');
      (ack as (r: ScreenViewResult) => void)(result);
      if (changed) sendView(socket);
    });
    socket.on('disconnect', () => {
      metrics.screensConnected.dec();
      presenceChanged(wall);
    });
    presenceChanged(wall);
    logger.debug({ wall, screen, scope: socket.data.scope, resumed: socket.data.resumeAfter }, 'screen connected');
  });

  const presenceListeners: ((wall: string) => void)[] = [];
  const presenceChanged = (wall: string) => presenceListeners.forEach((listener) => listener(wall));

  const timers = screenTicks({ screens, feeds, slowSockets: () => backpressure.slowSockets(), gridCodes: deps.gridCodes, gridsIn: deps.gridsIn, ticks }).map(
    (tick) => setInterval(tick.run, tick.everyMs),
  );

  return {
    /** Sends live case transitions to the screens of every scope they belong to, as soon as they are folded. */
    publishTransitions(lines: TickerLine[]) {
      publishTransitions(screens, feeds.live, lines);
    },
    /** Before a wall's new state is published (a playback's projections are folded first). */
    prepare: (prev: WallState, next: WallState) => feeds.prepare(prev, next),
    /** A wall's new state: to its screens (and, from playback to live or back, onto the other feed). */
    wallChanged(state: WallState) {
      sendWallState(state, () => {
        for (const scope of wallScopes(screens, state.wall)) screens.local.to(wallScopeRoom(state.wall, scope)).emit('wallState', stateFor(state, scope));
      });
      feeds.wallChanged(state);
    },
    /** A rehearsal started, stopped or ran out: every screen of this node, whatever its wall and scope, shows it (or no longer). */
    rehearsalChanged(rehearsal: ActiveRehearsal | null) {
      screens.local.emit('rehearsal', rehearsal);
    },
    /** Tells `listener` of a wall whose screens with a browser connected changed (on this node). */
    onPresenceChanged(listener: (wall: string) => void) {
      presenceListeners.push(listener);
    },
    /** Which screens of a wall have a browser connected, on every node. */
    async presence(wall: string): Promise<ScreenPresence[]> {
      const counts = new Map<string, number>();
      for (const s of await screens.in(wallRoom(wall)).fetchSockets()) counts.set(s.data.screen, (counts.get(s.data.screen) ?? 0) + 1);
      return [...counts].map(([screen, connected]) => ({ screen, connected })).sort((a, b) => a.screen.localeCompare(b.screen));
    },
    close() {
      timers.forEach(clearInterval);
      feeds.close();
    },
  };
}
