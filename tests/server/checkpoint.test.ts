// A projection restored from a checkpoint and fed the log's tail equals one folded from the whole
// log; a checkpoint that does not fit (another geography, ahead of the log) is refused with a reason.
import { describe, expect, it } from 'vitest';
import { createCaseProjection, type CaseProjection } from '../../server/projections/caseProjection.ts';
import { restoreCheckpoint, saveCheckpoint } from '../../server/projections/checkpoint.ts';
import { rebuildFromLog } from '../../server/projections/rebuild.ts';
import { ENGINES, dropStore, newStoreLocation, openStoreAt } from '../support/engines.ts';
import { GRID, OTHER_GRID, closedCase, commitEntries, grids, reported, steps, uniqueId } from '../support/factories.ts';

function observe(p: CaseProjection, now: number) {
  return {
    seq: p.lastSeq(),
    heat: p.heatEntries(),
    kpis: p.kpis(now, 0),
    ticker: p.ticker(),
    open: p.openCases().sort((a, b) => a.caseId.localeCompare(b.caseId)),
    month: p.cube.sum(0, 1e6),
    community: p.cube.sum(0, 1e6, grids.gridsIn(GRID.slice(0, 12))),
  };
}

describe.each(ENGINES)('projection checkpoints on %s', (engine) => {
  it('restoring a checkpoint and folding the tail equals folding the whole log', async () => {
    const loc = newStoreLocation(engine);
    const store = await openStoreAt(loc);
    const ids = Array.from({ length: 40 }, () => uniqueId('CP'));
    const head = ids.slice(0, 20).flatMap((id, i) => (i % 3 ? closedCase(id) : [reported(id, { gridCode: i % 2 ? GRID : OTHER_GRID })]));
    await store.commit(commitEntries(head), 1);
    const midway = createCaseProjection(grids.grids.length, grids.indexOf);
    await rebuildFromLog(store, midway);
    await saveCheckpoint(store, midway, grids.version);
    const tail = [...ids.slice(20).flatMap((id) => closedCase(id).slice(0, 4)), ...steps(ids[0]!, [{ type: 'accepted' }], 30)];
    await store.commit(commitEntries(tail, await store.loadCases([ids[0]!])), 2);

    const whole = createCaseProjection(grids.grids.length, grids.indexOf);
    await rebuildFromLog(store, whole);
    const resumed = createCaseProjection(grids.grids.length, grids.indexOf);
    expect(await restoreCheckpoint(store, resumed, grids.version)).toEqual({ restored: true, seq: midway.lastSeq() });
    const tailFold = await rebuildFromLog(store, resumed);
    expect(tailFold.events).toBe(tail.length);
    const now = Date.now();
    expect(observe(resumed, now)).toEqual(observe(whole, now));
    await store.close();
    await dropStore(loc);
  });

  it('refuses a checkpoint made on another geography, or ahead of the log, and says why', async () => {
    const loc = newStoreLocation(engine);
    const store = await openStoreAt(loc);
    await store.commit(commitEntries([reported(uniqueId('CQ'))]), 1);
    const p = createCaseProjection(grids.grids.length, grids.indexOf);
    await rebuildFromLog(store, p);
    await saveCheckpoint(store, p, 'another-geography');
    expect(await restoreCheckpoint(store, createCaseProjection(grids.grids.length, grids.indexOf), grids.version)).toMatchObject({ restored: false, why: expect.stringContaining('geography') });
    await store.saveCheckpoint('case-projection', 999_999, new Uint8Array([1, 2, 3]));
    expect(await restoreCheckpoint(store, createCaseProjection(grids.grids.length, grids.indexOf), grids.version)).toMatchObject({ restored: false, why: expect.stringContaining('ahead of the log') });
    await store.close();
    await dropStore(loc);
  });
});
