// Trend buckets have their edges on Shanghai clock times (UTC+8), whatever the host's zone, and the
// last bucket is the one that contains "now".
import { describe, expect, it } from 'vitest';
import { HOUR_MS, bucketStart, trendWindow } from '../../server/projections/trendWindows.ts';

const sh = (local: string) => Date.parse(`${local}+08:00`);

describe('trend windows', () => {
  it('puts 24 h in 48 half-hour buckets ending with the one now fills', () => {
    const w = trendWindow('24h', sh('2026-11-23T10:47:12'));
    expect(w).toEqual({ from: sh('2026-11-22T11:00:00'), bucketMs: 30 * 60_000, buckets: 48 });
    expect(w.from + 47 * w.bucketMs).toBe(sh('2026-11-23T10:30:00'));
  });

  it('starts 3-hour buckets at Shanghai midnight, 03:00, 06:00 …, not at UTC ones', () => {
    // 01:30 in Shanghai is 17:30 UTC: a UTC-aligned bucket would start at 15:00 UTC (23:00 Shanghai)
    expect(bucketStart(sh('2026-11-23T01:30:00'), 3 * HOUR_MS)).toBe(sh('2026-11-23T00:00:00'));
    const w = trendWindow('7d', sh('2026-11-23T10:47:12'));
    expect(w).toEqual({ from: sh('2026-11-16T12:00:00'), bucketMs: 3 * HOUR_MS, buckets: 56 });
  });

  it('starts days at Shanghai midnight (16:00 UTC), the 30th being today', () => {
    expect(bucketStart(Date.parse('2026-11-22T16:00:00Z'), 24 * HOUR_MS)).toBe(Date.parse('2026-11-22T16:00:00Z'));
    expect(bucketStart(Date.parse('2026-11-22T15:59:59Z'), 24 * HOUR_MS)).toBe(Date.parse('2026-11-21T16:00:00Z'));
    expect(trendWindow('30d', sh('2026-11-23T00:00:00'))).toEqual({ from: sh('2026-10-25T00:00:00'), bucketMs: 24 * HOUR_MS, buckets: 30 });
  });

  it('widens the buckets to the counters of a street (hourly): 24 one-hour buckets', () => {
    expect(trendWindow('24h', sh('2026-11-23T10:47:12'), HOUR_MS)).toEqual({ from: sh('2026-11-22T11:00:00'), bucketMs: HOUR_MS, buckets: 24 });
    expect(trendWindow('7d', sh('2026-11-23T10:47:12'), HOUR_MS).bucketMs).toBe(3 * HOUR_MS);
  });
});
