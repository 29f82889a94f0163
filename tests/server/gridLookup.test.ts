// Point -> grid on the real geography: the spatial index agrees with a brute-force scan, every
// grid is found at its own label point, and the sea and the next province are outside.
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadGridIndex, type GridIndex } from '../../server/geo/gridIndex.ts';
import { pointInRing } from '../../shared/pointInRing.ts';
import { seededRng } from '../../shared/seededRng.ts';

let index: GridIndex;
beforeAll(() => {
  index = loadGridIndex(resolve('public'));
});

function bruteForce(lon: number, lat: number): string | undefined {
  const { polygonGrid, polygonStart, positions } = index.geometry;
  for (let p = 0; p < polygonGrid.length; p++) {
    if (pointInRing(lon, lat, positions, polygonStart[p]!, polygonStart[p + 1]!)) return index.grids[polygonGrid[p]!]!.code;
  }
  return undefined;
}

describe('point-to-grid lookup', () => {
  it('finds every grid at its own label point', () => {
    const wrong = index.grids.filter((g) => index.locate(...g.centroid)?.code !== g.code).map((g) => g.code);
    expect(wrong).toEqual([]);
  });

  it('agrees with a brute-force scan of every polygon at 3,000 random points', () => {
    const rng = seededRng(7);
    let insideCity = 0;
    for (let i = 0; i < 3000; i++) {
      const lon = 116.69 + rng() * 1.38;
      const lat = 38.55 + rng() * 1.71;
      const expected = bruteForce(lon, lat);
      if (expected) insideCity += 1;
      expect(index.locate(lon, lat)?.code, `(${lon}, ${lat})`).toBe(expected);
    }
    expect(insideCity).toBeGreaterThan(1000); // the probe did land in the city, not only around it
  });

  it('finds nothing in the Bohai Sea, in Beijing or in Hebei', () => {
    expect(index.locate(118.3, 38.9)).toBeUndefined();
    expect(index.locate(116.4, 39.9)).toBeUndefined();
    expect(index.locate(116.6, 38.8)).toBeUndefined();
  });

  it('puts the old city centre in Heping and the Binhai core in Binhai', () => {
    expect(index.locate(117.2, 39.125)?.code.slice(0, 6)).toBe('120101');
    expect(index.locate(117.7, 39.02)?.code.slice(0, 6)).toBe('120116');
  });
});
