// The sampled tracks' contract, on both engines: one worker's track, every worker's samples of a
// period, pruning after the retention period.
import { describe, expect, it } from 'vitest';
import { ENGINES, dropStore, useStores } from '../support/engines.ts';
import { OTHER_GRID, fix, uniqueId } from '../support/factories.ts';

describe.each(ENGINES)('the track store on %s', (engine) => {
  const open = useStores(engine);

  it('keeps sampled tracks in time order and deletes them after the retention period', async () => {
    const { store, loc } = await open();
    const w = uniqueId('W');
    const t = Date.parse('2026-11-01T00:00:00Z');
    await store.tracks.append([2, 0, 1].map((k) => fix(w, { at: new Date(t + k * 30_000).toISOString(), lon: 117.2 + k / 1000 })));
    await store.tracks.append([fix('someone-else', { at: new Date(t).toISOString() })]);
    const track = await store.tracks.read(w, t, t + 60_001);
    expect(track.map((s) => s.at - t)).toEqual([0, 30_000, 60_000]);
    expect(track[2]!.lon).toBeCloseTo(117.202, 9); // full double precision on both engines
    expect(await store.tracks.prune(t + 30_000)).toBe(2);
    expect((await store.tracks.read(w, 0, Infinity)).length).toBe(2);
    await dropStore(loc);
  });

  it("reads every worker's samples of a period, (from, to], in time order, with their grid", async () => {
    const { store, loc } = await open();
    const t = Date.parse('2026-11-01T00:00:00Z');
    const sample = (w: string, k: number) => fix(w, { at: new Date(t + k * 30_000).toISOString(), gridCode: OTHER_GRID });
    await store.tracks.append([sample('W2', 2), sample('W1', 0), sample('W1', 1), sample('W2', 1), sample('W1', 3)]);
    const between = await store.tracks.readBetween(t, t + 60_000, 100);
    expect(between.map((s) => [s.workerId, (s.at - t) / 30_000])).toEqual(
      expect.arrayContaining([
        ['W1', 1],
        ['W2', 1],
        ['W2', 2],
      ]),
    );
    expect(between.map((s) => s.at - t)).toEqual([30_000, 30_000, 60_000]);
    expect(between.every((s) => s.gridCode === OTHER_GRID)).toBe(true);
    expect((await store.tracks.readBetween(-Infinity, Infinity, 2)).map((s) => s.at - t)).toEqual([0, 30_000]);
    await dropStore(loc);
  });
});
