// Hot-issue bursts for the demo: every 10-20 minutes one sub-category in one street gets 15-40 extra
// reports within 20 minutes (a burst pipe, a night of construction noise), so that spike alerts and
// rising items appear on a demo wall as they would on the real one. Seeded like the rest.
import { CATEGORY_CODES } from '../../shared/categories.ts';
import type { GridRecord } from '../../shared/geoDataset.ts';
import type { Rng } from './caseScript.ts';

const MIN = 60_000;
export const BURST_EVERY_MS: [number, number] = [10 * MIN, 20 * MIN];
export const BURST_REPORTS: [number, number] = [15, 40];
export const BURST_SPREAD_MS = 20 * MIN;

export interface BurstReport {
  dueAt: number;
  grid: GridRecord;
  category: string;
}

export function createHotIssueBursts(grids: readonly GridRecord[], pickGrid: () => GridRecord, rng: Rng, start: number) {
  const byStreet = new Map<string, GridRecord[]>();
  for (const g of grids) {
    const street = g.code.slice(0, 9);
    let list = byStreet.get(street);
    if (!list) byStreet.set(street, (list = []));
    list.push(g);
  }
  const between = (lo: number, hi: number) => lo + rng() * (hi - lo);
  // the first one soon after start, so a fresh demo has one to show
  let nextAt = start + between(2 * MIN, 5 * MIN);
  const queue: BurstReport[] = [];

  return {
    /** The burst reports due by `now` (starting a new burst when one is due). */
    due(now: number): BurstReport[] {
      if (now >= nextAt) {
        const street = pickGrid().code.slice(0, 9); // a busy street is likelier, as with every report
        const streetGrids = byStreet.get(street)!;
        const category = CATEGORY_CODES[Math.floor(rng() * CATEGORY_CODES.length)]!;
        const n = Math.round(between(...BURST_REPORTS));
        for (let i = 0; i < n; i++) queue.push({ dueAt: now + rng() * BURST_SPREAD_MS, grid: streetGrids[Math.floor(rng() * streetGrids.length)]!, category });
        queue.sort((a, b) => a.dueAt - b.dueAt);
        nextAt = now + between(...BURST_EVERY_MS);
      }
      let k = 0;
      while (k < queue.length && queue[k]!.dueAt <= now) k++;
      return queue.splice(0, k);
    },
  };
}
