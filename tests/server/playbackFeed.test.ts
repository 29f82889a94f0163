// Playback on both engines: a feed opened at a past moment T shows what a projection folded from
// only the events that occurred by T shows, judged at T; advancing it to T2 gives what opening at T2
// gives; its workers stand where their samples before T put them; an event that cannot be folded in
// time order is skipped and counted; and the live projection is left as it was.
import { serialize } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../shared/caseEvent.ts';
import { decodePositionFrame } from '../../shared/positionFrame.ts';
import { TICKER_SIZE, WORKER_STATES, type TickerLine } from '../../shared/protocol.ts';
import { CITY_CODE } from '../../shared/regions.ts';
import { loadRegionTree } from '../../server/geo/regionTree.ts';
import { openPlaybackFeed, type PlaybackDeps, type PlaybackFeed } from '../../server/playback/playbackFeed.ts';
import { createCaseProjection } from '../../server/projections/caseProjection.ts';
import { rebuildFromLog } from '../../server/projections/rebuild.ts';
import { createScopeViews } from '../../server/projections/scopeViews.ts';
import type { WorkerPositions } from '../../server/projections/workerPositions.ts';
import type { StoredCaseEvent } from '../../shared/caseEvent.ts';
import type { Stores } from '../../server/store/stores.ts';
import { ENGINES, dropStore, newStoreLocation, openStoreAt, type StoreLocation } from '../support/engines.ts';
import { GRID, OTHER_GRID, commitEntries, fix, grids, reported } from '../support/factories.ts';
import { wallSeed } from '../support/wallSeed.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const tree = loadRegionTree('public', grids.grids);
const childrenOf = (code: string) => (tree.get(code)?.children ?? []).map((c) => tree.get(c)!).filter((c) => c.level !== 'grid');
const gridsIn = (code: string) => grids.gridsIn(code);
const gridCodes = grids.grids.map((g) => g.code);
const HONGQIAO = '120106';
const BURST_STREET = '120106004';
const SCOPES = [CITY_CODE, HONGQIAO, BURST_STREET];

// the seed's day ends 10 minutes ago; T is in the afternoon of it, T2 inside its last hour's burst
const seedNow = Date.now() - 10 * MIN;
const T = seedNow - 5 * HOUR - 17_000;
const T2 = seedNow - 20 * MIN;

/** Worker tracks: one sample per worker per 30 s, as position ingest keeps them. */
function tracks() {
  const start = T - 20 * MIN;
  const samples: ReturnType<typeof fix>[] = [];
  const track = (workerId: string, gridCode: string, from: number, to: number, step: (k: number) => [number, number]) => {
    const g = grids.grids[grids.indexOf(gridCode)!]!;
    for (let at = from, k = 0; at <= to; at += 30_000, k++) {
      const [dx, dy] = step(k);
      samples.push(fix(workerId, { gridCode, lon: g.centroid[0] + dx, lat: g.centroid[1] + dy, at: new Date(at).toISOString() }));
    }
  };
  for (let w = 0; w < 5; w++) track(`WALK-${w}`, GRID, start + w * 7_000, T2 + 5 * MIN, (k) => [k * 0.0012, w * 0.001]); // ~100 m a step
  track('STILL', OTHER_GRID, start, T2, () => [0, 0]);
  track('GONE', GRID, start, T - 10 * MIN, (k) => [k * 0.0012, 0]); // fell silent 10 minutes before T
  track('LATE', OTHER_GRID, T + 10 * MIN, T2, (k) => [k * 0.0012, 0]); // starts after T
  return samples;
}

interface WorkerView {
  lon: number;
  lat: number;
  state: string;
}
/** What a snapshot of these workers would show: id -> position and state, the online ones only. */
function onlineWorkers(workers: WorkerPositions): Map<string, WorkerView> {
  const { ids, frame } = workers.fullFrame();
  const { indices, coords } = decodePositionFrame(frame);
  const states = new Uint8Array(workers.stateBytes());
  const out = new Map<string, WorkerView>();
  indices.forEach((i, k) => {
    const state = WORKER_STATES[states[i]!]!;
    if (state !== 'offline') out.set(ids[i]!, { lon: coords[2 * k]!, lat: coords[2 * k + 1]!, state });
  });
  return out;
}

