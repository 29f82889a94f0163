// Time limits: the rules that give a new case its deadline, by urgency and, where a rule says so,
// by category. Working-day limits follow the work calendar (holidays and make-up days, Asia/
// Shanghai); hour limits (the 2-hour promise of a general event) run on the clock. The server
// decides the deadline once, at report time, and stores it in the event, so changing the rules
// later never moves the deadlines of cases already reported.
import { z } from 'zod';
import { URGENCIES, type Urgency } from './caseEvent.ts';
import { addWorkingDays, type WorkCalendar } from './workCalendar.ts';

const HOUR = 3_600_000;

const day = z.iso.date();
export const slaConfigSchema = z.strictObject({
  /** First match wins; a rule without `category` matches every category of its urgency. */
  rules: z
    .array(
      z.union([
        z.strictObject({ urgency: z.enum(URGENCIES), category: z.string().min(1).optional(), workingDays: z.number().int().min(1).max(60) }),
        z.strictObject({
          urgency: z.enum(URGENCIES),
          category: z.string().min(1).optional(),
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
  calendar: z.strictObject({ holidays: z.array(day), workdays: z.array(day) }),
});
export type SlaConfig = z.infer<typeof slaConfigSchema>;

export interface SlaPolicy {
  deadlineFor(urgency: Urgency, category: string, reportedAt: number): number;
  dueSoonMs: number;
  calendar: WorkCalendar;
}

export function slaPolicy(config: SlaConfig): SlaPolicy {
  const calendar: WorkCalendar = { holidays: new Set(config.calendar.holidays), workdays: new Set(config.calendar.workdays) };
  for (const urgency of URGENCIES) {
    if (!config.rules.some((r) => r.urgency === urgency && !r.category)) throw new Error(`SLA rules: no rule for every category of urgency '${urgency}'`);
  }
  return {
    calendar,
    dueSoonMs: config.dueSoonHours * HOUR,
    deadlineFor(urgency, category, reportedAt) {
      // a category rule names a category code or its major ('safety' matches 'safety.gas')
      const rule = config.rules.find((r) => r.urgency === urgency && (!r.category || r.category === category || category.startsWith(`${r.category}.`)))!;
      return 'hours' in rule ? reportedAt + rule.hours * HOUR : addWorkingDays(reportedAt, rule.workingDays, calendar);
    },
  };
}

/** Calendar-time limits, for events stored before deadlines were recorded in the report. */
export function legacyDeadline(urgency: Urgency, reportedAt: number): number {
  return reportedAt + { urgent: 48 * HOUR, ordinary: 168 * HOUR, general: 2 * HOUR }[urgency];
}
