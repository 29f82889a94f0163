// The projections as they were at a past moment, for a wall that plays the past back: a fresh case
// projection folded from the log in the order things happened (up to the play time), worker
// positions from the sampled tracks, and the scope views over them, everything judged at play time.
// advanceTo moves it forward as the wall's playback clock runs; a seek back opens a new feed.
import type { CaseEvent, PositionFix } from '../../shared/caseEvent.ts';
import type { TickerLine } from '../../shared/protocol.ts';
import type { GridIndex } from '../geo/gridIndex.ts';
import { createCaseProjection, type CaseProjection, type ProjectionState } from '../projections/caseProjection.ts';
import { createScopeViews, type ScopeViews } from '../projections/scopeViews.ts';
import type { TrendSources } from '../projections/trends.ts';
import { ONLINE_WINDOW_MS, createWorkerPositions, type WorkerPositions } from '../projections/workerPositions.ts';
import type { StoredCaseEvent } from '../../shared/caseEvent.ts';
import type { EventLog } from '../store/eventLog.ts';
import type { PositionSample, TrackStore } from '../store/trackStore.ts';

/** Events read per page while folding. */
export const PLAYBACK_PAGE = 10_000;
/**
 * How far before the target moment the samples are read: a worker with no sample in that long is
 * offline anyway, so a fast time-lapse reads only the last minutes of each step, not all of it.
 */
export const SAMPLE_LOOKBACK_MS = ONLINE_WINDOW_MS;
/** Samples read per page (at most one per worker per 30 s, so far more than share one instant). */
export const SAMPLE_PAGE = 100_000;

/**
 * The event without its optimistic-concurrency version, checked once at ingest: an overdue event
 * noticed late sorts after the case's later steps in time order, which would make their versions stale.
 */
function withoutVersion(event: CaseEvent): CaseEvent {
  if (event.caseVersion === undefined) return event;
  const copy = { ...event };
  delete copy.caseVersion;
  return copy;
}

export interface PlaybackFeed {
  /** The moment folded up to (epoch ms). */
  readonly at: number;
  /** Heat, KPIs, open cases and ticker, judged at `at` (its clock is the play time). */
  readonly cases: CaseProjection;
  /** Positions from the sampled tracks; judge states with drainStateChanges(at), onlineCount(at). */
  readonly workers: WorkerPositions;
  /** Trends and alerts over `cases`; call them with `at`. */
  readonly views: ScopeViews;
  /**
   * Folds what occurred in (at, to] and moves the worker positions to `to`; returns the ticker lines
   * of the folded events in the order they occurred. Forward only (to < at rejects). Calls run one
   * after another.
   */
  advanceTo(to: number): Promise<TickerLine[]>;
  /** Events folded and skipped so far, and the ms spent reading and folding them. */
  readonly stats: { events: number; skipped: number; foldMs: number };
  /** The projections as they were when the feed was opened: a later feed of the same period opens from here instead of the log's start. */
  readonly base: PlaybackBase;
}

/** A playback projection's state at a moment, kept to open later feeds from (a seek back within a period). */
export interface PlaybackBase {
  at: number;
  state: ProjectionState;
  /** Where the fold stood in the log's (occurred_at, seq) order, and the ordinal seqs given so far. */
  key: { at: number; seq: number };
  ordinal: number;
}

export interface PlaybackDeps extends Pick<TrendSources, 'childrenOf' | 'gridsIn'> {
  log: Pick<EventLog, 'readEventsByTime'>;
  tracks: Pick<TrackStore, 'readBetween'>;
  grids: GridIndex;
}

/**
 * Opens a feed at `at`: folds every event that occurred up to then and places the workers from the
 * samples of the minutes before. It starts as a snapshot does: heat changes, roster, moves and worker
 * states are drained, so the ticks that follow carry only what changes after `at`.
 */
