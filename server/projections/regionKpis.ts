// A region's KPIs for a period, from the KPI cube (flows) and the open cases (the live state).
// Definitions (docs/kpi-rulebook.md gives each with a worked example, for the duty leaders):
//   reported              cases reported in the period (bySource: by channel)
//   acceptanceRate        接单率: of the cases reported in the period whose hour for acceptance is up
//                         (accepted, or reported over an hour ago), the share accepted within it
//   resolved              办结: resolutions in the period that stand (a failed verification takes one back)
//   resolutionRate        办结率: of the cases reported in the period, the share resolved by now
//   closed, closureRate   结案: cases closed in the period; of those reported, the share closed by now
//   due, dueOnTime, onTimeRate   按期办结率: deadlines that fell in the period (resolved, or passed
//                         while still owed) and, of them, those resolved by the deadline
//   extensionRate         延期率: extensions granted in the period per case accepted in it
//   returnRate            退回率: returns in the period per dispatch in it
//   rehandleRate          重办率: of the return visits in the period, the share unsatisfied (re-handled)
//   visitRate             回访率: of the cases settled by a rating in the period, the share really
//                         visited (the rest closed as 默认满意)
//   satisfaction          回访满意率: of the return visits in the period, satisfied or basically satisfied
//   averageHandlingHours  mean time from report to resolution of the resolutions in the period,
//                         and byUrgency the same per urgency class
//   escalations, extensions, becameOverdue   counts in the period
//   now                   open cases, owed cases past their deadline, owed cases due within the
//                         warning window; not tied to the period
import { SOURCE_CHANNELS, URGENCIES, type SourceChannel, type Urgency } from '../../shared/caseEvent.ts';
import { owes, type CaseState } from '../../shared/caseLifecycle.ts';
import { ACCEPTANCE_LIMIT_MS, dayNumber, type Counts, type KpiCube } from './kpiCube.ts';
import { Refusal } from '../../shared/refusal.ts';

export const KPI_PERIODS = ['today', 'week', 'month', '30d', 'quarter', 'year'] as const;
export type KpiPeriod = (typeof KPI_PERIODS)[number];
/** The periods that reach past the grid counters' 35 days: kept for streets, districts and the city. */
export const LONG_PERIODS: ReadonlySet<KpiPeriod> = new Set(['quarter', 'year']);

const DAY_MS = 86_400_000;
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const dayOf = (y: number, m: number, d: number) => Date.UTC(y, m, d) / DAY_MS;

/**
 * Shanghai day numbers of the period's first and last day: today; Monday to today; the 1st of the
 * month, of the quarter (January, April, July, October) or of the year to today; the last 30 days.
 */
export function periodDays(period: KpiPeriod, now: number): [number, number] {
  const today = dayNumber(now);
  const date = new Date(today * DAY_MS);
  const [y, m] = [date.getUTCFullYear(), date.getUTCMonth()];
  if (period === 'today') return [today, today];
  if (period === 'week') return [today - ((today + 3) % 7), today]; // day 0 (1970-01-01) was a Thursday
  if (period === 'month') return [dayOf(y, m, 1), today];
  if (period === 'quarter') return [dayOf(y, m - (m % 3), 1), today];
  if (period === 'year') return [dayOf(y, 0, 1), today];
  return [today - 29, today];
}

