// Where a screen's data come from: the live projections, or, while its wall plays back the past,
// that wall's playback projections (server/playback), advanced on every heat tick to the wall's play
// time. A wall's new state may switch its screens from one feed to the other at the instant the
// state starts (the same on every screen); a playback that starts, or moves back in time, has its
// projections folded before the state is published.
import { playTime, type WallState } from '../../shared/wallControl.ts';
import type { TickerLine } from '../../shared/protocol.ts';
import type { Logger } from '../observability/logger.ts';
import type { PlaybackBase, PlaybackFeed } from '../playback/playbackFeed.ts';
import type { CaseProjection } from '../projections/caseProjection.ts';
import type { ScopeViews } from '../projections/scopeViews.ts';
import type { WorkerPositions } from '../projections/workerPositions.ts';
import { LIVE } from './rooms.ts';

export interface Feed {
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

export interface FeedsDeps {
  cases: CaseProjection;
  workers: WorkerPositions;
  views: ScopeViews;
  /** The event log's identity. */
  logId: string;
  /** A wall's presenter-held state (its play clock). */
  wallState(wall: string): WallState | undefined;
  /** The projections of the past at a moment (from an earlier feed's base when there is one before it). */
  openPlayback(at: number, from?: PlaybackBase): Promise<PlaybackFeed>;
  /** Puts a wall's screens on a feed (a fresh snapshot from it). */
  moveWall(wall: string, feed: Feed): void;
  /** Sends a playback's transitions to its screens. */
  publish(feed: Feed, lines: TickerLine[]): void;
  logger: Logger;
}

export type Feeds = ReturnType<typeof createFeeds>;

export function createFeeds(deps: FeedsDeps) {
  const { logger } = deps;
  const live: Feed = {
    id: LIVE,
    cases: deps.cases,
    workers: deps.workers,
    views: deps.views,
    now: Date.now,
    logId: deps.logId,
    // starts where the fold left it
    published: new Map(deps.cases.scopeSeqs()),
    alertsSent: new Map(),
    playback: null,
  };
  const byId = new Map<string, Feed>([[LIVE, live]]);
  /** The feed of each wall in playback. */
  const playingWalls = new Map<string, Feed>();
  let playbackCount = 0;
  const ofWall = (wall: string) => playingWalls.get(wall) ?? live;
  /** Switches waiting for their instant (cleared on close). */
  const switches = new Set<ReturnType<typeof setTimeout>>();
  /** Per wall, the feed its screens will be on once the switches scheduled so far have run. */
  const scheduled = new Map<string, Feed>();
  /** Pending feeds, prepared before a state is published and switched to when it starts. */
  const prepared = new Map<string, Feed>();

  /** Puts a wall's screens on a feed at the moment its state starts. */
  function switchWall(wall: string, feed: Feed, at: number) {
    scheduled.set(wall, feed);
    const run = () => {
      const old = playingWalls.get(wall);
      if (feed === live) playingWalls.delete(wall);
      else playingWalls.set(wall, feed);
      if (old && old !== feed) byId.delete(old.id);
      if (feed !== live) byId.set(feed.id, feed);
      deps.moveWall(wall, feed);
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
      id: `playback:${wall}:${playbackCount}`,
      cases: source.cases,
      workers: source.workers,
      views: source.views,
      now: () => source.at,
      logId: `playback:${deps.logId}:${wall}:${playbackCount}`,
      published: new Map(source.cases.scopeSeqs()),
      alertsSent: new Map(),
      playback: { wall, source, clock: () => deps.wallState(wall)?.playback ?? null, busy: false },
    };
  }

  return {
    live,
    /** A screen's feed by id (live if that feed has gone). */
    get: (id: string) => byId.get(id) ?? live,
    /** The feed a wall's screens are on. */
    ofWall,
    /** Every feed, live first. */
    all: () => byId.values(),

    /** Moves each playing wall's projections on to its play time (one advance at a time per wall). */
    advancePlaybacks() {
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
            if (playingWalls.get(pb.wall) === feed) deps.publish(feed, lines);
          },
          (err: Error) => {
            pb.busy = false;
            logger.error({ wall: pb.wall, err: err.message }, 'playback could not advance');
          },
        );
      }
    },

    /**
     * Before a wall's new state is published: a playback that starts, or moves back in time, gets
     * its projections folded first (the command's answer waits for it); forward moves fold on the ticks.
     */
    async prepare(prev: WallState, next: WallState) {
      if (!next.playback) return;
      // what the wall will be on, a switch still waiting for its instant included
      const current = scheduled.get(next.wall) ?? ofWall(next.wall);
      const at = playTime(next.playback, next.effectiveAt);
      const restart =
        !prev.playback ||
        !current.playback ||
        next.playback.from !== prev.playback.from ||
        next.playback.to !== prev.playback.to ||
        at < current.playback.source.at;
      if (!restart) return;
      const started = performance.now();
      // a seek back within the same period starts from the period's base, not from the log's start
      const samePeriod = prev.playback && current.playback && next.playback.from === prev.playback.from && next.playback.to === prev.playback.to;
      const feed = await playbackFeed(next.wall, at, samePeriod ? current.playback!.source.base : undefined);
      prepared.set(next.wall, feed);
      logger.info(
        { wall: next.wall, at: new Date(at).toISOString(), ...feed.playback!.source.stats, ms: Math.round(performance.now() - started) },
        'playback prepared',
      );
    },

    /** A wall's new state: from playback to live or back, its screens go onto the other feed when it starts. */
    wallChanged(state: WallState) {
      // a new playback feed, or live again; otherwise the wall stays on the feed it is (or will be) on
      const next = prepared.get(state.wall) ?? (state.playback ? null : live);
      prepared.delete(state.wall);
      if (next && next !== (scheduled.get(state.wall) ?? ofWall(state.wall))) switchWall(state.wall, next, state.effectiveAt);
    },

    close() {
      switches.forEach(clearTimeout);
    },
  };
}
