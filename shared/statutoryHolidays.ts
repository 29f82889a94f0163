// The public holidays the State Council's rules fix for every year (《全国年节及纪念日放假办法》, as
// amended in 2024, in force from 2025): 元旦 1 January; 春节 4 days, 除夕 to 初三; 清明 the day of the
// solar term; 劳动节 1-2 May; 端午 5/5 and 中秋 8/15 of the lunar calendar; 国庆 1-3 October. A holiday
// that falls on a Saturday or Sunday is made up on the next working day (补假, article 6). What the
// rules cannot give is each year's arrangement of bridge days and make-up working days (调休),
// published by the State Council every autumn: a calendar derived from these rules alone is
// provisional (shared/workCalendar.ts). Lunar dates from lunar-typescript.
import { Lunar } from 'lunar-typescript';

const ymd = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const DAY_MS = 86_400_000;
const dayOfDate = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const isWeekend = (day: number) => {
  const weekday = (day + 4) % 7; // day 0, 1970-01-01, was a Thursday
  return weekday === 0 || weekday === 6;
};

/** The statutory holidays of a year, by name, as dates (before any weekend make-up). */
export function statutoryDates(year: number): { name: string; dates: string[] }[] {
  const newYear = Lunar.fromYmd(year, 1, 1).getSolar();
  const lunar = (m: number, d: number) => Lunar.fromYmd(year, m, d).getSolar().toYmd();
  const spring = [newYear.next(-1), newYear, newYear.next(1), newYear.next(2)].map((s) => s.toYmd());
  return [
    { name: '元旦', dates: [ymd(year, 1, 1)] },
    { name: '春节', dates: spring },
    { name: '清明节', dates: [Lunar.fromYmd(year, 1, 1).getJieQiTable()['清明']!.toYmd()] },
    { name: '劳动节', dates: [ymd(year, 5, 1), ymd(year, 5, 2)] },
    { name: '端午节', dates: [lunar(5, 5)] },
    { name: '中秋节', dates: [lunar(8, 15)] },
    { name: '国庆节', dates: [ymd(year, 10, 1), ymd(year, 10, 2), ymd(year, 10, 3)] },
  ];
}

/** The weekdays off a year's statutory holidays give: the holidays themselves, and a weekend one made up on the next weekday. */
export function statutoryDaysOff(year: number): string[] {
  const off = new Set<number>();
  const all = statutoryDates(year)
    .flatMap((h) => h.dates)
    .map(dayOfDate)
    .sort((a, b) => a - b);
  const holiday = new Set(all);
  for (const day of all) {
    if (!isWeekend(day)) {
      off.add(day);
      continue;
    }
    let makeUp = day + 1;
    while (isWeekend(makeUp) || holiday.has(makeUp) || off.has(makeUp)) makeUp += 1;
    off.add(makeUp);
  }
  return [...off].sort((a, b) => a - b).map(dateOfDay);
}
