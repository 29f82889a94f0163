// The clock each project runs on: today's in "today", a year ahead in "a year ahead" — in the test
// process and in every node process it starts (a spawned server, the CLI). Without this check the
// date-sensitive suites could run a second time on today's clock and prove nothing.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';

const DAY = 86_400_000;
/** The real time, from the monotonic clock's origin (which no Date replacement touches). */
const realNow = () => performance.timeOrigin + performance.now();

describe('the clock of this project', () => {
  const days = inject('clockAheadDays');

  it(`is ${days} days ahead here`, () => {
    expect(Date.now() - realNow()).toBeGreaterThan(days * DAY - 60_000);
    expect(Date.now() - realNow()).toBeLessThan(days * DAY + 60_000);
    expect(Math.abs(Date.now() - Date.now())).toBeLessThan(1000);
    // dates given explicitly stay what they say
    expect(new Date('2026-11-23T10:00:00+08:00').toISOString()).toBe('2026-11-23T02:00:00.000Z');
  });

  it(`is ${days} days ahead in a node process started from here`, async () => {
    const before = realNow();
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', 'console.log(Date.now())']);
    const after = realNow();
    expect(Number(stdout)).toBeGreaterThan(before + days * DAY - 1000);
    expect(Number(stdout)).toBeLessThan(after + days * DAY + 1000);
  });
});
