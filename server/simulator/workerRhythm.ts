// How a simulated grid worker spends his shift, so that all three states show on the map: mostly
// patrolling; now and then he stops (talking to residents, inspecting a site) and stands still for
// 3-12 minutes, which the server shows as idle after 3 minutes; rarely his phone goes silent for
// 6-20 minutes (no coverage, battery), which it shows as offline after 5. About 10 % of the
// workers are standing at any moment and 2-3 % silent. Seeded like the rest.
import type { Rng } from './caseScript.ts';

const MIN = 60_000;
/** Per worker per 1-second tick. */
const STOP_CHANCE = 0.0003;
const SILENCE_CHANCE = 0.00003;
const STOP_MS: [number, number] = [3 * MIN, 12 * MIN];
const SILENCE_MS: [number, number] = [6 * MIN, 20 * MIN];

export type Activity = 'walking' | 'standing' | 'silent';
export interface Rhythm {
  activity: Activity;
  until: number;
}

/** The worker's activity at `now`: carries on, or changes by chance. */
export function nextActivity(r: Rhythm, now: number, rng: Rng): Rhythm {
  if (r.activity !== 'walking') return now < r.until ? r : { activity: 'walking', until: 0 };
  const x = rng();
  const span = ([lo, hi]: [number, number]) => now + lo + rng() * (hi - lo);
  if (x < SILENCE_CHANCE) return { activity: 'silent', until: span(SILENCE_MS) };
  if (x < SILENCE_CHANCE + STOP_CHANCE) return { activity: 'standing', until: span(STOP_MS) };
  return r;
}
