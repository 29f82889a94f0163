import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { legacyDeadline, slaConfigSchema, slaPolicy } from '../../shared/slaRules.ts';
import { WEEKDAYS_ONLY, addWorkingDays, calendarOf, countWorkingDays, isWorkingDay } from '../../shared/workCalendar.ts';
import { statutoryDaysOff } from '../../shared/statutoryHolidays.ts';
import { yearScheduleSchema } from '../../shared/calendarYear.ts';
import { loadCalendarFiles } from '../../server/config/config.ts';

const cst = (local: string) => Date.parse(`${local}+08:00`);
const official = calendarOf(loadCalendarFiles('config/calendar'));
const policy = slaPolicy(slaConfigSchema.parse(JSON.parse(readFileSync('config/sla.json', 'utf8'))), official);

describe('working days in Asia/Shanghai', () => {
  it('counts Monday to Friday: Friday 15:00 + 2 = Tuesday 15:00', () => {
    expect(addWorkingDays(cst('2026-11-20T15:00:00'), 2, WEEKDAYS_ONLY)).toBe(cst('2026-11-24T15:00:00'));
  });

  it('starts a report made on a day off at 00:00 of the next working day', () => {
    expect(addWorkingDays(cst('2026-11-21T10:00:00'), 2, WEEKDAYS_ONLY)).toBe(cst('2026-11-25T00:00:00'));
  });

  it('skips the Spring Festival holidays and works the make-up Saturday (2026)', () => {
    // Friday 13 Feb 2026, 09:00: Sat 14 is a make-up working day, 15-23 are off
    expect(isWorkingDay('2026-02-14', policy.calendar)).toBe(true);
    expect(isWorkingDay('2026-02-16', policy.calendar)).toBe(false);
    expect(addWorkingDays(cst('2026-02-13T09:00:00'), 2, policy.calendar)).toBe(cst('2026-02-24T09:00:00'));
    // 7: Sat 14 (make-up), Tue 24 - Fri 27, Sat 28 (make-up), Mon 2 March
    expect(policy.deadlineFor('ordinary', 'appearance.garbage', cst('2026-02-13T09:00:00'))).toBe(cst('2026-03-02T09:00:00'));
  });

  it('uses Shanghai days whatever the host time zone is', () => {
    const before = process.env.TZ;
    const late = cst('2026-11-20T23:30:00'); // Friday night in Shanghai, Friday morning in New York
    const reference = addWorkingDays(late, 1, WEEKDAYS_ONLY);
    try {
      for (const tz of ['America/New_York', 'Pacific/Kiritimati', 'UTC']) {
        process.env.TZ = tz;
        expect(addWorkingDays(late, 1, WEEKDAYS_ONLY)).toBe(reference);
      }
    } finally {
      process.env.TZ = before;
    }
    expect(reference).toBe(cst('2026-11-23T23:30:00'));
  });
});

describe('time-limit rules', () => {
  it('gives 即办 2 clock hours, 紧急 2 working days, 重大 5, 一般 7, and the 24-hour services clock hours', () => {
    // Friday 2026-11-20 15:00: working days Mon 23, Tue 24, ..., Fri 27, Mon 30, Tue 1 Dec
    const t = cst('2026-11-20T15:00:00');
    expect(policy.deadlineFor('immediate', 'appearance.garbage', t)).toBe(t + 2 * 3_600_000);
    expect(policy.deadlineFor('urgent', 'appearance.garbage', t)).toBe(cst('2026-11-24T15:00:00'));
    expect(policy.deadlineFor('major', 'appearance.garbage', t)).toBe(cst('2026-11-27T15:00:00'));
    expect(policy.deadlineFor('ordinary', 'appearance.garbage', t)).toBe(cst('2026-12-01T15:00:00'));
    // gas, water and heating run 24 hours a day: the same limits on the clock, weekend included
    expect(policy.deadlineFor('urgent', 'safety.gas', t)).toBe(cst('2026-11-22T15:00:00'));
    expect(policy.deadlineFor('major', 'livelihood.heating', t)).toBe(cst('2026-11-25T15:00:00'));
    expect(policy.deadlineFor('ordinary', 'livelihood.water', t)).toBe(cst('2026-11-27T15:00:00'));
    // the classes run tightest first
    const limits = (['immediate', 'urgent', 'major', 'ordinary'] as const).map((u) => policy.deadlineFor(u, 'appearance.garbage', t));
    expect([...limits].sort((a, b) => a - b)).toEqual(limits);
  });

  it('takes an extension asked for at least 1 working day before the deadline, and no later', () => {
    // due Tuesday 2026-11-24 15:00: asked Monday 15:00 is exactly 1 working day before
    const due = cst('2026-11-24T15:00:00');
    expect(policy.extensionInTime(cst('2026-11-23T15:00:00'), due)).toBe(true);
    expect(policy.extensionInTime(cst('2026-11-23T15:01:00'), due)).toBe(false);
    // due Monday 2026-11-23 10:00, asked Saturday: the count starts Monday 00:00, + 1 working day = Tuesday 00:00, too late
    expect(policy.extensionInTime(cst('2026-11-21T09:00:00'), cst('2026-11-23T10:00:00'))).toBe(false);
    // asked Friday 10:00 for the same deadline: + 1 working day = Monday 10:00, just in time
    expect(policy.extensionInTime(cst('2026-11-20T10:00:00'), cst('2026-11-23T10:00:00'))).toBe(true);
  });

  it('lets a rule for a category (or its major) come first', () => {
    const p = slaPolicy(
      slaConfigSchema.parse({
        rules: [
          { urgency: 'urgent', category: 'safety', hours: 12 },
          { urgency: 'urgent', workingDays: 2 },
          { urgency: 'ordinary', workingDays: 7 },
          { urgency: 'major', workingDays: 5 },
          { urgency: 'immediate', hours: 2 },
        ],
        dueSoonHours: 4,
      }),
      WEEKDAYS_ONLY,
    );
    const t = cst('2026-11-20T15:00:00');
    expect(p.deadlineFor('urgent', 'safety.gas', t)).toBe(t + 12 * 3_600_000);
    expect(p.deadlineFor('urgent', 'appearance.garbage', t)).toBe(cst('2026-11-24T15:00:00'));
  });

  it('refuses rules that leave an urgency without a default', () => {
    expect(() => slaPolicy(slaConfigSchema.parse({ rules: [{ urgency: 'urgent', workingDays: 2 }], dueSoonHours: 4 }), WEEKDAYS_ONLY)).toThrow(/immediate/);
  });
});

