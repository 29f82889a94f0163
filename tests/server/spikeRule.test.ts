// The hot-issue spike rule: a real spike fires, a normal hour does not, a short history compares with
// the previous hours, and the reason carries the numbers the rule used.
import { describe, expect, it } from 'vitest';
import { createReportLog } from '../../server/projections/reportLog.ts';
import { detectSpikes } from '../../server/projections/spikeScan.ts';
import { judgeSpike, poissonTail, spikeBaseline } from '../../server/projections/spikeRule.ts';
import { grids } from '../support/factories.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.parse('2026-11-23T10:30:00+08:00');

describe('spike rule', () => {
  it('fires on a real spike', () => {
    const v = judgeSpike(20, [2, 3, 1, 2, 4, 3, 2]);
    expect(v.fires).toBe(true);
    expect(v.z).toBeGreaterThan(3);
  });

  it('does not fire on a normal hour, nor on a jump of fewer than 5 reports', () => {
    expect(judgeSpike(7, [5, 6, 4, 7, 5, 6, 5]).fires).toBe(false);
    expect(judgeSpike(4, [0, 0, 0]).fires).toBe(false); // z = 4, but only 4 reports
  });

  it('divides by sqrt(mean) when the baseline is flatter than a Poisson count', () => {
    const v = judgeSpike(13, [2, 2, 2, 2]);
    expect(v).toMatchObject({ mean: 2, sd: 0, fires: true });
    expect(v.z).toBeCloseTo(11 / Math.SQRT2, 10);
    expect(judgeSpike(5, [0, 0, 0]).z).toBe(5); // a floor of 1 under an empty baseline
  });

  it('fires only on a count less likely than one in a million by chance (Poisson, the mean at least 0.5)', () => {
    // P(X >= k) for X Poisson: k = 8, mean 0.5: 6.22e-8; k = 7: 1.0024e-6 (just over); mean 2: k = 13 2.07e-7, k = 12 1.36e-6; mean 5: k = 20 3.45e-7, k = 19 1.40e-6
    expect(poissonTail(8, 0.5)).toBeCloseTo(6.2197e-8, 11);
    expect(poissonTail(7, 0.5)).toBeCloseTo(1.00238e-6, 10);
    expect(poissonTail(20, 5)).toBeCloseTo(3.4521e-7, 10);
    // an empty baseline counts as 0.5 an hour: 7 reports (z = 7) are not yet rare enough, 8 are
    expect(judgeSpike(7, [0, 0, 0, 0])).toMatchObject({ z: 7, fires: false });
    expect(judgeSpike(8, [0, 0, 0, 0]).fires).toBe(true);
    expect(judgeSpike(12, [2, 2, 2, 2]).fires).toBe(false); // z = 7.07, but P = 1.36e-6
    expect(judgeSpike(19, [5, 5, 5, 5]).fires).toBe(false);
    expect(judgeSpike(20, [5, 5, 5, 5]).fires).toBe(true);
  });

  it('compares with the same hour of the previous days (up to 14), or the previous 12 hours when history is short', () => {
    expect(spikeBaseline(now, now - 20 * DAY)).toMatchObject({
      kind: 'same_hour_previous_days',
      ends: Array.from({ length: 14 }, (_, k) => now - (k + 1) * DAY),
    });
    expect(spikeBaseline(now, now - 3 * DAY - HOUR)?.ends).toHaveLength(3);
    expect(spikeBaseline(now, now - 2.5 * DAY)).toMatchObject({ kind: 'previous_hours', ends: Array.from({ length: 12 }, (_, k) => now - (k + 1) * HOUR) });
    expect(spikeBaseline(now, now - 5 * HOUR)).toMatchObject({ kind: 'previous_hours', ends: [1, 2, 3, 4].map((k) => now - k * HOUR) });
    expect(spikeBaseline(now, now - 3 * HOUR)).toBeNull(); // two previous hours say too little
  });

  it('finds a street burst in the report log, with the numbers of its reason', () => {
    const log = createReportLog();
    const street = grids.grids.filter((g) => g.code.startsWith('120101'))[0]!.code.slice(0, 9);
    const grid = grids.grids.find((g) => g.code.startsWith(street))!.code;
    const other = grids.grids.find((g) => g.code.startsWith('120116'))!.code;
    // history from six days ago; then 1 or 2 garbage reports in the same hour on each of the last five days
    log.add(now - 6 * DAY, other, 'traffic.parking', 'photo_app');
    for (let d = 5; d >= 1; d--) {
      for (let k = 0; k < (d % 2 ? 1 : 2); k++) log.add(now - d * DAY - 20 * 60_000 - k * 60_000, grid, 'appearance.garbage', 'hotline_12345');
      log.add(now - d * DAY - 30 * 60_000, other, 'traffic.parking', 'photo_app');
    }
    for (let i = 0; i < 12; i++) log.add(now - 50 * 60_000 + i * 60_000, grid, 'appearance.garbage', 'grid_worker'); // the burst
    for (let i = 0; i < 3; i++) log.add(now - 40 * 60_000 + i, other, 'traffic.parking', 'photo_app'); // a normal hour
    const spikes = detectSpikes(log, now);
    const streetSpike = spikes.find((s) => s.regionCode === street)!;
    // samples: days 1..5 had 1, 2, 1, 2, 1 reports: mean 1.4, sd 0.49; z = (12 - 1.4) / max(0.49, 1.18, 1); P(X >= 12 | 1.4) = 3.3e-8
    expect(streetSpike).toEqual({
      kind: 'spike',
      category: 'appearance.garbage',
      regionCode: street,
      count: 12,
      windowMinutes: 60,
      baselineMean: 1.4,
      baselineSd: 0.49,
      baseline: 'same_hour_previous_days',
      baselineSamples: 5,
      z: Math.round(((12 - 1.4) / Math.sqrt(1.4)) * 100) / 100,
    });
    expect(spikes.find((s) => s.regionCode === '120101')).toMatchObject({ category: 'appearance.garbage', count: 12 }); // its district too
    expect(spikes.some((s) => s.category === 'traffic.parking')).toBe(false);
  });
});
