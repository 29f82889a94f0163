// Start-up: fold the whole log into the projections, a page at a time, in log order.
import type { EventLog } from '../store/eventLog.ts';
import type { CaseProjection } from './caseProjection.ts';

export const REBUILD_PAGE = 10_000;

export async function rebuildFromLog(
  log: Pick<EventLog, 'readEvents'>,
  cases: CaseProjection,
  onPage?: (events: number) => void,
): Promise<{ events: number; ms: number }> {
  const start = performance.now();
  let events = 0;
  for (let page = await log.readEvents(cases.lastSeq(), REBUILD_PAGE); page.length; page = await log.readEvents(page.at(-1)!.seq, REBUILD_PAGE)) {
    cases.apply(page);
    events += page.length;
    onPage?.(events);
  }
  return { events, ms: performance.now() - start };
}
