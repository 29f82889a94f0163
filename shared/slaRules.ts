// Time limits: the rules that give a new case its deadline, by urgency and, where a rule says so,
// by category. Working-day limits follow the work calendar (holidays and make-up days, Asia/
// Shanghai); hour limits (the 2-hour promise of a general event) run on the clock. The server
// decides the deadline once, at report time, and stores it in the event, so changing the rules
// later never moves the deadlines of cases already reported. The work calendar is the one thing that
// can change under a running server: when next year's official schedule is loaded, `setCalendar`
// replaces it, and deadlines counted provisionally through that year are revised
// (server/calendar/deadlineRevision.ts).
import { z } from 'zod';
import { URGENCIES, type Urgency } from './caseEvent.ts';
import { addWorkingDays, countWorkingDays, type WorkCalendar } from './workCalendar.ts';

const HOUR = 3_600_000;

/** A category code or its major ('safety' matches 'safety.gas'), or a list of them. */
const categories = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional();
export const slaConfigSchema = z.strictObject({
  /** First match wins; a rule without `category` matches every category of its urgency. */
  rules: z
    .array(
      z.union([
        z.strictObject({ urgency: z.enum(URGENCIES), category: categories, workingDays: z.number().int().min(1).max(60) }),
        z.strictObject({
          urgency: z.enum(URGENCIES),
          category: categories,
          hours: z
            .number()
            .positive()
            .max(24 * 60),
        }),
      ]),
    )
    .min(1),
  /** An open case is "due soon" this long before its deadline. */
  dueSoonHours: z
    .number()
    .positive()
    .max(24 * 30),
  /** An extension must be asked for at least this many working days before the deadline (Jinnan 8890: 1). */
  extensionNoticeWorkingDays: z.number().int().min(0).max(10).default(1),
  /** A verified case nobody rated within this many days is closed as 默认满意 (3 is common). */
  ratingDays: z.number().positive().max(30).default(3),
  /**
   * A time limit a source sets (a report's deadline, an extension's new one, a re-handling's) lies
   * at most this many days after its event: a deadline in the year 9999 would be a case that never
   * goes overdue.
   */
  timeLimitHorizonDays: z.number().int().min(1).max(3660).default(366),
});
export type SlaConfig = z.input<typeof slaConfigSchema>;

export interface SlaPolicy {
  deadlineFor(urgency: Urgency, category: string, reportedAt: number): number;
  /** As deadlineFor, and whether it was counted through a year without an official schedule. */
  deadlineJudged(urgency: Urgency, category: string, reportedAt: number): { at: number; provisional: boolean };
  dueSoonMs: number;
  readonly calendar: WorkCalendar;
  /** Replaces the work calendar (a year's official schedule loaded). */
  setCalendar(calendar: WorkCalendar): void;
  /** Whether an extension asked for at `at` comes early enough before `deadline` (the notice in working days). */
  extensionInTime(at: number, deadline: number): boolean;
  extensionNoticeWorkingDays: number;
  /** How long after verification a case waits for its rating before it is closed as 默认满意. */
  ratingWindowMs: number;
  /** How far after its event a time limit set by a source may lie. */
  timeLimitHorizonDays: number;
}

export function slaPolicy(input: SlaConfig, initialCalendar: WorkCalendar): SlaPolicy {
  const config = slaConfigSchema.parse(input);
  let calendar = initialCalendar;
  for (const urgency of URGENCIES) {
    if (!config.rules.some((r) => r.urgency === urgency && !r.category)) throw new Error(`SLA rules: no rule for every category of urgency '${urgency}'`);
  }
  const ruleFor = (urgency: Urgency, category: string) => {
    const matches = (c: string) => c === category || category.startsWith(`${c}.`);
    return config.rules.find((r) => r.urgency === urgency && (!r.category || (Array.isArray(r.category) ? r.category.some(matches) : matches(r.category))))!;
  };
  const deadlineJudged = (urgency: Urgency, category: string, reportedAt: number) => {
    const rule = ruleFor(urgency, category);
    return 'hours' in rule ? { at: reportedAt + rule.hours * HOUR, provisional: false } : countWorkingDays(reportedAt, rule.workingDays, calendar);
  };
  return {
    get calendar() {
      return calendar;
    },
    setCalendar(next) {
      calendar = next;
    },
    deadlineJudged,
    deadlineFor: (urgency, category, reportedAt) => deadlineJudged(urgency, category, reportedAt).at,
    dueSoonMs: config.dueSoonHours * HOUR,
    extensionNoticeWorkingDays: config.extensionNoticeWorkingDays,
    ratingWindowMs: config.ratingDays * 24 * HOUR,
    timeLimitHorizonDays: config.timeLimitHorizonDays,
    extensionInTime: (at, deadline) => addWorkingDays(at, config.extensionNoticeWorkingDays, calendar) <= deadline,
  };
}

/** Calendar-time limits, for events stored before deadlines were recorded in the report. */
export function legacyDeadline(urgency: Urgency, reportedAt: number): number {
  return reportedAt + { immediate: 2 * HOUR, urgent: 48 * HOUR, major: 120 * HOUR, ordinary: 168 * HOUR }[urgency];
}
