import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGridIndex } from '../../server/geo/gridIndex.ts';
import { PART_TIME_SHARE, workerRoster } from '../../server/geo/workerRoster.ts';
import { maskPersonName } from '../../shared/masking.ts';

describe('grid worker roster', () => {
  const { grids } = loadGridIndex(resolve('public'));
  const roster = workerRoster(grids);

  it('has one full-time worker in every grid, and part-timers in about a quarter of them', () => {
    const fullTime = roster.filter((w) => w.role === 'full_time');
    expect(fullTime.map((w) => w.gridCode)).toEqual(grids.map((g) => g.code));
    const share = (roster.length - fullTime.length) / grids.length;
    expect(share).toBeGreaterThan(PART_TIME_SHARE - 0.02);
    expect(share).toBeLessThan(PART_TIME_SHARE + 0.02);
    expect(new Set(roster.map((w) => w.id)).size).toBe(roster.length);
  });

  it('is the same on every node and after every restart', () => {
    expect(workerRoster(grids)).toEqual(roster);
  });
});

describe("masking a person's name", () => {
  it('keeps the surname and, for three characters or more, the last character', () => {
    expect(maskPersonName('张三')).toBe('张*');
    expect(maskPersonName('王小明')).toBe('王*明');
    expect(maskPersonName('欧阳娜娜')).toBe('欧**娜');
    expect(maskPersonName('李')).toBe('*');
  });
});
