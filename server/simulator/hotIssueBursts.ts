// Hot-issue bursts (the profile's "bursts"): a few times a day one sub-category in one street gets
// 15-40 extra reports within 20 minutes (a burst main, a night of construction noise), so that the
// spike alerts fire a handful of times a day and each one means something. The street is picked as
// any report's grid is (a busy street is likelier), the sub-category by the day's weights (no
// heating burst in summer). Seeded like the rest.
import type { GridRecord } from '../../shared/geoDataset.ts';
import type { CityProfileFile } from '../config/cityProfile.ts';
import type { Rng } from './cityRhythm.ts';

const MIN = 60_000;

export interface BurstReport {
  dueAt: number;
  grid: GridRecord;
  category: string;
}

export function createHotIssueBursts(deps: {
  grids: readonly GridRecord[];
  pickGrid: () => GridRecord;
  category: (at: number) => string;
  bursts: CityProfileFile['bursts'];
  rng: Rng;
  start: number;
}) {
  const { rng, bursts } = deps;
  const byStreet = new Map<string, GridRecord[]>();
  for (const g of deps.grids) {
    const street = g.code.slice(0, 9);
    let list = byStreet.get(street);
    if (!list) byStreet.set(street, (list = []));
    list.push(g);
  }
  const between = ([lo, hi]: readonly [number, number]) => lo + rng() * (hi - lo);
  let nextAt = deps.start + between(bursts.everyMinutes) * MIN * rng();
  const queue: BurstReport[] = [];

  return {
    /** The burst reports due by `now` (starting a new burst when one is due). */
    due(now: number): BurstReport[] {
      if (now >= nextAt) {
        const streetGrids = byStreet.get(deps.pickGrid().code.slice(0, 9))!;
        const category = deps.category(now);
        const n = Math.round(between(bursts.reports));
        for (let i = 0; i < n; i++)
          queue.push({ dueAt: now + rng() * bursts.spreadMinutes * MIN, grid: streetGrids[Math.floor(rng() * streetGrids.length)]!, category });
        queue.sort((a, b) => a.dueAt - b.dueAt);
        nextAt = now + between(bursts.everyMinutes) * MIN;
      }
      let k = 0;
      while (k < queue.length && queue[k]!.dueAt <= now) k++;
      return queue.splice(0, k);
    },
  };
}
