// The simulator's demo behaviours, seeded: a hot-issue burst is 15-40 reports of one sub-category in
// one street within 20 minutes; workers mostly walk, sometimes stand, rarely fall silent.
import { describe, expect, it } from 'vitest';
import { createHotIssueBursts } from '../../server/simulator/hotIssueBursts.ts';
import { nextActivity, type Rhythm } from '../../server/simulator/workerRhythm.ts';
import { seededRng } from '../../shared/seededRng.ts';
import { grids } from '../support/factories.ts';

const MIN = 60_000;
const t0 = Date.parse('2026-11-23T10:00:00+08:00');

describe('simulator demo behaviours', () => {
  it('sends a burst of 15-40 reports of one sub-category in one street within 20 minutes, every 10-20 minutes', () => {
    const rng = seededRng(7);
    const bursts = createHotIssueBursts(grids.grids, () => grids.grids[Math.floor(rng() * grids.grids.length)]!, rng, t0);
    const sent: { at: number; street: string; category: string }[] = [];
    for (let now = t0; now < t0 + 60 * MIN; now += 1000)
      for (const b of bursts.due(now)) sent.push({ at: now, street: b.grid.code.slice(0, 9), category: b.category });
    const groups = new Map<string, number[]>();
    for (const r of sent) groups.set(`${r.street}|${r.category}`, [...(groups.get(`${r.street}|${r.category}`) ?? []), r.at]);
    expect(groups.size).toBeGreaterThanOrEqual(3); // the first within 5 minutes, then every 10-20
    const [first] = groups.values();
    expect(first!.length).toBeGreaterThanOrEqual(15);
    expect(first!.length).toBeLessThanOrEqual(40);
    expect(Math.max(...first!) - Math.min(...first!)).toBeLessThanOrEqual(20 * MIN);
  });

  it('has workers walk, stand and fall silent, each for a while', () => {
    const rng = seededRng(11);
    const seen = { walking: 0, standing: 0, silent: 0 };
    let r: Rhythm = { activity: 'walking', until: 0 };
    for (let now = t0; now < t0 + 3 * 24 * 60 * MIN; now += 1000) {
      r = nextActivity(r, now, rng);
      seen[r.activity] += 1;
    }
    expect(seen.walking).toBeGreaterThan(seen.standing);
    expect(seen.standing).toBeGreaterThan(seen.silent);
    expect(seen.silent).toBeGreaterThan(0);
  });
});

describe('simulated report texts', () => {
  it('say what their sub-category is about, for every sub-category', async () => {
    const { caseSummary } = await import('../../server/simulator/summaries.ts');
    const { CATEGORY_CODES } = await import('../../shared/categories.ts');
    const rng = seededRng(5);
    for (const code of CATEGORY_CODES) expect(caseSummary(code, rng)).not.toContain('群众反映问题');
    expect(caseSummary('traffic.signal', () => 0.99)).toContain('信号灯');
  });
});
