// A scope's Trends (shared/protocol.ts), summed from the time-bucketed counters of the fold:
//   periods   24 h in 30-minute buckets (a street: 1-hour buckets, its counters are hourly), 7 days in
//             3-hour buckets, 30 days in days; edges on Shanghai clock times, the last bucket filling;
//             series by major category, largest first, and the total
//   rising    the last 24 h against the daily mean of the previous days (7, or as many whole days as
//             the history holds: risingBaselineDays; 0 days: no rising lists). An item rises when it has
//             at least RISING_MIN_COUNT reports in the last 24 h and more than its daily mean; ranked
//             by the excess (now - before), then by now; at most RISING_SHOWN of each
//   sources   reports of the last 24 h by source channel
//   ranking   the scope's districts (city) / streets (district) over the last 7 days (today and the
//             6 days before) from the KPI cube, best closure rate first (regions without reports
//             last), then most reported; a street wall has no ranking (rows empty)
import { SOURCE_CHANNELS, type SourceChannel } from '../../shared/caseEvent.ts';
import { CATEGORIES, CATEGORY_CODES } from '../../shared/categories.ts';
import { TREND_PERIODS, type RankingRow, type RisingItem, type TrendPeriod, type TrendWindow, type Trends } from '../../shared/protocol.ts';
import { CITY_CODE } from '../../shared/regions.ts';
import { dayNumber, type KpiCube } from './kpiCube.ts';
import type { ReportLog } from './reportLog.ts';
import { FINE_BUCKET_MS, STREET_BUCKET_MS, type TrendCounters } from './trendCounters.ts';
import { DAY_MS, trendWindow } from './trendWindows.ts';

export const RISING_MIN_COUNT = 5;
export const RISING_SHOWN = 10;
export const RISING_MAX_DAYS = 7;
export const RANKING_DAYS = 7;

/** The major category's index of each sub-category index. */
const MAJORS = CATEGORIES.map((c) => c.code);
const majorOfSub = CATEGORY_CODES.map((code) => MAJORS.indexOf(code.split('.')[0]!));

export interface TrendSources {
  counters: TrendCounters;
  reports: ReportLog;
  cube: KpiCube;
  /** The child regions a ranking lists (the city's districts, a district's streets). */
  childrenOf(code: string): { code: string; level: string }[];
  gridsIn(code: string): ArrayLike<number>;
}

/** The level of a scope code: the city (4 digits), a district (6) or a street (9). */
const resolutionOf = (scope: string) => (scope.length === 9 ? STREET_BUCKET_MS : FINE_BUCKET_MS);
const counterScope = (scope: string) => (scope === CITY_CODE ? '' : scope);

function periodWindow(src: TrendSources, scope: string, period: TrendPeriod, now: number): TrendWindow {
  const spec = trendWindow(period, now, resolutionOf(scope));
  const byMajor = MAJORS.map(() => new Array<number>(spec.buckets).fill(0));
  const total = new Array<number>(spec.buckets).fill(0);
  src.counters.forEachSub(counterScope(scope), spec.from, spec.from + spec.buckets * spec.bucketMs, (t, sub, n) => {
    const b = Math.floor((t - spec.from) / spec.bucketMs);
    byMajor[majorOfSub[sub]!]![b]! += n;
    total[b]! += n;
  });
  const categories = MAJORS.map((key, m) => ({ key, counts: byMajor[m]!, sum: byMajor[m]!.reduce((a, b) => a + b, 0) }))
    .filter((c) => c.sum > 0)
    .sort((a, b) => b.sum - a.sum || a.key.localeCompare(b.key))
    .map(({ key, counts }) => ({ key, counts }));
  return { from: spec.from, bucketMs: spec.bucketMs, categories, total };
}

/** How many whole previous days the rising lists compare with, given the history held. */
export function risingDays(end: number, historyFrom: number): number {
  if (!Number.isFinite(historyFrom)) return 0;
  return Math.max(0, Math.min(RISING_MAX_DAYS, Math.floor((end - DAY_MS - historyFrom) / DAY_MS)));
}

/** Ranks keys by their last-24-h count against their daily mean over `days` previous days. */
export function risingItems(counts: Map<string, number[]>, days: number): RisingItem[] {
  if (!days) return [];
  const items: RisingItem[] = [];
  for (const [key, perDay] of counts) {
    const now = perDay[0] ?? 0;
    let sum = 0;
    for (let d = 1; d <= days; d++) sum += perDay[d] ?? 0;
    const before = Math.round((sum / days) * 100) / 100;
    if (now < RISING_MIN_COUNT || now <= before) continue;
    items.push({ key, now, before, change: before > 0 ? Math.round((now / before - 1) * 1000) / 1000 : null });
  }
  return items.sort((a, b) => b.now - b.before - (a.now - a.before) || b.now - a.now || a.key.localeCompare(b.key)).slice(0, RISING_SHOWN);
}

export function computeTrends(src: TrendSources, scope: string, now: number): Trends {
  const periods = Object.fromEntries(TREND_PERIODS.map((p) => [p, periodWindow(src, scope, p, now)])) as Record<TrendPeriod, TrendWindow>;

  // the last 24 h ends with the bucket now fills, at the scope's counter resolution
  const res = resolutionOf(scope);
  const end = Math.floor(now / res) * res + res;
  const days = risingDays(end, src.counters.firstReportAt());
  const dayOf = (t: number) => Math.floor((end - 1 - t) / DAY_MS); // 0: the last 24 h, 1..days: the days before
  const from = end - (days + 1) * DAY_MS;
  const bySub = new Map<string, number[]>();
  const add = (m: Map<string, number[]>, key: string, d: number, n: number) => {
    let row = m.get(key);
    if (!row) m.set(key, (row = new Array<number>(days + 1).fill(0)));
    row[d]! += n;
  };
  src.counters.forEachSub(counterScope(scope), from, end, (t, sub, n) => add(bySub, CATEGORY_CODES[sub]!, dayOf(t), n));
  const byStreet = new Map<string, number[]>();
  if (scope.length < 9) src.counters.forEachStreet(counterScope(scope), from, end, (t, street, _sub, n) => add(byStreet, street, dayOf(t), n));

  const sources: Record<SourceChannel, number> =
    src.counters.sources(counterScope(scope), end - DAY_MS, end) ?? src.reports.streetSources(scope, end - DAY_MS, end);

  const [firstDay, lastDay] = [dayNumber(now) - RANKING_DAYS + 1, dayNumber(now)];
  const children = scope.length === 9 ? [] : src.childrenOf(scope);
  const rows: RankingRow[] = children.map(({ code }) => {
    const c = src.cube.sum(firstDay, lastDay, src.gridsIn(code));
    return {
      code,
      reported: c.reported,
      closed: c.closed,
      closureRate: c.reported ? c.reportedAndClosed / c.reported : null,
      onTimeRate: c.due ? c.dueOnTime / c.due : null,
    };
  });
  rows.sort((a, b) => (b.closureRate ?? -1) - (a.closureRate ?? -1) || b.reported - a.reported || a.code.localeCompare(b.code));
  const level = scope === CITY_CODE ? 'district' : 'street';

  return {
    scope,
    at: now,
    periods,
    risingBaselineDays: days,
    risingCategories: risingItems(bySub, days),
    risingStreets: risingItems(byStreet, days),
    sources: Object.fromEntries(SOURCE_CHANNELS.map((s) => [s, sources[s] ?? 0])) as Record<SourceChannel, number>,
    ranking: { period: '7d', level, rows },
  };
}