export async function openPlaybackFeed(deps: PlaybackDeps, at: number, from?: PlaybackBase): Promise<PlaybackFeed> {
  const { log, tracks, grids } = deps;
  let playAt = at;
  const cases = createCaseProjection(
    grids.grids.length,
    grids.indexOf,
    grids.grids.map((g) => g.code),
    () => playAt,
  );
  const workers = createWorkerPositions();
  const views = createScopeViews({ cases, childrenOf: deps.childrenOf, gridsIn: deps.gridsIn });
  const stats = { events: 0, skipped: 0, foldMs: 0 };
  /** The (occurred_at, seq) of the last event read: the next page starts after it. */
  let key = { at: -Infinity, seq: 0 };
  /**
   * The seq the projection sees: 1, 2, 3 … in playback order. Log seqs are not monotonic in time
   * order, and the projection drops an event whose seq is not above the last one's.
   */
  let ordinal = 0;

  async function foldUpTo(to: number, collect: boolean): Promise<TickerLine[]> {
    const lines: TickerLine[] = [];
    for (;;) {
      const page = await log.readEventsByTime(key, to, PLAYBACK_PAGE);
      if (!page.length) break;
      const last = page.at(-1)!;
      key = { at: Date.parse(last.event.at), seq: last.seq };
      const renumbered = page.map((e): StoredCaseEvent => ({ seq: ++ordinal, recordedAt: e.recordedAt, event: withoutVersion(e.event) }));
      let skipped = 0;
      const folded = cases.apply(renumbered, () => (skipped += 1));
      stats.events += page.length - skipped;
      stats.skipped += skipped;
      if (collect) for (const line of folded) lines.push(line);
      if (page.length < PLAYBACK_PAGE) break;
    }
    return lines;
  }

  async function moveWorkers(from: number, to: number): Promise<void> {
    let after = Math.max(from, to - SAMPLE_LOOKBACK_MS);
    for (;;) {
      const page = await tracks.readBetween(after, to, SAMPLE_PAGE);
      workers.apply(page.map(toFix));
      if (page.length < SAMPLE_PAGE) break;
      const lastAt = page.at(-1)!.at;
      if (lastAt === page[0]!.at) throw new Error(`more than ${SAMPLE_PAGE} position samples at one instant (${new Date(lastAt).toISOString()})`);
      // the last instant again: more samples of it may follow; a fix applied twice changes nothing
      after = lastAt - 1;
    }
  }

  const toFix = (s: PositionSample): PositionFix => ({
    workerId: s.workerId,
    lon: s.lon,
    lat: s.lat,
    at: new Date(s.at).toISOString(),
    // samples stored before the grid was kept: the grid he stood in
    gridCode: s.gridCode ?? grids.locate(s.lon, s.lat)?.code ?? '',
  });

  const timed = async <T>(work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      stats.foldMs += performance.now() - t0;
    }
  };

  await timed(async () => {
    if (from && from.at <= at) {
      // from an earlier feed's opening state (a copy: that feed may still be folding on)
      cases.importState(structuredClone(from.state));
      key = { ...from.key };
      ordinal = from.ordinal;
    }
    await foldUpTo(at, false);
    await moveWorkers(-Infinity, at);
  });
  // the earliest state of the period stays the base: any later seek back within it starts there
  const base: PlaybackBase = from && from.at <= at ? from : { at, state: structuredClone(cases.exportState()), key: { ...key }, ordinal };
  cases.drainHeatChanges(at);
  workers.drainRoster();
  workers.drainMoved();
  workers.drainStateChanges(at);

  let queue: Promise<unknown> = Promise.resolve();
  return {
    get at() {
      return playAt;
    },
    cases,
    workers,
    views,
    stats,
    base,
    advanceTo(to: number): Promise<TickerLine[]> {
      const run = queue.then(() => {
        if (!(to >= playAt))
          throw new RangeError(
            `a playback moves forward only: ${new Date(to).toISOString()} is before ${new Date(playAt).toISOString()}; open a new feed to go back`,
          );
        const from = playAt;
        // the clock first: what is folded now is judged at `to`, as a feed opened at `to` judges it
        playAt = to;
        return timed(async () => {
          const lines = await foldUpTo(to, true);
          await moveWorkers(from, to);
          return lines;
        });
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
