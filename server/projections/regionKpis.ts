// A region's KPIs for a period, from the KPI cube (flows) and the open cases (the live state).
// Definitions (docs/kpi-rulebook.md repeats them for the duty leaders):
//   reported            cases reported in the period
//   acceptedWithin1h    of the cases first accepted in the period, those accepted within 1 hour of
//                       their report (count, and share of accepted)
//   closed              cases closed (evaluated) in the period
//   closureRate         of the cases reported in the period, the share closed by now
//   onTimeClosureRate   of the cases closed in the period, the share closed by their deadline
//   averageHandlingHours  mean time from report to closure of the cases closed in the period
//   escalations, extensions, becameOverdue   escalations ("whistles"), extensions granted and
//                       cases turned overdue in the period
//   satisfaction        of the evaluations in the period, the share satisfied
//   bySource            cases reported in the period by source channel
//   now                 open cases, open cases past their deadline, open cases due within the
//                       warning window; not tied to the period
import { SOURCE_CHANNELS, type SourceChannel } from '../../shared/caseEvent.ts';
import type { CaseState } from '../../shared/caseLifecycle.ts';
import { dayNumber, type KpiCube } from './kpiCube.ts';

export const KPI_PERIODS = ['today', 'week', '30d'] as const;
export type KpiPeriod = (typeof KPI_PERIODS)[number];

const DAY_MS = 86_400_000;
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Shanghai day numbers of the period's first and last day: today; Monday to today; the last 30 days. */
export function periodDays(period: KpiPeriod, now: number): [number, number] {
  const today = dayNumber(now);
  if (period === 'today') return [today, today];
  if (period === 'week') return [today - ((today + 3) % 7), today]; // day 0 (1970-01-01) was a Thursday
  return [today - 29, today];
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

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
  const c = args.cube.sum(from, to, args.grids);
  let openCases = 0,
    overdue = 0,
    dueSoon = 0;
  for (const s of args.openCases) {
    if (!s.gridCode.startsWith(args.regionCode)) continue;
    openCases += 1;
    if (s.deadline <= args.now) overdue += 1;
    else if (s.deadline - args.now <= args.dueSoonMs) dueSoon += 1;
  }
  return {
    period: args.period,
    from: dateOf(from),
    to: dateOf(to),
    figures: {
      reported: c.reported,
      accepted: c.accepted,
      acceptedWithin1h: c.acceptedWithin1h,
      acceptedWithin1hRate: ratio(c.acceptedWithin1h, c.accepted),
      closed: c.closed,
      closureRate: ratio(c.reportedAndClosed, c.reported),
      onTimeClosureRate: ratio(c.closedOnTime, c.closed),
      averageHandlingHours: c.closed ? c.handlingMinutes / c.closed / 60 : null,
      escalations: c.escalations,
      extensions: c.extensions,
      becameOverdue: c.becameOverdue,
      evaluations: c.evaluations,
      satisfaction: ratio(c.satisfied, c.evaluations),
    },
    bySource: Object.fromEntries(SOURCE_CHANNELS.map((s) => [s, c[`source:${s}`]])) as Record<SourceChannel, number>,
    now: { openCases, overdue, dueSoon },
  };
}
