// What goes to the screens on a clock rather than as it happens, one entry per tick: coalesced heat
// deltas, KPIs (also the feed's heartbeat), worker positions and states, trends and alerts — each
// computed once per feed and scope and sent to that scope's room, skipping the slow screens
// (backpressure.ts). Every tick runs over every feed, so a wall playing back the past never
// disturbs a live one.
import { ALERTS_TICK_MS, HEAT_TICK_MS, KPI_TICK_MS, POSITION_TICK_MS, TRENDS_TICK_MS } from '../../shared/protocol.ts';
import { CITY_CODE } from '../../shared/regions.ts';
import { alertSignature } from '../projections/alerts.ts';
import type { Feeds } from './feeds.ts';
import { activeScopes, activeViews, prefixOf, scopeRoom, viewRoom } from './rooms.ts';
import { kpisOf } from './screenSnapshot.ts';
import type { ScreenNamespace } from './socketServer.ts';

/** How often the alerts are recomputed to see whether they changed (pushed only when they did, or after ALERTS_TICK_MS). */
export const ALERT_CHECK_MS = 1000;

export interface PushTicks {
  trendsMs: number;
  alertsMs: number;
  alertCheckMs: number;
}
export const PUSH_TICKS: PushTicks = { trendsMs: TRENDS_TICK_MS, alertsMs: ALERTS_TICK_MS, alertCheckMs: ALERT_CHECK_MS };

export interface TickContext {
  screens: ScreenNamespace;
  feeds: Feeds;
  /** The sockets to skip this tick (computed at most once per tick, when something is to be sent). */
  slowSockets(): string[];
  gridCodes: readonly string[];
  gridsIn(code: string): ArrayLike<number>;
  ticks: PushTicks;
}

interface Tick {
  name: string;
  everyMs: number;
  run(): void;
}

export function screenTicks(ctx: TickContext): Tick[] {
  const { screens, feeds, gridCodes } = ctx;
  const to = (feed: string, scope: string) => screens.local.to(scopeRoom(feed, scope));
  // KPIs and alerts go to the screens by the region they view (their scope, or a drill-down inside it)
  const toView = (feed: string, region: string) => screens.local.to(viewRoom(feed, region));
  let heatTick = 0;

  const heat = () => {
    feeds.advancePlaybacks();
    let skip: string[] | null = null;
    heatTick += 1;
    for (const feed of feeds.all()) {
      const changes = feed.cases.drainHeatChanges(feed.now());
      if (!changes.length) continue;
      skip ??= ctx.slowSockets();
      for (const scope of activeScopes(screens, feed.id)) {
        const mine = scope === CITY_CODE ? changes : changes.filter(([i]) => gridCodes[i]!.startsWith(scope));
        if (mine.length) to(feed.id, scope).except(skip).emit('heat', { tick: heatTick, changes: mine });
      }
    }
  };

  const kpis = () => {
    const skip = ctx.slowSockets();
    for (const feed of feeds.all()) {
      const now = feed.now();
      for (const region of activeViews(screens, feed.id))
        toView(feed.id, region)
          .except(skip)
          .emit('kpis', kpisOf(feed, region, now, ctx.gridsIn), Date.now());
    }
  };

  const workers = () => {
    let skip: string[] | null = null;
    for (const feed of feeds.all()) {
      const { workers: w } = feed;
      const roster = w.drainRoster();
      // append-only and small: every screen gets it, slow or not; out-of-scope ids blanked
      if (roster) for (const scope of activeScopes(screens, feed.id)) to(feed.id, scope).emit('roster', w.rosterFor(roster, prefixOf(scope)));
      const moved = w.drainMoved();
      // every worker is re-judged each tick: offline and idle come with time, not only with fixes
      const changed = w.drainStateChanges(feed.now());
      if (!moved && !changed) continue;
      skip ??= ctx.slowSockets();
      for (const scope of activeScopes(screens, feed.id)) {
        const frame = moved && w.frameOf(moved, prefixOf(scope));
        if (frame) to(feed.id, scope).except(skip).emit('positions', frame);
        const states = changed && w.stateChangesOf(changed, prefixOf(scope));
        if (states?.length) to(feed.id, scope).except(skip).emit('workerStates', states);
      }
    }
  };

  const trends = () => {
    const skip = ctx.slowSockets();
    for (const feed of feeds.all()) {
      const now = feed.now();
      for (const scope of activeScopes(screens, feed.id)) to(feed.id, scope).except(skip).emit('trends', feed.views.trends(scope, now));
    }
  };

  const alerts = () => {
    let skip: string[] | null = null;
    for (const feed of feeds.all()) {
      const now = feed.now();
      const scopes = activeViews(screens, feed.id);
      for (const scope of feed.alertsSent.keys()) if (!scopes.includes(scope)) feed.alertsSent.delete(scope);
      if (!scopes.length) continue;
      skip ??= ctx.slowSockets();
      for (const [scope, list] of feed.views.alerts(scopes, now)) {
        const signature = alertSignature(list);
        const sent = feed.alertsSent.get(scope);
        // a playback's alerts change with its clock, not with the server's: judged by signature alone
        if (sent && sent.signature === signature && (feed.playback || Date.now() - sent.at < ctx.ticks.alertsMs)) continue;
        feed.alertsSent.set(scope, { signature, at: Date.now() });
        toView(feed.id, scope).except(skip).emit('alerts', list);
      }
    }
  };

  return [
    { name: 'heat', everyMs: HEAT_TICK_MS, run: heat },
    { name: 'kpis', everyMs: KPI_TICK_MS, run: kpis },
    { name: 'workers', everyMs: POSITION_TICK_MS, run: workers },
    { name: 'trends', everyMs: ctx.ticks.trendsMs, run: trends },
    { name: 'alerts', everyMs: ctx.ticks.alertCheckMs, run: alerts },
  ];
}