describe('a calendar that never runs out', () => {
  it('derives the statutory holidays of any year, with a weekend holiday made up on the next weekday', () => {
    // 2027: 春节 is 除夕 Fri 5 Feb, 初一 Sat 6, 初二 Sun 7, 初三 Mon 8: Sat and Sun made up on Tue 9 and Wed 10;
    // 清明 Mon 5 Apr; 劳动节 Sat 1 and Sun 2 May made up on Mon 3 and Tue 4; 端午 Wed 9 Jun; 中秋 Wed 15 Sep;
    // 国庆 Fri 1, Sat 2, Sun 3 Oct: made up on Mon 4 and Tue 5
    expect(statutoryDaysOff(2027)).toEqual([
      '2027-01-01',
      '2027-02-05',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-04-05',
      '2027-05-03',
      '2027-05-04',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
      '2027-10-04',
      '2027-10-05',
    ]);
    // every day the rules give is a day off in the State Council's own schedules of 2025 and 2026
    for (const year of [2025, 2026]) for (const day of statutoryDaysOff(year)) expect(isWorkingDay(day, official), day).toBe(false);
  });

  it('counts through a year without an official schedule by the statutory holidays, and says the result is provisional', () => {
    // 一般 (7 working days) reported Thursday 2026-12-24 10:00: Fri 25, Mon 28, Tue 29, Wed 30, Thu 31, then 2027:
    // Fri 1 January is 元旦 by the rules, so Mon 4 and Tue 5: Tuesday 2027-01-05 10:00, provisional
    expect(policy.deadlineJudged('ordinary', 'appearance.garbage', cst('2026-12-24T10:00:00'))).toEqual({ at: cst('2027-01-05T10:00:00'), provisional: true });
    // within 2026 it is official
    expect(policy.deadlineJudged('ordinary', 'appearance.garbage', cst('2026-12-07T10:00:00'))).toEqual({ at: cst('2026-12-16T10:00:00'), provisional: false });
    // hours run on the clock: never provisional
    expect(policy.deadlineJudged('immediate', 'appearance.garbage', cst('2026-12-31T23:00:00'))).toEqual({
      at: cst('2027-01-01T01:00:00'),
      provisional: false,
    });
    // once 2027 is known (here: 2 January made a working Saturday) the same count is official and moves
    const with2027 = calendarOf(new Map([...loadCalendarFiles('config/calendar'), [2027, { year: 2027, holidays: ['2027-01-01'], workdays: ['2027-01-02'] }]]));
    expect(countWorkingDays(cst('2026-12-24T10:00:00'), 7, with2027)).toEqual({ at: cst('2027-01-04T10:00:00'), provisional: false });
  });

  it('validates a year file: dates in the year, weekdays off, weekend days worked, none twice', () => {
    const issues = (body: unknown) => {
      const r = yearScheduleSchema.safeParse(body);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issues({ year: 2027, holidays: ['2027-01-01'], workdays: ['2027-01-02'] })).toEqual([]);
    expect(issues({ year: 2027, holidays: ['2027-13-01'], workdays: [] })[0]).toMatch(/^holidays\.0: /);
    expect(issues({ year: 2027, holidays: ['2026-12-31'], workdays: [] })).toEqual(['holidays.0: 2026-12-31 is not in 2027']);
    expect(issues({ year: 2027, holidays: ['2027-01-02'], workdays: [] })).toEqual([
      'holidays.0: 2027-01-02 is a Saturday or Sunday: list only the weekdays off',
    ]);
    expect(issues({ year: 2027, holidays: [], workdays: ['2027-01-04'] })).toEqual([
      'workdays.0: 2027-01-04 is a weekday: list only the weekend days worked (调休)',
    ]);
    expect(issues({ year: 2027, holidays: ['2027-01-01', '2027-01-01'], workdays: [] })).toEqual(['holidays.1: 2027-01-01 is listed twice']);
    expect(issues({ year: 2027, holidays: [], workdays: [], extra: 1 })).toHaveLength(1);
  });

  it('keeps calendar-time limits for reports stored before deadlines were recorded', () => {
    expect(legacyDeadline('urgent', 0)).toBe(48 * 3_600_000);
  });
});
