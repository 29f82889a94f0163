import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { legacyDeadline, slaConfigSchema, slaPolicy } from '../../shared/slaRules.ts';
import { WEEKDAYS_ONLY, addWorkingDays, isWorkingDay } from '../../shared/workCalendar.ts';

const cst = (local: string) => Date.parse(`${local}+08:00`);
const policy = slaPolicy(slaConfigSchema.parse(JSON.parse(readFileSync('config/sla.json', 'utf8'))));

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
        calendar: { holidays: [], workdays: [] },
      }),
    );
    const t = cst('2026-11-20T15:00:00');
    expect(p.deadlineFor('urgent', 'safety.gas', t)).toBe(t + 12 * 3_600_000);
    expect(p.deadlineFor('urgent', 'appearance.garbage', t)).toBe(cst('2026-11-24T15:00:00'));
  });

  it('refuses rules that leave an urgency without a default, and malformed dates', () => {
    expect(() =>
      slaPolicy(slaConfigSchema.parse({ rules: [{ urgency: 'urgent', workingDays: 2 }], dueSoonHours: 4, calendar: { holidays: [], workdays: [] } })),
    ).toThrow(/immediate/);
    expect(
      slaConfigSchema.safeParse({ rules: [{ urgency: 'urgent', workingDays: 2 }], dueSoonHours: 4, calendar: { holidays: ['2026-13-01'], workdays: [] } })
        .success,
    ).toBe(false);
  });

  it('keeps calendar-time limits for reports stored before deadlines were recorded', () => {
    expect(legacyDeadline('urgent', 0)).toBe(48 * 3_600_000);
  });
});
