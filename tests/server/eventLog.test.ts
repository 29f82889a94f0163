// The event log's contract, on both engines: one transaction per batch, log order, the cases' states,
// optimistic concurrency, idempotency keys, reads by time and by case, the log's identity.
import { describe, expect, it } from 'vitest';
import { VersionConflictError } from '../../server/store/eventLog.ts';
import { ENGINES, dropStore, useStores } from '../support/engines.ts';
import { at, closedCase, commitEntries, reported, steps } from '../support/factories.ts';

describe.each(ENGINES)('the event log on %s', (engine) => {
  const open = useStores(engine);

  it('appends in one transaction and reads back in log order, bodies and states intact', async () => {
    const { store, loc } = await open();
    const events = [...closedCase('A'), reported('B'), ...steps('B', [{ type: 'accepted' }], 10)];
    const stored = await store.log.commit(commitEntries(events), 1234);
    expect(stored.map((s) => s.event.eventId)).toEqual(events.map((e) => e.eventId));
    expect(stored.map((s) => s.seq)).toEqual([...stored.map((s) => s.seq)].sort((a, b) => a - b));
    const read = await store.log.readEvents(0, 100);
    expect(read.map((r) => r.event)).toEqual(events);
    expect(read.every((r) => r.recordedAt === 1234)).toBe(true);
    expect((await store.log.readEvents(read[2]!.seq, 2)).map((r) => r.event.eventId)).toEqual([events[3]!.eventId, events[4]!.eventId]);
    const states = await store.log.loadCases(['A', 'B', 'nope']);
    expect([...states.keys()].sort()).toEqual(['A', 'B']);
    expect(states.get('A')).toMatchObject({ status: 'closed', version: 7 });
    expect(states.get('B')).toMatchObject({ status: 'accepted', version: 2 });
    const found = await store.log.findEvents([events[0]!.eventId, 'missing']);
    expect([...found.values()]).toEqual([events[0]]);
    await dropStore(loc);
  });

  it('keeps a 1,000-event batch whole across statement chunks', async () => {
    const { store, loc } = await open();
    const events = Array.from({ length: 1000 }, (_, i) => reported(`BIG${i}`));
    const stored = await store.log.commit(commitEntries(events), 1);
    expect(new Set(stored.map((s) => s.seq)).size).toBe(1000);
    expect((await store.log.readEvents(0, 2000)).map((r) => r.event.caseId)).toEqual(events.map((e) => e.caseId));
    await dropStore(loc);
  });

  it('refuses a second writer of the same case version, and stores nothing of its batch', async () => {
    const { store, loc } = await open();
    await store.log.commit(commitEntries([reported('V')]), 1);
    const [state] = (await store.log.loadCases(['V'])).values();
    const writerA = commitEntries([{ ...steps('V', [{ type: 'accepted' }])[0]!, eventId: 'V:a' }], new Map([['V', state!]]));
    const writerB = commitEntries([reported('OTHER'), { ...steps('V', [{ type: 'accepted' }])[0]!, eventId: 'V:b' }], new Map([['V', state!]]));
    await store.log.commit(writerA, 2);
    await expect(store.log.commit(writerB, 3)).rejects.toBeInstanceOf(VersionConflictError);
    expect((await store.log.readEvents(0, 10)).map((r) => r.event.eventId)).toEqual(['V:1', 'V:a']);
    expect((await store.log.loadCases(['OTHER'])).size).toBe(0);
    await dropStore(loc);
  });

  it('refuses an event id twice, whole batch', async () => {
    const { store, loc } = await open();
    await store.log.commit(commitEntries([reported('D')]), 1);
    await expect(store.log.commit(commitEntries([reported('E'), { ...reported('F'), eventId: 'D:1' }]), 2)).rejects.toThrow();
    expect((await store.log.readEvents(0, 10)).length).toBe(1);
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
    await store.log.commit(commitEntries([a, aNext]), 1);
    await store.log.commit(commitEntries([b, late]), 2);
    const ids = (page: { event: { eventId: string } }[]) => page.map((e) => e.event.eventId);
    const all = await store.log.readEventsByTime({ at: -Infinity, seq: 0 }, Infinity, 100);
    expect(ids(all)).toEqual(['LATE:1', 'A:1', 'B:1', 'A:2']);
    // page by page across the two events of one instant
    const pages: string[][] = [];
    for (let key = { at: -Infinity, seq: 0 }; ; ) {
      const page = await store.log.readEventsByTime(key, Infinity, 1);
      if (!page.length) break;
      pages.push(ids(page));
      key = { at: Date.parse(page[0]!.event.at), seq: page[0]!.seq };
    }
    expect(pages.flat()).toEqual(ids(all));
    // `to` is inclusive, the key exclusive
    expect(ids(await store.log.readEventsByTime({ at: -Infinity, seq: 0 }, t, 100))).toEqual(['LATE:1', 'A:1', 'B:1']);
    expect(ids(await store.log.readEventsByTime({ at: t, seq: all[1]!.seq }, t + 5 * 60_000, 100))).toEqual(['B:1', 'A:2']);
    expect(await store.log.readEventsByTime({ at: t + 5 * 60_000, seq: all[3]!.seq }, Infinity, 100)).toEqual([]);
    await dropStore(loc);
  });

  it("reads one case's events in version order", async () => {
    const { store, loc } = await open();
    const [first, ...rest] = closedCase('H');
    await store.log.commit(commitEntries([first!, reported('OTHER')]), 1);
    const states = await store.log.loadCases(['H']);
    await store.log.commit(commitEntries(rest, states), 2);
    const history = await store.log.readCaseEvents('H');
    expect(history.map((e) => e.event)).toEqual(closedCase('H'));
    expect(history.map((e) => e.recordedAt)).toEqual([1, 2, 2, 2, 2, 2, 2]);
    expect(await store.log.readCaseEvents('nope')).toEqual([]);
    await dropStore(loc);
  });

  it('opens an existing store again without migrating twice, with the same log identity', async () => {
    const { store, loc } = await open();
    await store.log.commit(commitEntries([reported('M')]), 1);
    await store.close();
    const { store: again } = await open(loc);
    expect((await again.log.readEvents(0, 10)).length).toBe(1);
    // the log keeps its identity; another log has another
    expect(again.log.logId).toBe(store.log.logId);
    expect(again.log.logId).toMatch(/^[0-9a-f-]{36}$/);
    const { store: other, loc: otherLoc } = await open();
    expect(other.log.logId).not.toBe(store.log.logId);
    await dropStore(otherLoc);
    await dropStore(loc);
  });
});
