// Cuts a polygon into `count` cells whose sizes follow a density: seeds placed by k-means (Lloyd's
// algorithm) over density-weighted random points inside the polygon, then the seeds' Voronoi
// diagram (d3-delaunay) clipped to the polygon (polygon-clipping). Where the density is high the
// cells come out small. Deterministic for a given rng. Distances are measured with longitude
// scaled by cos(latitude), so cells are not stretched east-west.
import { Delaunay } from 'd3-delaunay';
import polygonClipping, { type MultiPolygon } from 'polygon-clipping';
import { bboxOf, containsPoint, roundMultiPolygon } from './polygonMath.ts';

const LON_SCALE = Math.cos((39.1 * Math.PI) / 180);
export const COORD_SCALE = 100_000; // output rounding: 1e-5 degree, about 1 m

export interface PartitionOptions {
  parent: MultiPolygon;
  count: number;
  rng: () => number;
  /** Relative density at a point; cells are smaller where it is higher. */
  density: (lon: number, lat: number) => number;
  /** How strongly the density shapes the cells (0: equal areas). */
  exponent: number;
  samplesPerCell?: number;
  iterations?: number;
}

export interface Cell {
  polygon: MultiPolygon;
  /** The cell's seed, in lon/lat. */
  seed: [number, number];
}

export function partitionPolygon(o: PartitionOptions): Cell[] {
  if (o.count <= 1) return [{ polygon: o.parent, seed: seedOf(o.parent) }];
  const samples = sample(o);
  // k-means: start from the first `count` samples (already random), move each seed to the mean of
  // the samples nearest to it.
  const n = Math.min(o.count, samples.length / 2);
  const seeds = Float64Array.from(samples.subarray(0, 2 * n));
  const sum = new Float64Array(2 * n);
  const hits = new Uint32Array(n);
  for (let it = 0; it < (o.iterations ?? 8); it++) {
    const delaunay = new Delaunay(seeds);
    sum.fill(0);
    hits.fill(0);
    let near = 0;
    for (let s = 0; s < samples.length; s += 2) {
      near = delaunay.find(samples[s]!, samples[s + 1]!, near);
      sum[2 * near] = sum[2 * near]! + samples[s]!;
      sum[2 * near + 1] = sum[2 * near + 1]! + samples[s + 1]!;
      hits[near] = hits[near]! + 1;
    }
    for (let i = 0; i < n; i++)
      if (hits[i]) {
        seeds[2 * i] = sum[2 * i]! / hits[i]!;
        seeds[2 * i + 1] = sum[2 * i + 1]! / hits[i]!;
      }
  }
  const [w, s, e, nn] = bboxOf(o.parent);
  const voronoi = new Delaunay(seeds).voronoi([w * LON_SCALE - 0.01, s - 0.01, e * LON_SCALE + 0.01, nn + 0.01]);
  const cells: Cell[] = [];
  for (let i = 0; i < n; i++) {
    const local = voronoi.cellPolygon(i);
    if (!local) continue; // a duplicate seed has no cell
    const cell = local.map(([x, y]) => [x! / LON_SCALE, y!] as [number, number]);
    const polygon = roundMultiPolygon(polygonClipping.intersection([cell], o.parent), COORD_SCALE);
    if (polygon.length) cells.push({ polygon, seed: [seeds[2 * i]! / LON_SCALE, seeds[2 * i + 1]!] });
  }
  return cells;
}

/** Density-weighted random points inside the parent, in local (scaled) coordinates. */
function sample(o: PartitionOptions): Float64Array {
  const want = o.count * (o.samplesPerCell ?? 30) + 50;
  const [w, s, e, n] = bboxOf(o.parent);
  const inside = containsPoint(o.parent);
  const weight = (lon: number, lat: number) => (o.exponent === 0 ? 1 : o.density(lon, lat) ** o.exponent);
  let max = 0;
  for (let i = 0; i <= 16; i++) for (let j = 0; j <= 16; j++) max = Math.max(max, weight(w + ((e - w) * i) / 16, s + ((n - s) * j) / 16));
  const out: number[] = [];
  for (let tries = 0; out.length < 2 * want && tries < want * 400; tries++) {
    const lon = w + o.rng() * (e - w);
    const lat = s + o.rng() * (n - s);
    // the density is smooth, so 1.5x the lattice maximum bounds it; past that, accept outright
    if (inside(lon, lat) && o.rng() * max * 1.5 < weight(lon, lat)) out.push(lon * LON_SCALE, lat);
  }
  if (out.length < 2 * o.count) throw new Error(`could not place ${o.count} seeds in a polygon of bbox ${[w, s, e, n].join(',')}`);
  return Float64Array.from(out);
}

function seedOf(mp: MultiPolygon): [number, number] {
  const ring = mp[0]![0]!;
  const mean = (k: 0 | 1) => ring.reduce((a, p) => a + p[k], 0) / ring.length;
  return [mean(0), mean(1)];
}
