// The time windows of the trend charts, with bucket edges on Asia/Shanghai clock times (UTC+8, no
// daylight saving): a 30-minute bucket starts at :00 or :30, a 3-hour bucket at 00:00, 03:00 … and
// a day at midnight, Shanghai time, whatever the host's zone. The last bucket is the one still
// filling (it contains `now`).
import type { TrendPeriod } from '../../shared/protocol.ts';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * HOUR_MS;

export interface WindowSpec {
  /** Start of the first bucket (epoch ms). */
  from: number;
  bucketMs: number;
  buckets: number;
}

/** Bucket width and count of each period: 24 h in 30 minutes, 7 days in 3 hours, 30 days in days. */
export const PERIOD_SHAPE: Record<TrendPeriod, { bucketMs: number; buckets: number }> = {
  '24h': { bucketMs: 30 * MINUTE_MS, buckets: 48 },
  '7d': { bucketMs: 3 * HOUR_MS, buckets: 56 },
  '30d': { bucketMs: DAY_MS, buckets: 30 },
};

/** Start of the Shanghai-aligned bucket of width `bucketMs` (a divisor of a day) that contains `t`. */
export function bucketStart(t: number, bucketMs: number): number {
  return Math.floor((t + SHANGHAI_OFFSET_MS) / bucketMs) * bucketMs - SHANGHAI_OFFSET_MS;
}

/**
 * The window of a period at `now`, its last bucket the one containing `now`. `minBucketMs` widens
 * the buckets where the counters are coarser (a street's counters are hourly: its 24 h window has
 * 24 one-hour buckets instead of 48 half-hour ones).
 */
export function trendWindow(period: TrendPeriod, now: number, minBucketMs = 0): WindowSpec {
  const shape = PERIOD_SHAPE[period];
  const bucketMs = Math.max(shape.bucketMs, minBucketMs);
  const buckets = Math.round((shape.bucketMs * shape.buckets) / bucketMs);
  return { from: bucketStart(now, bucketMs) - (buckets - 1) * bucketMs, bucketMs, buckets };
}
