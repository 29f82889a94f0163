// A projection restored from a checkpoint and fed the log's tail equals one folded from the whole
// log; a checkpoint that does not fit (another geography, ahead of the log) is refused with a reason.
import { describe, expect, it } from 'vitest';
import { createCaseProjection, type CaseProjection } from '../../server/projections/caseProjection.ts';
import { restoreCheckpoint, saveCheckpoint } from '../../server/projections/checkpoint.ts';
import { rebuildFromLog } from '../../server/projections/rebuild.ts';
import { detectSpikes } from '../../server/projections/spikeScan.ts';
import { computeTrends, type TrendSources } from '../../server/projections/trends.ts';
import { ENGINES, dropStore, newStoreLocation, openStoreAt } from '../support/engines.ts';
import { GRID, OTHER_GRID, closedCase, commitEntries, grids, reported, steps, uniqueId } from '../support/factories.ts';

const DISTRICT = GRID.slice(0, 6);
const STREET = GRID.slice(0, 9);
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const trendsOf = (p: CaseProjection, scope: string, now: number) => {
  const src: TrendSources = {
    counters: p.trends,
    reports: p.reports,
    cube: p.cube,
    gridsIn: (code) => grids.gridsIn(code),
    childrenOf: (code) =>
      [...new Set(grids.grids.filter((g) => g.code.startsWith(code)).map((g) => g.code.slice(0, code.length === 4 ? 6 : 9)))].map((c) => ({
        code: c,
        level: '',
      })),
  };
  return computeTrends(src, scope, now);
};

function observe(p: CaseProjection, now: number) {
  return {
    seq: p.lastSeq(),
    heat: p.heatEntries(),
    kpis: p.kpis(now, 0),
    ticker: p.ticker(),
    open: p.openCases().sort((a, b) => a.caseId.localeCompare(b.caseId)),
    month: p.cube.sum(0, 1e6),
    community: p.cube.sum(0, 1e6, grids.gridsIn(GRID.slice(0, 12))),
    trends: ['1201', DISTRICT, STREET].map((scope) => trendsOf(p, scope, now)),
    spikes: detectSpikes(p.reports, now),
  };
}

describe.each(ENGINES)('projection checkpoints on %s', (engine) => {
  it('restoring a checkpoint and folding the tail equals folding the whole log', async () => {
    const loc = newStoreLocation(engine);
    const store = await openStoreAt(loc);
    const ids = Array.from({ length: 40 }, () => uniqueId('CP'));
    const head = [
      ...ids.slice(0, 20).flatMap((id, i) => (i % 3 ? closedCase(id) : [reported(id, { gridCode: i % 2 ? GRID : OTHER_GRID })])),
      // reports of the last hour (heat), some past their deadline, and a burst for the spike rule
      ...Array.from({ length: 8 }, (_, i) => reported(uniqueId('CH'), { at: ago(300 - i * 30), category: 'traffic.parking' })),
      ...Array.from({ length: 6 }, (_, i) =>
        reported(uniqueId('CN'), { at: ago(50 - i), deadline: ago(10 - i), category: 'environment.noise', source: 'photo_app' }),
      ),
    ];
    await store.log.commit(commitEntries(head), 1);
    const midway = createCaseProjection(grids.grids.length, grids.indexOf);
    await rebuildFromLog(store.log, midway);
    await saveCheckpoint(store.checkpoints, midway, grids.version);
    const tail = [
      ...ids.slice(20).flatMap((id) => closedCase(id).slice(0, 4)),
      ...steps(ids[0]!, [{ type: 'accepted' }], 30),
      ...Array.from({ length: 6 }, (_, i) => reported(uniqueId('CT'), { at: ago(20 - i), category: 'environment.noise', source: 'hotline_8890' })),
    ];
    await store.log.commit(commitEntries(tail, await store.log.loadCases([ids[0]!])), 2);

    const whole = createCaseProjection(grids.grids.length, grids.indexOf);
    await rebuildFromLog(store.log, whole);
    const resumed = createCaseProjection(grids.grids.length, grids.indexOf);
    expect(await restoreCheckpoint(store.checkpoints, store.log, resumed, grids.version)).toEqual({ restored: true, seq: midway.lastSeq() });
    const tailFold = await rebuildFromLog(store.log, resumed);
    expect(tailFold.events).toBe(tail.length);
    const now = Date.now();
    const seen = observe(whole, now);
    expect(observe(resumed, now)).toEqual(seen);
    // and the comparison is not of empty things: the time-dependent parts hold something
    expect(seen.heat.some(([, , fresh, overdue]) => fresh > 0 && overdue > 0)).toBe(true);
    expect(seen.spikes.map((r) => `${r.regionCode}:${r.category}`)).toContain(`${STREET}:environment.noise`);
    expect(seen.trends[2]!.periods['24h'].total.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    await store.close();
    await dropStore(loc);
  });

  it('refuses a checkpoint made on another geography, or ahead of the log, and says why', async () => {
    const loc = newStoreLocation(engine);
    const store = await openStoreAt(loc);
    await store.log.commit(commitEntries([reported(uniqueId('CQ'))]), 1);
    const p = createCaseProjection(grids.grids.length, grids.indexOf);
    await rebuildFromLog(store.log, p);
    await saveCheckpoint(store.checkpoints, p, 'another-geography');
    expect(await restoreCheckpoint(store.checkpoints, store.log, createCaseProjection(grids.grids.length, grids.indexOf), grids.version)).toMatchObject({
      restored: false,
      why: expect.stringContaining('geography'),
    });
    await store.checkpoints.save('case-projection', 999_999, new Uint8Array([1, 2, 3]));
    expect(await restoreCheckpoint(store.checkpoints, store.log, createCaseProjection(grids.grids.length, grids.indexOf), grids.version)).toMatchObject({
      restored: false,
      why: expect.stringContaining('ahead of the log'),
    });
    await store.close();
    await dropStore(loc);
  });
});