/** The same days one year before (29 February as the 28th). */
export function sameDaysLastYear([from, to]: [number, number]): [number, number] {
  const back = (day: number) => {
    const d = new Date(day * DAY_MS);
    return dayOf(d.getUTCFullYear() - 1, d.getUTCMonth(), Math.min(d.getUTCDate(), d.getUTCMonth() === 1 ? 28 : 31));
  };
  return [back(from), back(to)];
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/** The figures of a period's counts (definitions above). */
function figuresOf(c: Counts, awaitingAcceptance = 0) {
  const resolved = URGENCIES.reduce((n, u) => n + c[`resolved:${u}`], 0);
  const minutes = URGENCIES.reduce((n, u) => n + c[`resolvedMinutes:${u}`], 0);
  return {
    figures: {
      reported: c.reported,
      accepted: c.accepted,
      acceptanceDue: c.reported - awaitingAcceptance,
      acceptedInTime: c.reportedAndAcceptedInTime,
      acceptanceRate: ratio(c.reportedAndAcceptedInTime, c.reported - awaitingAcceptance),
      resolved,
      resolutionRate: ratio(c.reportedAndResolved, c.reported),
      closed: c.closed,
      closureRate: ratio(c.reportedAndClosed, c.reported),
      due: c.due,
      dueOnTime: c.dueOnTime,
      onTimeRate: ratio(c.dueOnTime, c.due),
      averageHandlingHours: resolved ? minutes / resolved / 60 : null,
      escalations: c.escalations,
      extensions: c.extensions,
      extensionRate: ratio(c.extensions, c.accepted),
      dispatched: c.dispatched,
      returned: c.returned,
      returnRate: ratio(c.returned, c.dispatched),
      visits: c.visits,
      satisfied: c.satisfied,
      defaultClosed: c.defaultClosed,
      visitRate: ratio(c.visits, c.visits + c.defaultClosed),
      satisfaction: ratio(c.satisfied, c.visits),
      rehandled: c.rehandled,
      rehandleRate: ratio(c.rehandled, c.visits),
      becameOverdue: c.becameOverdue,
    },
    averageHandlingHoursByUrgency: Object.fromEntries(
      URGENCIES.map((u) => [u, c[`resolved:${u}`] ? c[`resolvedMinutes:${u}`] / c[`resolved:${u}`] / 60 : null]),
    ) as Record<Urgency, number | null>,
    bySource: Object.fromEntries(SOURCE_CHANNELS.map((s) => [s, c[`source:${s}`]])) as Record<SourceChannel, number>,
  };
}

export function regionKpis(args: {
  cube: KpiCube;
  openCases: Iterable<CaseState>;
  /** The region's grid indices; undefined for the whole city. */
  grids?: ArrayLike<number>;
  regionCode: string;
  period: KpiPeriod;
  now: number;
  dueSoonMs: number;
}) {
  const [from, to] = periodDays(args.period, args.now);
  // the city (''), a district or a street: from the rollup, any period and last year's too
  const scope = args.regionCode.length <= 4 ? '' : args.regionCode;
  const kept = args.cube.keepsScope(scope);
  if (!kept && LONG_PERIODS.has(args.period)) {
    throw new Refusal(
      'period_not_kept',
      `period '${args.period}' is kept for streets, districts and the city; ${args.regionCode} lies below them: ask for its street ${args.regionCode.slice(0, 9)}, or a period of up to 30 days`,
    );
  }
  const c = kept ? args.cube.sumScope(from, to, scope)! : args.cube.sum(from, to, args.grids);
  const lastYear = sameDaysLastYear([from, to]);
  let openCases = 0,
    overdue = 0,
    dueSoon = 0,
    awaitingAcceptance = 0; // reported in the period, not yet accepted, within their hour: not yet due
  for (const s of args.openCases) {
    if (!s.gridCode.startsWith(args.regionCode)) continue;
    openCases += 1;
    const day = dayNumber(s.reportedAt);
    if (s.status === 'reported' && s.reportedAt > args.now - ACCEPTANCE_LIMIT_MS && day >= from && day <= to) awaitingAcceptance += 1;
    if (!owes(s)) continue;
    if (s.deadline <= args.now) overdue += 1;
    else if (s.deadline - args.now <= args.dueSoonMs) dueSoon += 1;
  }
  return {
    period: args.period,
    from: dateOf(from),
    to: dateOf(to),
    ...figuresOf(c, awaitingAcceptance),
    /** The same days a year before (streets, districts and the city; null below them). */
    sameLastYear: kept ? { from: dateOf(lastYear[0]), to: dateOf(lastYear[1]), ...figuresOf(args.cube.sumScope(lastYear[0], lastYear[1], scope)!) } : null,
    now: { openCases, overdue, dueSoon },
  };
}
