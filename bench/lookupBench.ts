// Point-to-grid lookups per second on the real grids (one core): the flatbush index + exact
// point-in-polygon against a brute-force scan of every polygon (the baseline), in the same run.
// Usage: npm run bench:lookup [-- --points 1000000 --rounds 5]
import { resolve } from 'node:path';
import { Command } from 'commander';
import { loadGridIndex } from '../server/geo/gridIndex.ts';
import { pointInRing } from '../shared/pointInRing.ts';
import { seededRng } from '../shared/seededRng.ts';

const opts = new Command()
  .option('--points <n>', 'lookups per round', '1000000')
  .option('--rounds <n>', 'rounds (median reported)', '5')
  .parse()
  .opts<{ points: string; rounds: string }>();
const N = Number(opts.points);
const ROUNDS = Number(opts.rounds);

const t0 = performance.now();
const index = loadGridIndex(resolve('public'));
const loadMs = performance.now() - t0;
const { polygonGrid, polygonStart, positions } = index.geometry;

// Half the points at grid label points (certainly inside), half uniform over the city's extent
// (about half of those fall outside, in the sea or the neighbouring provinces).
const rng = seededRng(42);
const pts = new Float64Array(2 * N);
for (let i = 0; i < N; i++) {
  if (i % 2 === 0) {
    const g = index.grids[Math.floor(rng() * index.grids.length)]!;
    pts[2 * i] = g.centroid[0];
    pts[2 * i + 1] = g.centroid[1];
  } else {
    pts[2 * i] = 116.69 + rng() * 1.38;
    pts[2 * i + 1] = 38.55 + rng() * 1.71;
  }
}

function run(n: number, locate: (lon: number, lat: number) => unknown): { perSec: number; found: number } {
  let found = 0;
  const start = performance.now();
  for (let i = 0; i < n; i++) if (locate(pts[2 * i]!, pts[2 * i + 1]!) !== undefined) found += 1;
  return { perSec: n / ((performance.now() - start) / 1000), found };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const bruteForce = (lon: number, lat: number) => {
  for (let p = 0; p < polygonGrid.length; p++) if (pointInRing(lon, lat, positions, polygonStart[p]!, polygonStart[p + 1]!)) return polygonGrid[p];
  return undefined;
};

run(Math.min(N, 100_000), index.locate); // warm up
const indexed = Array.from({ length: ROUNDS }, () => run(N, index.locate));
const baselineN = Math.max(1, Math.floor(N / 500));
const brute = Array.from({ length: ROUNDS }, () => run(baselineN, bruteForce));
const ours = median(indexed.map((r) => r.perSec));
const base = median(brute.map((r) => r.perSec));
const mem = process.memoryUsage();

console.log(`grids: ${index.grids.length}, polygons: ${polygonGrid.length}, vertices: ${positions.length / 2}; load + index: ${loadMs.toFixed(0)} ms`);
console.log(
  `indexed lookup (flatbush + point-in-polygon): ${(ours / 1e6).toFixed(2)} M lookups/s (median of ${ROUNDS} x ${N}); ${indexed[0]!.found} of ${N} points inside a grid`,
);
console.log(`brute-force scan (baseline):                  ${(base / 1e3).toFixed(2)} k lookups/s (median of ${ROUNDS} x ${baselineN})`);
console.log(`ratio indexed / brute force: ${(ours / base).toFixed(0)}x; mean time per lookup ${(1e9 / ours).toFixed(0)} ns`);
console.log(`RSS ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`);
