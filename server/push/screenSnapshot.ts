// What a screen is sent on connect, on a switch of feed and when it has drained after being
// skipped: its scope's state on its feed — or, when it says what it last saw and the feed still has
// everything since, exactly the transitions it missed — with the latest trends and alerts of its
// scope (the same computation its room is sent, never one per socket).
import type { Kpis, WallSnapshot } from '../../shared/protocol.ts';
import type { ActiveRehearsal } from '../../shared/rehearsal.ts';
import { CITY_CODE } from '../../shared/regions.ts';
import { shanghaiDayStart } from '../../shared/shanghaiTime.ts';
import type { Feed } from './feeds.ts';
import { prefixOf } from './rooms.ts';

export interface SnapshotContext {
  geoVersion: string;
  /** Grid codes by wire index. */
  gridCodes: readonly string[];
  /** The wire indices of a region's grids. */
  gridsIn(code: string): ArrayLike<number>;
  /** How stale a scope's trends and alerts may be before they are computed again. */
  maxAgeMs: { trends: number; alerts: number };
  /** The rehearsal running now (every screen shows it, whatever its scope or feed). */
  rehearsal(): ActiveRehearsal | null;
}

/**
 * A scope's KPIs on a feed at `now`. A playback that has ended on a midnight (yesterday, 00:00 to
 * 24:00) is judged at the last instant of the day it played: the first instant of the next would
 * show 0 reported against a whole day (-100 %), true of no moment anyone watched.
 */
export function kpisOf(feed: Feed, scope: string, now: number, gridsIn: SnapshotContext['gridsIn']): Kpis {
  const clock = feed.playback?.clock();
  if (clock && now >= clock.to && now > clock.from && shanghaiDayStart(now) === now) now -= 1;
  const kpis =
    scope === CITY_CODE
      ? feed.cases.kpis(now, feed.workers.onlineCount(now))
      : feed.cases.kpis(now, feed.workers.onlineCount(now, scope), { code: scope, grids: gridsIn(scope) });
  return { ...kpis, region: scope };
}

/** `view`: the region whose KPIs and alerts the screen receives (its scope, or a drill-down inside it). */
export function screenSnapshot(feed: Feed, scope: string, resumeAfter: number | undefined, ctx: SnapshotContext, view = scope): WallSnapshot {
  const now = feed.now();
  const { cases, workers, views } = feed;
  const missed = resumeAfter === undefined ? null : cases.linesSince(scope, resumeAfter);
  const { ids, frame } = workers.fullFrame(prefixOf(scope));
  const heat = cases.heatEntries();
  const playing = feed.playback !== null;
  return {
    seq: cases.lastSeq(),
    logId: feed.logId,
    scope,
    scopeSeq: feed.published.get(scope) ?? 0,
    resumedFrom: missed ? resumeAfter! : null,
    serverTime: Date.now(),
    playbackAt: playing ? now : null,
    geoVersion: ctx.geoVersion,
    heat: scope === CITY_CODE ? heat : heat.filter(([i]) => ctx.gridCodes[i]!.startsWith(scope)),
    kpis: kpisOf(feed, view, now, ctx.gridsIn),
    ticker: missed ?? cases.ticker(scope),
    workerIds: ids,
    positions: frame,
    workerStates: workers.stateBytes(prefixOf(scope)),
    trends: views.recentTrends(scope, now, playing ? 0 : ctx.maxAgeMs.trends),
    alerts: views.recentAlerts(view, now, playing ? 0 : ctx.maxAgeMs.alerts),
    rehearsal: ctx.rehearsal(),
  };
}
