// The hot-issue spike rule, as pure functions over counts. Reports of one sub-category in one
// district or street over the last 60 minutes are compared with the same 60 minutes on each of the
// previous days (up to 14): z = (count - mean) / max(sd, sqrt(mean), 1). The floor sqrt(mean) is the
// spread a Poisson count has anyway (a baseline that happened to be flat must not make 3 extra
// reports a "spike"), and 1 keeps a near-empty baseline from dividing by almost nothing. It fires
// when z >= 3 and there are at least 5 reports. With fewer than 3 previous days of history the
// baseline is each of the previous 12 hours instead (a fresh deployment, or a new district); with
// fewer than 3 of those, nothing fires: two or fewer samples say too little about "usual".
import { DAY_MS, HOUR_MS } from './trendWindows.ts';

export const SPIKE_WINDOW_MS = HOUR_MS;
export const SPIKE_Z = 3;
export const SPIKE_MIN_COUNT = 5;
export const SPIKE_MAX_DAYS = 14;
export const SPIKE_MIN_DAYS = 3;
export const SPIKE_HOURS = 12;
export const SPIKE_MIN_SAMPLES = 3;
/** A spike this far above its baseline is critical, not a warning. */
export const SPIKE_CRITICAL_Z = 6;

export type SpikeBaselineKind = 'same_hour_previous_days' | 'previous_hours';

export interface SpikeBaseline {
  kind: SpikeBaselineKind;
  /** The comparison windows, each (end - SPIKE_WINDOW_MS, end], most recent first. */
  ends: number[];
}

/**
 * Which windows the count at `now` is compared with, given that reports are held from `heldFrom`:
 * the previous days whose window lies wholly in the history, else the previous hours; null when
 * there is too little history for either.
 */
export function spikeBaseline(now: number, heldFrom: number): SpikeBaseline | null {
  const covered = (end: number) => end - SPIKE_WINDOW_MS >= heldFrom;
  const days: number[] = [];
  for (let k = 1; k <= SPIKE_MAX_DAYS && covered(now - k * DAY_MS); k++) days.push(now - k * DAY_MS);
  if (days.length >= SPIKE_MIN_DAYS) return { kind: 'same_hour_previous_days', ends: days };
  const hours: number[] = [];
  for (let k = 1; k <= SPIKE_HOURS && covered(now - k * HOUR_MS); k++) hours.push(now - k * HOUR_MS);
  return hours.length >= SPIKE_MIN_SAMPLES ? { kind: 'previous_hours', ends: hours } : null;
}

export interface SpikeVerdict {
  fires: boolean;
  mean: number;
  /** Population standard deviation of the samples. */
  sd: number;
  z: number;
}

/** Judges one count against its baseline samples (the counts of the comparison windows). */
export function judgeSpike(count: number, samples: readonly number[]): SpikeVerdict {
  const n = samples.length;
  const mean = n ? samples.reduce((a, b) => a + b, 0) / n : 0;
  const sd = n ? Math.sqrt(samples.reduce((a, b) => a + (b - mean) ** 2, 0) / n) : 0;
  const z = (count - mean) / Math.max(sd, Math.sqrt(mean), 1);
  return { fires: n > 0 && z >= SPIKE_Z && count >= SPIKE_MIN_COUNT, mean, sd, z };
}
