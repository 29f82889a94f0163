// The hot-issue spike rule, as pure functions over counts. Reports of one sub-category in one
// district or street over the last 60 minutes are compared with the same 60 minutes on each of the
// previous days (up to 14): z = (count - mean) / max(sd, sqrt(mean), 1). The floor sqrt(mean) is the
// spread a Poisson count has anyway (a baseline that happened to be flat must not make 3 extra
// reports a "spike"), and 1 keeps a near-empty baseline from dividing by almost nothing. It fires
// when z >= 3, there are at least 5 reports and the count is rarer than one in a million by chance
// (Poisson with the baseline's mean, at least 0.5): some 8,000 series watched all day would fire on
// noise dozens of times a day at z >= 3 alone. With fewer than 3 previous days of history the
// baseline is each of the previous 12 hours instead (a fresh deployment, or a new district); with
// fewer than 3 of those, nothing fires: two or fewer samples say too little about "usual".
import { DAY_MS, HOUR_MS } from './trendWindows.ts';

export const SPIKE_WINDOW_MS = HOUR_MS;
export const SPIKE_Z = 3;
export const SPIKE_MIN_COUNT = 5;
/** A count must be this unlikely by chance (one in a million) to fire: over some 8,000 district and street series a day, noise alone would fire dozens of times at z >= 3. */
export const SPIKE_P = 1e-6;
/** The least hourly mean a baseline is taken to have: a quiet street still gets a report now and then. */
export const SPIKE_FLOOR_MEAN = 0.5;
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
  /** How likely a count this high is by chance: P(X >= count) for X Poisson with the baseline's mean (at least SPIKE_FLOOR_MEAN). */
  p: number;
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
  const p = poissonTail(count, Math.max(mean, SPIKE_FLOOR_MEAN));
  return { fires: n > 0 && z >= SPIKE_Z && p <= SPIKE_P && count >= SPIKE_MIN_COUNT, p, mean, sd, z };
}

/** P(X >= k) for X Poisson(lambda), summed from k upwards (exact for the far tail, where 1 - CDF would round to 0). */
export function poissonTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  let term = Math.exp(-lambda + k * Math.log(lambda) - logFactorial(k));
  let sum = 0;
  for (let i = k; term > sum * 1e-12 && i < k + 1000; i++) {
    sum += term;
    term *= lambda / (i + 1);
  }
  return Math.min(1, sum);
}

function logFactorial(k: number): number {
  let s = 0;
  for (let i = 2; i <= k; i++) s += Math.log(i);
  return s;
}
