// Start-up: fold the whole log into the projections, a page at a time, in log order.
import type { EventStore } from '../store/eventStore.ts';
import type { CaseProjection } from './caseProjection.ts';

export const REBUILD_PAGE = 10_000;

export async function rebuildFromLog(store: EventStore, cases: CaseProjection, onPage?: (events: number) => void): Promise<{ events: number; ms: number }> {
  const start = performance.now();
  let events = 0;
  for (let page = await store.readEvents(cases.lastSeq(), REBUILD_PAGE); page.length; page = await store.readEvents(page.at(-1)!.seq, REBUILD_PAGE)) {
    cases.apply(page);
    events += page.length;
    onPage?.(events);
  }
  return { events, ms: performance.now() - start };
}
