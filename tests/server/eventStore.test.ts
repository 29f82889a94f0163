// The store contract, on both engines: what the log, the case table and the tracks promise.
import { describe, expect, it } from 'vitest';
import { VersionConflictError } from '../../server/store/eventStore.ts';
import { ENGINES, dropStore, useStores } from '../support/engines.ts';
import { OTHER_GRID, at, closedCase, commitEntries, fix, reported, steps, uniqueId } from '../support/factories.ts';

describe.each(ENGINES)('event store on %s', (engine) => {
  const open = useStores(engine);

  it('appends in one transaction and reads back in log order, bodies and states intact', async () => {
    const { store, loc } = await open();
    const events = [...closedCase('A'), reported('B'), ...steps('B', [{ type: 'accepted' }], 10)];
    const stored = await store.commit(commitEntries(events), 1234);
    expect(stored.map((s) => s.event.eventId)).toEqual(events.map((e) => e.eventId));
    expect(stored.map((s) => s.seq)).toEqual([...stored.map((s) => s.seq)].sort((a, b) => a - b));
    const read = await store.readEvents(0, 100);
    expect(read.map((r) => r.event)).toEqual(events);
    expect(read.every((r) => r.recordedAt === 1234)).toBe(true);
    expect((await store.readEvents(read[2]!.seq, 2)).map((r) => r.event.eventId)).toEqual([events[3]!.eventId, events[4]!.eventId]);
    const states = await store.loadCases(['A', 'B', 'nope']);
    expect([...states.keys()].sort()).toEqual(['A', 'B']);
    expect(states.get('A')).toMatchObject({ status: 'closed', version: 7 });
    expect(states.get('B')).toMatchObject({ status: 'accepted', version: 2 });
    const found = await store.findEvents([events[0]!.eventId, 'missing']);
    expect([...found.values()]).toEqual([events[0]]);
    await dropStore(loc);
  });

  it('keeps a 1,000-event batch whole across statement chunks', async () => {
    const { store, loc } = await open();
    const events = Array.from({ length: 1000 }, (_, i) => reported(`BIG${i}`));
    const stored = await store.commit(commitEntries(events), 1);
    expect(new Set(stored.map((s) => s.seq)).size).toBe(1000);
    expect((await store.readEvents(0, 2000)).map((r) => r.event.caseId)).toEqual(events.map((e) => e.caseId));
    await dropStore(loc);
  });

  it('refuses a second writer of the same case version, and stores nothing of its batch', async () => {
    const { store, loc } = await open();
    await store.commit(commitEntries([reported('V')]), 1);
    const [state] = (await store.loadCases(['V'])).values();
    const writerA = commitEntries([{ ...steps('V', [{ type: 'accepted' }])[0]!, eventId: 'V:a' }], new Map([['V', state!]]));
    const writerB = commitEntries([reported('OTHER'), { ...steps('V', [{ type: 'accepted' }])[0]!, eventId: 'V:b' }], new Map([['V', state!]]));
    await store.commit(writerA, 2);
    await expect(store.commit(writerB, 3)).rejects.toBeInstanceOf(VersionConflictError);
    expect((await store.readEvents(0, 10)).map((r) => r.event.eventId)).toEqual(['V:1', 'V:a']);
    expect((await store.loadCases(['OTHER'])).size).toBe(0);
    await dropStore(loc);
  });

  it('refuses an event id twice, whole batch', async () => {
    const { store, loc } = await open();
    await store.commit(commitEntries([reported('D')]), 1);
    await expect(store.commit(commitEntries([reported('E'), { ...reported('F'), eventId: 'D:1' }]), 2)).rejects.toThrow();
    expect((await store.readEvents(0, 10)).length).toBe(1);
    await dropStore(loc);
  });

  it('keeps sampled tracks in time order and deletes them after the retention period', async () => {
    const { store, loc } = await open();
    const w = uniqueId('W');
    const t = Date.parse('2026-11-01T00:00:00Z');
    await store.appendPositionSamples([2, 0, 1].map((k) => fix(w, { at: new Date(t + k * 30_000).toISOString(), lon: 117.2 + k / 1000 })));
    await store.appendPositionSamples([fix('someone-else', { at: new Date(t).toISOString() })]);
    const track = await store.readTrack(w, t, t + 60_001);
    expect(track.map((s) => s.at - t)).toEqual([0, 30_000, 60_000]);
    expect(track[2]!.lon).toBeCloseTo(117.202, 9); // full double precision on both engines
    expect(await store.prunePositionSamples(t + 30_000)).toBe(2);
    expect((await store.readTrack(w, 0, Infinity)).length).toBe(2);
    await dropStore(loc);
  });

  it('reads events in the order they happened, a page at a time from a (time, seq) key, up to a moment', async () => {
    const { store, loc } = await open();
    const t = Date.parse(at(0));
    const iso = (minutes: number) => new Date(t + minutes * 60_000).toISOString();
    // committed out of time order: a late report of something that happened first, and two at one instant
    const late = reported('LATE', { at: iso(-30) });
    const a = reported('A', { at: iso(0) });
    const b = reported('B', { at: iso(0) });
    const aNext = { ...steps('A', [{ type: 'accepted' }])[0]!, at: iso(5) };
    await store.commit(commitEntries([a, aNext]), 1);
    await store.commit(commitEntries([b, late]), 2);
    const ids = (page: { event: { eventId: string } }[]) => page.map((e) => e.event.eventId);
    const all = await store.readEventsByTime({ at: -Infinity, seq: 0 }, Infinity, 100);
    expect(ids(all)).toEqual(['LATE:1', 'A:1', 'B:1', 'A:2']);
    // page by page across the two events of one instant
    const pages: string[][] = [];
    for (let key = { at: -Infinity, seq: 0 }; ;) {
      const page = await store.readEventsByTime(key, Infinity, 1);
      if (!page.length) break;
      pages.push(ids(page));
      key = { at: Date.parse(page[0]!.event.at), seq: page[0]!.seq };
    }
    expect(pages.flat()).toEqual(ids(all));
    // `to` is inclusive, the key exclusive
    expect(ids(await store.readEventsByTime({ at: -Infinity, seq: 0 }, t, 100))).toEqual(['LATE:1', 'A:1', 'B:1']);
    expect(ids(await store.readEventsByTime({ at: t, seq: all[1]!.seq }, t + 5 * 60_000, 100))).toEqual(['B:1', 'A:2']);
    expect(await store.readEventsByTime({ at: t + 5 * 60_000, seq: all[3]!.seq }, Infinity, 100)).toEqual([]);
    await dropStore(loc);
  });

  it("reads one case's events in version order", async () => {
    const { store, loc } = await open();
    const [first, ...rest] = closedCase('H');
    await store.commit(commitEntries([first!, reported('OTHER')]), 1);
    const states = await store.loadCases(['H']);
    await store.commit(commitEntries(rest, states), 2);
    const history = await store.readCaseEvents('H');
    expect(history.map((e) => e.event)).toEqual(closedCase('H'));
    expect(history.map((e) => e.recordedAt)).toEqual([1, 2, 2, 2, 2, 2, 2]);
    expect(await store.readCaseEvents('nope')).toEqual([]);
    await dropStore(loc);
  });

  it("reads every worker's samples of a period, (from, to], in time order, with their grid", async () => {
    const { store, loc } = await open();
    const t = Date.parse('2026-11-01T00:00:00Z');
    const sample = (w: string, k: number) => fix(w, { at: new Date(t + k * 30_000).toISOString(), gridCode: OTHER_GRID });
    await store.appendPositionSamples([sample('W2', 2), sample('W1', 0), sample('W1', 1), sample('W2', 1), sample('W1', 3)]);
    const between = await store.readPositionSamplesBetween(t, t + 60_000, 100);
    expect(between.map((s) => [s.workerId, (s.at - t) / 30_000])).toEqual(expect.arrayContaining([['W1', 1], ['W2', 1], ['W2', 2]]));
    expect(between.map((s) => s.at - t)).toEqual([30_000, 30_000, 60_000]);
    expect(between.every((s) => s.gridCode === OTHER_GRID)).toBe(true);
    expect((await store.readPositionSamplesBetween(-Infinity, Infinity, 2)).map((s) => s.at - t)).toEqual([0, 30_000]);
    await dropStore(loc);
  });

  it("logs wall commands and reads a wall's newest ones back oldest first", async () => {
    const { store, loc } = await open();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await store.appendWallCommand({ wall: 'hall', at: 1000 + i, who: '张三', role: 'presenter', command: { type: 'seek', at: i }, ok: true, code: null, error: null }));
    }
    ids.push(await store.appendWallCommand({ wall: 'desk', at: 2000, who: 'keyboard 1-1', role: 'keyboard', command: { type: 'live' }, ok: true, code: null, error: null }));
    const refused = await store.appendWallCommand({ wall: 'hall', at: 3000, who: '张三', role: 'presenter', command: { type: 'scene', scene: 'nope' }, ok: false, code: 'unknown_scene', error: 'no scene "nope"' });
    expect([...ids, refused]).toEqual([...ids, refused].sort((x, y) => x - y));
    const latest = await store.readWallCommands('hall', 3);
    expect(latest.map((e) => e.at)).toEqual([1003, 1004, 3000]);
    expect(latest[2]).toEqual({ id: refused, wall: 'hall', at: 3000, who: '张三', role: 'presenter', command: { type: 'scene', scene: 'nope' }, ok: false, code: 'unknown_scene', error: 'no scene "nope"' });
    expect(latest[0]).toMatchObject({ command: { type: 'seek', at: 3 }, ok: true, code: null, error: null });
    expect(await store.readWallCommands('desk', 10)).toEqual([{ id: ids[5], wall: 'desk', at: 2000, who: 'keyboard 1-1', role: 'keyboard', command: { type: 'live' }, ok: true, code: null, error: null }]);
    expect(await store.readWallCommands('none', 10)).toEqual([]);
    await dropStore(loc);
  });

  it("keeps each wall's latest state across a reopen", async () => {
    const { store, loc } = await open();
    expect(await store.loadWallStates()).toEqual(new Map());
    expect(await store.saveWallState('hall', '{"version":1}', 1, 0)).toBe(true);
    expect(await store.saveWallState('desk', '{"version":1}', 1)).toBe(true);
    expect(await store.saveWallState('hall', '{"version":2}', 2, 1)).toBe(true);
    await store.close();
    const { store: again } = await open(loc);
    expect(await again.loadWallStates()).toEqual(new Map([['hall', '{"version":2}'], ['desk', '{"version":1}']]));
    await dropStore(loc);
  });

  it('saves a wall state only over the version it was made from (two nodes commanding one wall)', async () => {
    const { store, loc } = await open();
    expect(await store.saveWallState('hall', '{"version":1,"by":"a"}', 1, 0)).toBe(true);
    // another node made its version 2 from version 1 first
    expect(await store.saveWallState('hall', '{"version":2,"by":"b"}', 2, 1)).toBe(true);
    expect(await store.saveWallState('hall', '{"version":2,"by":"a"}', 2, 1)).toBe(false);
    expect((await store.loadWallStates()).get('hall')).toBe('{"version":2,"by":"b"}');
    // unconditional (one process): always
    expect(await store.saveWallState('hall', '{"version":9}', 9)).toBe(true);
    await dropStore(loc);
  });

  it('opens an existing store again without migrating twice, with the same log identity', async () => {
    const { store, loc } = await open();
    await store.commit(commitEntries([reported('M')]), 1);
    await store.close();
    const { store: again } = await open(loc);
    expect((await again.readEvents(0, 10)).length).toBe(1);
    // the log keeps its identity; another log has another
    expect(again.logId).toBe(store.logId);
    expect(again.logId).toMatch(/^[0-9a-f-]{36}$/);
    const { store: other, loc: otherLoc } = await open();
    expect(other.logId).not.toBe(store.logId);
    await dropStore(otherLoc);
    await dropStore(loc);
  });
});
