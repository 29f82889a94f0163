// Working days in Asia/Shanghai, Chinese practice: Monday-Friday work, except public holidays,
// plus make-up working days (调休) that fall on a weekend. Dates are 'YYYY-MM-DD' Shanghai days;
// nothing here reads the host's time zone. A calendar knows the official schedule of some years; in
// any other year it counts the statutory holidays the rules fix (shared/statutoryHolidays.ts)
// without the year's bridge and make-up days, and a count that touches such a year is provisional.
import { statutoryDaysOff } from './statutoryHolidays.ts';

const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

export interface WorkCalendar {
  /** Days off that would otherwise be working days (and any other day off). */
  holidays: ReadonlySet<string>;
  /** Weekend days that are working days (make-up days). */
  workdays: ReadonlySet<string>;
  /** The years whose official schedule `holidays` and `workdays` hold; absent: every year is as they say. */
  officialYears?: ReadonlySet<number>;
}

export const WEEKDAYS_ONLY: WorkCalendar = { holidays: new Set(), workdays: new Set() };

/** A year's official schedule, as the State Council publishes it. */
export interface YearSchedule {
  holidays: readonly string[];
  workdays: readonly string[];
}

/** A calendar of the official years given; other years by the statutory rules. */
export function calendarOf(years: ReadonlyMap<number, YearSchedule>): WorkCalendar {
  const list = [...years.values()];
  return {
    holidays: new Set(list.flatMap((y) => y.holidays)),
    workdays: new Set(list.flatMap((y) => y.workdays)),
    officialYears: new Set(years.keys()),
  };
}

const yearOfDay = (day: number) => new Date(day * DAY_MS).getUTCFullYear();
const derived = new Map<number, Set<number>>();
function statutoryOff(year: number): Set<number> {
  let off = derived.get(year);
  if (!off) derived.set(year, (off = new Set(statutoryDaysOff(year).map(dayOfDate))));
  return off;
}
/** Whether a Shanghai day lies in a year the calendar has no official schedule for. */
function provisionalDay(day: number, cal: WorkCalendar): boolean {
  return cal.officialYears !== undefined && !cal.officialYears.has(yearOfDay(day));
}

const dayNumber = (epochMs: number) => Math.floor((epochMs + OFFSET_MS) / DAY_MS);
const dayOfDate = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** The calendar's exceptions as day numbers, computed once per calendar (this runs for every report). */
const exceptions = new WeakMap<WorkCalendar, { off: Set<number>; on: Set<number> }>();
function exceptionsOf(cal: WorkCalendar) {
  let e = exceptions.get(cal);
  if (!e) {
    e = { off: new Set([...cal.holidays].map(dayOfDate)), on: new Set([...cal.workdays].map(dayOfDate)) };
    exceptions.set(cal, e);
  }
  return e;
}

function isWorkingDayNumber(day: number, cal: WorkCalendar): boolean {
  if (provisionalDay(day, cal)) {
    if (statutoryOff(yearOfDay(day)).has(day)) return false;
    const weekday = (day + 4) % 7;
    return weekday >= 1 && weekday <= 5;
  }
  const { off, on } = exceptionsOf(cal);
  if (on.has(day)) return true;
  if (off.has(day)) return false;
  const weekday = (day + 4) % 7; // day 0, 1970-01-01, was a Thursday (4)
  return weekday >= 1 && weekday <= 5;
}

export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
  return isWorkingDayNumber(dayOfDate(date), cal);
}

/**
 * The instant `days` working days after `from`: the same Shanghai clock time on the n-th working
 * day after the day of `from`. A case reported on a day off starts counting at 00:00 of the next
 * working day. Friday 15:00 + 2 working days = Tuesday 15:00; Saturday 10:00 + 2 = Wednesday 00:00.
 */
export function addWorkingDays(from: number, days: number, cal: WorkCalendar): number {
  return countWorkingDays(from, days, cal).at;
}

/** As addWorkingDays, and whether the count went through a year without an official schedule (the result may move once it is published). */
export function countWorkingDays(from: number, days: number, cal: WorkCalendar): { at: number; provisional: boolean } {
  let day = dayNumber(from);
  let provisional = provisionalDay(day, cal);
  let timeOfDay = from + OFFSET_MS - day * DAY_MS;
  if (!isWorkingDayNumber(day, cal)) {
    timeOfDay = 0;
    do {
      day += 1;
      provisional ||= provisionalDay(day, cal);
    } while (!isWorkingDayNumber(day, cal));
  }
  for (let left = days; left > 0; ) {
    day += 1;
    provisional ||= provisionalDay(day, cal);
    if (isWorkingDayNumber(day, cal)) left -= 1;
  }
  return { at: day * DAY_MS + timeOfDay - OFFSET_MS, provisional };
}
