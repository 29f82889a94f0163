// A year's official holiday schedule as a file, an admin request or a stored row: the days off that
// fall on weekdays and the make-up working days that fall on weekends (调休), as the State Council's
// notice for the year lists them. Validated here once for the config folder, the admin API and the CLI.
import { z } from 'zod';

const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const date = z.iso.date('a date as YYYY-MM-DD');

/** The fields of a year's schedule (without the checks across them). */
export const yearScheduleFields = {
  year: z.number().int().min(2000).max(2100),
  /** Where the schedule comes from (the notice's title), for whoever checks it. */
  source: z.string().max(200).optional(),
  holidays: z.array(date).max(60),
  workdays: z.array(date).max(20),
};

export const yearScheduleSchema = z.strictObject(yearScheduleFields).superRefine((y, ctx) => {
  const check = (list: 'holidays' | 'workdays', wanted: (weekday: number) => boolean, what: string) => {
    const seen = new Set<string>();
    y[list].forEach((d, i) => {
      const path = [list, i];
      if (!d.startsWith(`${y.year}-`)) ctx.addIssue({ code: 'custom', path, message: `${d} is not in ${y.year}` });
      else if (seen.has(d)) ctx.addIssue({ code: 'custom', path, message: `${d} is listed twice` });
      else if (!wanted(weekdayOf(d))) ctx.addIssue({ code: 'custom', path, message: `${d} ${what}` });
      seen.add(d);
    });
  };
  check('holidays', (w) => w >= 1 && w <= 5, 'is a Saturday or Sunday: list only the weekdays off');
  check('workdays', (w) => w === 0 || w === 6, 'is a weekday: list only the weekend days worked (调休)');
});
export type YearScheduleFile = z.infer<typeof yearScheduleSchema>;

/** A year the server counts by (`GET /api/v1/calendar`). */
export interface CalendarYearInfo {
  year: number;
  source: string | null;
  /** `config`: a file of the calendar folder; `loaded`: loaded by an administrator. */
  origin: 'config' | 'loaded';
  loadedAt: string | null;
  loadedBy: string | null;
  holidays: number;
  workdays: number;
}

/** How far the official holiday schedules reach (`GET /api/v1/calendar`, `/healthz`'s `calendar`). */
export interface CalendarStatus {
  years: CalendarYearInfo[];
  /** The last day of the unbroken run of official years from this year on (null: this year has none). */
  coveredThrough: string | null;
  /** Deadlines from this day on are counted by the statutory holidays alone: provisional. */
  provisionalFrom: string;
  /** Less than 30 days of official schedule left: load next year's. */
  warning: string | null;
}