const occurred = (e: StoredCaseEvent) => Date.parse(e.event.at);
const byTime = (a: StoredCaseEvent, b: StoredCaseEvent) => occurred(a) - occurred(b) || a.seq - b.seq;
const what = (l: Pick<TickerLine, 'caseId' | 'type' | 'at'>) => `${l.caseId} ${l.type} ${l.at}`;
const whatEvent = (e: StoredCaseEvent) => `${e.event.caseId} ${e.event.type} ${occurred(e)}`;

describe.each(ENGINES)('playback feed on %s', (engine) => {
  let loc: StoreLocation;
  let store: Stores;
  let deps: PlaybackDeps;
  /** The whole log as stored, in log order. */
  let stored: StoredCaseEvent[];
  const gridOfCase = new Map<string, string>();
  const samples = tracks();

  beforeAll(async () => {
    loc = newStoreLocation(engine);
    store = await openStoreAt(loc);
    deps = { log: store.log, tracks: store.tracks, grids, childrenOf, gridsIn };
    // committed case by case, so the log's order is not the order things happened in
    const events = [...wallSeed({ cases: 1500, seed: 11, now: seedNow }).events].sort((a, b) => a.caseId.localeCompare(b.caseId));
    const states = new Map();
    for (let i = 0; i < events.length; i += 500) await store.log.commit(commitEntries(events.slice(i, i + 500), states), seedNow);
    await store.tracks.append(samples);
    stored = await store.log.readEvents(0, 1_000_000);
    expect(stored.map((e) => e.event.eventId)).toEqual(events.map((e) => e.eventId));
    for (const e of stored) if (e.event.type === 'reported') gridOfCase.set(e.event.caseId, e.event.gridCode);
  });
  afterAll(async () => {
    await store.close();
    await dropStore(loc);
  });

  /** The independent recomputation: a fresh projection folded, in log order, from only the events that occurred by `now`. */
  function recomputed(now: number) {
    const cases = createCaseProjection(grids.grids.length, grids.indexOf, gridCodes, () => now);
    cases.apply(stored.filter((e) => occurred(e) <= now));
    return { cases, views: createScopeViews({ cases, childrenOf, gridsIn }) };
  }

  /** Heat, KPIs, open cases, trends and alerts of a feed and of the recomputation, at `now`. */
  function expectSameAggregates(feed: PlaybackFeed, now: number) {
    const expected = recomputed(now);
    expect(feed.at).toBe(now);
    expect(feed.cases.heatEntries()).toEqual(expected.cases.heatEntries());
    expect(feed.cases.heatEntries().some(([, , , overdue]) => overdue > 0)).toBe(true);
    const online = feed.workers.onlineCount(now);
    expect(feed.cases.kpis(now, online)).toEqual(expected.cases.kpis(now, online));
    const district = { code: HONGQIAO, grids: gridsIn(HONGQIAO) };
    expect(feed.cases.kpis(now, 0, district)).toEqual(expected.cases.kpis(now, 0, district));
    const ids = (list: { caseId: string }[]) => list.map((c) => c.caseId).sort();
    expect(ids(feed.cases.openCases())).toEqual(ids(expected.cases.openCases()));
    expect(feed.cases.openCases().sort((a, b) => a.caseId.localeCompare(b.caseId))).toEqual(
      expected.cases.openCases().sort((a, b) => a.caseId.localeCompare(b.caseId)),
    );
    for (const scope of SCOPES) expect(feed.views.trends(scope, now)).toEqual(expected.views.trends(scope, now));
    expect(feed.views.alerts(SCOPES, now)).toEqual(expected.views.alerts(SCOPES, now));
  }

  /** The ticker shows the latest events that occurred by `now`, in the order they occurred, numbered 1, 2, 3 … in that order. */
  function expectTicker(feed: PlaybackFeed, now: number) {
    const upTo = stored.filter((e) => occurred(e) <= now).sort(byTime);
    for (const scope of SCOPES) {
      const inScope = upTo.filter((e) => gridOfCase.get(e.event.caseId)!.startsWith(scope));
      expect(feed.cases.ticker(scope).map(what)).toEqual(inScope.slice(-TICKER_SIZE).map(whatEvent));
      if (scope !== BURST_STREET) expect(inScope.length).toBeGreaterThan(TICKER_SIZE);
    }
    const city = feed.cases.ticker(CITY_CODE);
    expect(city.map((l) => l.seq)).toEqual(Array.from({ length: city.length }, (_, k) => upTo.length - city.length + 1 + k));
    expect(new Map(feed.cases.scopeSeqs()).get(CITY_CODE)).toBe(upTo.length);
  }

  it('opened at T, shows what the events that occurred by T give, judged at T', async () => {
    const feed = await openPlaybackFeed(deps, T);
    expect(feed.stats.events).toBe(stored.filter((e) => occurred(e) <= T).length);
    expect(feed.stats.skipped).toBe(0);
    expectSameAggregates(feed, T);
    expectTicker(feed, T);
    // the workers stand where their last sample before T puts them, judged at T
    const workers = onlineWorkers(feed.workers);
    expect([...workers.keys()].sort()).toEqual(['STILL', 'WALK-0', 'WALK-1', 'WALK-2', 'WALK-3', 'WALK-4']);
    for (const [id, seen] of workers) {
      const last = samples.filter((s) => s.workerId === id && Date.parse(s.at) <= T).at(-1)!;
      expect([seen.lon, seen.lat]).toEqual([Math.fround(last.lon), Math.fround(last.lat)]);
    }
    expect(workers.get('STILL')!.state).toBe('idle');
    expect(workers.get('WALK-0')!.state).toBe('patrolling');
    expect(feed.workers.onlineCount(T, OTHER_GRID)).toBe(1); // a scope's count: STILL's grid
  });

  it('advanced from T to T2, returns what occurred in between in order and equals a feed opened at T2', async () => {
    const feed = await openPlaybackFeed(deps, T);
    const between = stored.filter((e) => occurred(e) > T && occurred(e) <= T2).sort(byTime);
    const before = stored.filter((e) => occurred(e) <= T).length;
    const lines = await feed.advanceTo(T2);
    expect(lines.map(what)).toEqual(between.map(whatEvent));
    expect(lines.map((l) => l.seq)).toEqual(between.map((_, k) => before + 1 + k));
    // the burst street's reports of the last hour are in the heat's last hour at T2
    expect(lines.some((l) => l.gridCode.startsWith(BURST_STREET))).toBe(true);

    const opened = await openPlaybackFeed(deps, T2);
    expectSameAggregates(feed, T2);
    expectSameAggregates(opened, T2);
    expectTicker(feed, T2);
    expect(feed.cases.ticker(CITY_CODE)).toEqual(opened.cases.ticker(CITY_CODE));
    expect(feed.cases.scopeSeqs().sort()).toEqual(opened.cases.scopeSeqs().sort());
    expect(feed.cases.linesSince(HONGQIAO, before)).toEqual(lines.filter((l) => l.gridCode.startsWith(HONGQIAO)));
    // the workers after a position tick at T2 (a worker who fell silent during the play stays, offline)
    feed.workers.drainRoster();
    feed.workers.drainMoved();
    feed.workers.drainStateChanges(T2);
    expect(onlineWorkers(feed.workers)).toEqual(onlineWorkers(opened.workers));
    expect([...onlineWorkers(opened.workers).keys()].sort()).toEqual(['LATE', 'STILL', 'WALK-0', 'WALK-1', 'WALK-2', 'WALK-3', 'WALK-4']);
    expect(feed.workers.onlineCount(T2)).toBe(opened.workers.onlineCount(T2));
    expect(feed.workers.lastFixOf('GONE')).toBeUndefined();

    await expect(feed.advanceTo(T2 - 1)).rejects.toThrow(/forward only/);
    expect(await feed.advanceTo(T2)).toEqual([]);
  });

  it("opened from an earlier feed's base (a seek back within a period), equals a feed opened from the log, and leaves the base as it was", async () => {
    const first = await openPlaybackFeed(deps, T);
    const base = serialize(first.base.state);
    await first.advanceTo(T2); // the first feed folds on: its base must not move with it
    expect(serialize(first.base.state).equals(base)).toBe(true);
    const seek = T + (T2 - T) / 2;
    const fromBase = await openPlaybackFeed(deps, seek, first.base);
    expect(fromBase.stats.events).toBe(stored.filter((e) => occurred(e) > T && occurred(e) <= seek).length); // only the stretch after the base
    expect(fromBase.base).toBe(first.base); // the period's earliest state stays the base
    expectSameAggregates(fromBase, seek);
    expectTicker(fromBase, seek);
    const fromLog = await openPlaybackFeed(deps, seek);
    expect(fromBase.cases.scopeSeqs().sort()).toEqual(fromLog.cases.scopeSeqs().sort());
    // and forward on from there, as any feed
    expect((await fromBase.advanceTo(T2)).map(what)).toEqual(
      stored
        .filter((e) => occurred(e) > seek && occurred(e) <= T2)
        .sort(byTime)
        .map(whatEvent),
    );
    expectSameAggregates(fromBase, T2);
  });

  it('leaves the live projection as it was', async () => {
    const live = createCaseProjection(grids.grids.length, grids.indexOf, gridCodes);
    await rebuildFromLog(store.log, live);
    // byte for byte: the v8 serialisation a checkpoint stores
    const before = serialize(live.exportState());
    const lastSeq = await store.log.lastSeq();
    const feed = await openPlaybackFeed(deps, T);
    await feed.advanceTo(T2);
    expect(serialize(live.exportState()).equals(before)).toBe(true);
    expect(await store.log.lastSeq()).toBe(lastSeq);
  });

  it('skips and counts an event that cannot be folded in time order, and judges deadlines at play time', async () => {
    const own = newStoreLocation(engine);
    const ownStore = await openStoreAt(own);
    try {
      const t0 = T - 3 * HOUR;
      const iso = (minutes: number) => new Date(t0 + minutes * MIN).toISOString();
      const next = (n: number, minutes: number, e: object) => ({ eventId: `X:${n}`, caseId: 'X', at: iso(minutes), caseVersion: n, ...e }) as CaseEvent;
      // overdue noticed at +90 min, after the case was closed at +45 by events that happened earlier
      const log: CaseEvent[] = [
        reported('X', { at: iso(0), deadline: iso(30) }),
        { eventId: 'X:overdue', caseId: 'X', type: 'overdue', at: iso(90), deadline: iso(30) },
        next(3, 40, { type: 'accepted' }),
        next(4, 41, { type: 'dispatched', unit: '街道综合执法队' }),
        next(5, 42, { type: 'started' }),
        next(6, 43, { type: 'resolved' }),
        next(7, 44, { type: 'verified', passed: true }),
        next(8, 45, { type: 'evaluated', satisfied: true }),
      ];
      await ownStore.log.commit(commitEntries(log), t0);
      const ownDeps = { ...deps, log: ownStore.log, tracks: ownStore.tracks };
      const grid = grids.indexOf(GRID)!;

      // at +35 the case is open and past its deadline, though the overdue event came later
      const early = await openPlaybackFeed(ownDeps, t0 + 35 * MIN);
      expect(early.cases.heatEntries()).toEqual([[grid, 1, 1, 1]]);
      expect(early.cases.kpis(early.at, 0).overdueNow).toBe(1);
      await early.advanceTo(t0 + 59 * MIN);
      expect(early.cases.heatEntries()).toEqual([[grid, 0, 1, 0]]);
      await early.advanceTo(t0 + 2 * HOUR);
      expect(early.stats).toMatchObject({ events: 7, skipped: 1 });
      expect(early.cases.heatEntries()).toEqual([]);

      const late = await openPlaybackFeed(ownDeps, t0 + 2 * HOUR);
      expect(late.stats).toMatchObject({ events: 7, skipped: 1 });
      expect(late.cases.ticker().map((l) => [l.seq, l.type])).toEqual([
        [1, 'reported'],
        [2, 'accepted'],
        [3, 'dispatched'],
        [4, 'started'],
        [5, 'resolved'],
        [6, 'verified'],
        [7, 'evaluated'],
      ]);
      expect(late.cases.kpis(late.at, 0)).toMatchObject({ openCases: 0, overdueNow: 0 });
    } finally {
      await ownStore.close();
      await dropStore(own);
    }
  });
});
