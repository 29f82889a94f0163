// The Open311 request finder on a real store (SQLite, and PostgreSQL where one answers): the log
// read backwards by time in slices, bounded by a scan budget, each page saying where the next one
// ends, so that paging on yields every matching request exactly once, newest first; the open ones
// from the projection's fold, complete; status, category and scope filters.
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../shared/caseEvent.ts';
import { createCaseProjection } from '../../server/projections/caseProjection.ts';
import { createRequestFinder, type WindowQuery } from '../../server/open311/findRequests.ts';
import type { EventLog } from '../../server/store/eventLog.ts';
import type { Stores } from '../../server/store/stores.ts';
import { ENGINES, useStores } from '../support/engines.ts';
import { GRID, commitEntries, grids, reported, uniqueId } from '../support/factories.ts';

const MIN = 60_000;
const T0 = Date.now() - 10 * 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const otherDistrictGrid = grids.grids.find((g) => g.code.slice(0, 6) !== GRID.slice(0, 6))!.code;

/** 120 cases a minute apart: every third closed (after six more events), every fourth in another district, every fifth a streetlight. */
function history(): { events: CaseEvent[]; cases: { id: string; at: number; closed: boolean; grid: string; category: string }[] } {
  const events: CaseEvent[] = [];
  const cases = [];
  for (let i = 0; i < 120; i++) {
    const id = uniqueId('FIND');
    const at = T0 + i * MIN;
    const grid = i % 4 === 3 ? otherDistrictGrid : GRID;
    const category = i % 5 === 4 ? 'facility.streetlight' : 'appearance.garbage';
    events.push(reported(id, { at: iso(at), gridCode: grid, category, deadline: iso(Date.now() + 30 * 86_400_000) }));
    const closed = i % 3 === 0;
    if (closed) {
      [
        { type: 'accepted' },
        { type: 'dispatched', unit: '执法队' },
        { type: 'started' },
        { type: 'resolved' },
        { type: 'verified', passed: true },
        { type: 'evaluated', satisfied: true },
      ].forEach((e, n) => events.push({ ...e, eventId: `${id}:${n + 2}`, caseId: id, at: iso(at + (n + 1) * 5_000) } as CaseEvent));
    }
    cases.push({ id, at, closed, grid, category });
  }
  // the log is in commit order, not time order: a late batch of the older half after the newer half
  events.sort((a, b) => (Date.parse(a.at) < T0 + 60 * MIN ? 1 : 0) - (Date.parse(b.at) < T0 + 60 * MIN ? 1 : 0));
  return { events, cases };
}

describe.each(ENGINES)('the Open311 request finder on %s', (engine) => {
  const open = useStores(engine);

  async function seeded() {
    const { store } = await open();
    const { events, cases } = history();
    const stored = await store.log.commit(commitEntries(events), Date.now());
    const projection = createCaseProjection(
      grids.grids.length,
      grids.indexOf,
      grids.grids.map((g) => g.code),
    );
    projection.apply(stored);
    return { store, cases, projection };
  }

  /** Counts what the finder reads, to hold it to its budget (the store itself answers). */
  function counting(store: Stores) {
    const reads = { events: 0 };
    return {
      reads,
      store: {
        readEventsByTime: async (...args: Parameters<EventLog['readEventsByTime']>) => {
          const page = await store.log.readEventsByTime(...args);
          reads.events += page.length;
          return page;
        },
        loadCases: (ids: string[]) => store.log.loadCases(ids),
      },
    };
  }

  const query = (over: Partial<WindowQuery> = {}): WindowQuery => ({
    from: T0,
    to: T0 + 200 * MIN,
    categories: null,
    statuses: new Set(['open', 'closed']),
    scope: '1201',
    limit: 1000,
    ...over,
  });

  /** Every page from `q`'s end_date down, following `next`, with the events each page read. */
  async function allPages(find: (q: WindowQuery) => Promise<{ ids: string[]; next: number | null }>, reads: { events: number }, q: WindowQuery) {
    const pages: { ids: string[]; read: number }[] = [];
    let to = q.to;
    for (let guard = 0; guard < 100; guard++) {
      reads.events = 0;
      const found = await find({ ...q, to });
      pages.push({ ids: found.ids, read: reads.events });
      if (found.next === null) return pages;
      expect(found.next).toBeLessThanOrEqual(to);
      to = found.next;
    }
    throw new Error('paging did not end');
  }

  it('pages through the whole window within its scan budget, every request once, newest first', async () => {
    const { store, cases } = await seeded();
    const { store: counted, reads } = counting(store);
    const finder = createRequestFinder({ log: counted, openCases: () => [], limits: { scanBudget: 60, sliceEvents: 30, page: 10 } });
    const pages = await allPages((q) => finder.find(q), reads, query());
    expect(pages.length).toBeGreaterThan(3);
    // a slice under way is finished: a page reads at most the budget and one more slice's pages
    for (const p of pages) expect(p.read).toBeLessThan(60 + 200);
    expect(pages.flatMap((p) => p.ids)).toEqual(cases.map((c) => c.id).reverse());
  });

  it('cuts at the limit and goes on from the first request left out', async () => {
    const { store, cases } = await seeded();
    const { store: counted, reads } = counting(store);
    const finder = createRequestFinder({ log: counted, openCases: () => [] });
    const pages = await allPages((q) => finder.find(q), reads, query({ limit: 25 }));
    expect(pages.map((p) => p.ids.length)).toEqual([25, 25, 25, 25, 20]);
    expect(pages.flatMap((p) => p.ids)).toEqual(cases.map((c) => c.id).reverse());
  });

  it('filters by status, category and scope, from the log and from the open cases in memory', async () => {
    const { store, cases, projection } = await seeded();
    const { store: counted, reads } = counting(store);
    const finder = createRequestFinder({ log: counted, openCases: () => projection.eachOpenCase(), limits: { scanBudget: 50, sliceEvents: 20, page: 7 } });
    const expected = (pick: (c: (typeof cases)[number]) => boolean) =>
      cases
        .filter(pick)
        .map((c) => c.id)
        .reverse();
    const ids = async (q: WindowQuery) => (await allPages((x) => finder.find(x), reads, q)).flatMap((p) => p.ids);
    expect(await ids(query({ statuses: new Set(['closed']) }))).toEqual(expected((c) => c.closed));
    expect(await ids(query({ statuses: new Set(['open']) }))).toEqual(expected((c) => !c.closed));
    expect(await ids(query({ statuses: new Set(['open']), limit: 7 }))).toEqual(expected((c) => !c.closed));
    expect(await ids(query({ categories: new Set(['facility.streetlight']) }))).toEqual(expected((c) => c.category === 'facility.streetlight'));
    expect(await ids(query({ scope: GRID.slice(0, 6), statuses: new Set(['open']), categories: new Set(['appearance.garbage']) }))).toEqual(
      expected((c) => !c.closed && c.grid === GRID && c.category === 'appearance.garbage'),
    );
    expect(await ids(query({ scope: GRID.slice(0, 6), statuses: new Set(['closed']) }))).toEqual(expected((c) => c.closed && c.grid === GRID));
    // a window: its ends inclusive
    expect(await ids(query({ from: T0 + 10 * MIN, to: T0 + 20 * MIN }))).toEqual(expected((c) => c.at >= T0 + 10 * MIN && c.at <= T0 + 20 * MIN));
  });
});
