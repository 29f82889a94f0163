// Which cases a GET requests answers, newest report first, bounded in work as well as in size:
//   - open ones only (status=open): from the live projection's open cases, in memory — complete;
//   - otherwise: the log's events by time (store.readEventsByTime), read backwards from end_date in
//     slices sized to hold about SLICE_EVENTS events, the reports among them kept, until 1,000 are
//     found, the window is exhausted or SCAN_BUDGET events have been read.
// Whatever stops the search before the window's start, the answer says where to go on: `next`, the
// end_date of the following page (every match reported after it is in this page). The log has no
// index of reports by time, so a sparse filter over a dense log (one district's gas leaks over 90
// days) may take several pages; a store method listing reports by time (and region, category)
// would make every such query one indexed read.
import type { CaseEvent } from '../../shared/caseEvent.ts';
import type { CaseState } from '../../shared/caseLifecycle.ts';
import type { EventLog } from '../store/eventLog.ts';
import type { Status } from './requestQuery.ts';

export interface WindowQuery {
  from: number;
  to: number;
  categories: ReadonlySet<string> | null;
  statuses: ReadonlySet<Status>;
  /** The key's region: only cases whose grid code starts with it. */
  scope: string;
  limit: number;
}

export interface Found {
  /** Case ids, newest report first. */
  ids: string[];
  /** The end_date (ms, inclusive) to ask with for the rest; null: nothing more in the window. */
  next: number | null;
}

export interface FinderLimits {
  /** Events read at most per query (a slice under way is finished). */
  scanBudget: number;
  /** What a slice aims to hold. */
  sliceEvents: number;
  page: number;
}

export const DEFAULT_LIMITS: FinderLimits = { scanBudget: 100_000, sliceEvents: 10_000, page: 2_000 };
const FIRST_SLICE_MS = 5 * 60_000;
const MIN_SLICE_MS = 1_000;

type Hit = { caseId: string; at: number; seq: number };
const newestFirst = (a: Hit, b: Hit) => b.at - a.at || b.seq - a.seq;

export function createRequestFinder(deps: {
  log: Pick<EventLog, 'readEventsByTime' | 'loadCases'>;
  /** The projection's open cases (server/projections/caseProjection.ts). */
  openCases: () => Iterable<{ state: CaseState }>;
  limits?: Partial<FinderLimits>;
}) {
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };

  const matches = (q: WindowQuery, gridCode: string, category: string) => gridCode.startsWith(q.scope) && (!q.categories || q.categories.has(category));

  /** Cuts a newest-first list at the limit; the first left out tells where the next page ends. */
  function page(hits: Hit[], limit: number, more: number | null): Found {
    if (hits.length <= limit) return { ids: hits.map((h) => h.caseId), next: more };
    return { ids: hits.slice(0, limit).map((h) => h.caseId), next: hits[limit]!.at };
  }

  function openOnes(q: WindowQuery): Found {
    const hits: Hit[] = [];
    for (const { state } of deps.openCases()) {
      if (state.reportedAt >= q.from && state.reportedAt <= q.to && matches(q, state.gridCode, state.category))
        hits.push({ caseId: state.caseId, at: state.reportedAt, seq: 0 });
    }
    return page(
      hits.sort((a, b) => newestFirst(a, b) || (a.caseId < b.caseId ? 1 : -1)),
      q.limit,
      null,
    );
  }

  /** The matching reports with lo <= at <= hi, newest first, and how many events were read. */
  async function slice(q: WindowQuery, lo: number, hi: number): Promise<{ hits: Hit[]; read: number }> {
    const hits: Hit[] = [];
    let read = 0;
    // the keyset (at, seq) > (lo - 1, MAX) is every event at lo or later
    let after = { at: lo - 1, seq: Number.MAX_SAFE_INTEGER };
    for (;;) {
      const events = await deps.log.readEventsByTime(after, hi, limits.page);
      read += events.length;
      for (const { seq, event } of events) {
        const e = event as CaseEvent;
        if (e.type === 'reported' && matches(q, e.gridCode, e.category)) hits.push({ caseId: e.caseId, at: Date.parse(e.at), seq });
      }
      if (events.length < limits.page) break;
      const last = events.at(-1)!;
      after = { at: Date.parse(last.event.at), seq: last.seq };
    }
    if (!q.statuses.has('open') && hits.length) {
      // closed ones only: the cases' current states tell
      const states = await deps.log.loadCases(hits.map((h) => h.caseId));
      return { hits: hits.filter((h) => states.get(h.caseId)?.status === 'closed').sort(newestFirst), read };
    }
    return { hits: hits.sort(newestFirst), read };
  }

  async function scan(q: WindowQuery): Promise<Found> {
    const hits: Hit[] = [];
    let read = 0;
    let hi = q.to;
    let span = FIRST_SLICE_MS;
    while (hi >= q.from) {
      if (read >= limits.scanBudget) return page(hits, q.limit, hi);
      const lo = Math.max(q.from, hi - span + 1);
      const s = await slice(q, lo, hi);
      read += s.read;
      hits.push(...s.hits);
      if (hits.length > q.limit) return page(hits, q.limit, null);
      // the next slice aims at sliceEvents events, judged by this one's density
      const density = s.read / (hi - lo + 1);
      span = Math.max(MIN_SLICE_MS, density > 0 ? Math.round(limits.sliceEvents / density) : span * 4);
      hi = lo - 1;
    }
    return page(hits, q.limit, null);
  }

  return {
    find(q: WindowQuery): Promise<Found> {
      if (q.statuses.size === 1 && q.statuses.has('open')) return Promise.resolve(openOnes(q));
      return scan(q);
    },
  };
}

export type RequestFinder = ReturnType<typeof createRequestFinder>;
