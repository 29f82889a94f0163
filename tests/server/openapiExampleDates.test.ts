// The API document's example dates follow the server's clock: moved by whole days so that the newest
// lies in the day before now, clock times, offsets and gaps kept; nothing but examples is touched.
import { describe, expect, it } from 'vitest';
import { exampleShiftDays, newestExample, shiftDay, shiftExamples } from '../../server/http/openapi/exampleDates.ts';
import { openApiDocument } from '../../server/http/openapi/document.ts';

const DAY = 86_400_000;

describe('example dates', () => {
  it('move a day, keeping the clock time, the offset and the precision', () => {
    expect(shiftDay('2026-11-23T10:00:00+08:00', 14)).toBe('2026-12-07T10:00:00+08:00');
    expect(shiftDay('2026-11-23T02:00:00.000Z', 39)).toBe('2027-01-01T02:00:00.000Z'); // over a year's end
    expect(shiftDay('2028-02-28', 1)).toBe('2028-02-29'); // a leap day
    expect(shiftDay('2026-03-01T00:30:00-05:00', -1)).toBe('2026-02-28T00:30:00-05:00');
    for (const other of ['小区门口垃圾堆放', '120101001008003', '2026-11-23 10:00', 'e.g. 2026-11-23T10:00:00+08:00']) expect(shiftDay(other, 5)).toBe(other);
  });

  it('are moved by whole days so the newest is at most a day old', () => {
    const newest = Date.parse('2026-11-23T10:01:00+08:00');
    // written on the day: no move; 10:00 the next day: not yet a whole day; 10:01: one day
    expect(exampleShiftDays(newest, newest)).toBe(0);
    expect(exampleShiftDays(newest, Date.parse('2026-11-24T10:00:00+08:00'))).toBe(0);
    expect(exampleShiftDays(newest, Date.parse('2026-11-24T10:01:00+08:00'))).toBe(1);
    // 2026-12-07 09:00 Beijing time is 13 days 22 h 59 min after: 13 days, the newest example 2026-12-06 10:01
    expect(exampleShiftDays(newest, Date.parse('2026-12-07T09:00:00+08:00'))).toBe(13);
    expect(exampleShiftDays(Number.NaN, Date.now())).toBe(0);
  });

  it('touch examples only', () => {
    const doc = { description: 'at 2026-11-23T10:00:00+08:00', example: { at: '2026-11-23T10:00:00+08:00', n: 1 }, nested: [{ examples: ['2026-11-22'] }] };
    expect(newestExample(doc)).toBe(Date.parse('2026-11-23T10:00:00+08:00'));
    expect(shiftExamples(doc, 2)).toEqual({
      description: 'at 2026-11-23T10:00:00+08:00',
      example: { at: '2026-11-25T10:00:00+08:00', n: 1 },
      nested: [{ examples: ['2026-11-24'] }],
    });
  });

  it('keep the served document usable on any day: a year from now its newest example is under a day old', () => {
    for (const now of [Date.now(), Date.now() + 365 * DAY, Date.parse('2031-02-10T03:00:00Z')]) {
      const newest = newestExample(openApiDocument(now));
      expect(newest).toBeLessThanOrEqual(now);
      expect(now - newest).toBeLessThan(DAY);
    }
    const events = openApiDocument(Date.parse('2030-06-01T12:00:00+08:00')).paths!['/api/v1/events']!.post!.requestBody as {
      content: Record<string, { example: { events: { at: string }[] } }>;
    };
    expect(events.content['application/json']!.example.events.map((e) => e.at)).toEqual(['2030-06-01T10:00:00+08:00', '2030-06-01T10:01:00+08:00']);
  });
});
