// The committed geography (public/geo) is a true partition of the real city, in realistic
// numbers, with codes that nest, and it is exactly what `npm run geo:build` produces.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Flatbush from 'flatbush';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GridDataset, RegionDataset, RegionRecord } from '../../shared/geoDataset.ts';
import { decodeGridGeometry, type GridGeometry } from '../../shared/gridGeometry.ts';
import { pointInRing } from '../../shared/pointInRing.ts';
import { CITY_CENTRAL_DISTRICTS, GRID_CODE_PATTERN } from '../../shared/regions.ts';

type Ring = [number, number][];
type Shape = { code: string; rings: Ring[] }; // outer rings of the parts, open (first vertex not repeated)
const GEO = 'public/geo';
const EPS = 2e-5; // coordinates are rounded to 1e-5 degree: allow two steps of rounding at shared edges

const readJson = <T>(file: string, dir = GEO) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
const open = (ring: Ring): Ring => (ring.length > 1 && ring[0]![0] === ring.at(-1)![0] && ring[0]![1] === ring.at(-1)![1] ? ring.slice(0, -1) : ring);

function shapesOf(file: string): Map<string, Shape> {
  const fc = readJson<{ features: { properties: { code: string }; geometry: { type: string; coordinates: unknown } }[] }>(file);
  return new Map(
    fc.features.map((f) => {
      const polys = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as Ring[][];
      for (const p of polys) expect(p, `${f.properties.code} has a hole`).toHaveLength(1);
      return [f.properties.code, { code: f.properties.code, rings: polys.map((p) => open(p[0]!)) }];
    }),
  );
}

function gridShapes(grids: GridDataset, g: GridGeometry): Shape[] {
  const shapes: Shape[] = grids.grids.map((r) => ({ code: r.code, rings: [] }));
  for (let p = 0; p < g.polygonGrid.length; p++) {
    const ring: Ring = [];
    for (let v = g.polygonStart[p]!; v < g.polygonStart[p + 1]!; v++) ring.push([g.positions[2 * v]!, g.positions[2 * v + 1]!]);
    shapes[g.polygonGrid[p]!]!.rings.push(ring);
  }
  return shapes;
}

const ringArea = (r: Ring) =>
  Math.abs(
    r.reduce((a, p, i) => {
      const q = r[(i + 1) % r.length]!;
      return a + p[0] * q[1] - q[0] * p[1];
    }, 0),
  ) / 2;
const perimeter = (s: Shape) =>
  s.rings.reduce((a, r) => a + r.reduce((b, p, i) => b + Math.hypot(r[(i + 1) % r.length]![0] - p[0], r[(i + 1) % r.length]![1] - p[1]), 0), 0);
const area = (s: Shape) => s.rings.reduce((a, r) => a + ringArea(r), 0);
const flat = (r: Ring) => r.flat();
const inside = (s: Shape, x: number, y: number) => s.rings.some((r) => pointInRing(x, y, flat(r)));

function distanceToEdge(s: Shape, x: number, y: number): number {
  let best = Infinity;
  for (const r of s.rings)
    for (let i = 0; i < r.length; i++) {
      const [ax, ay] = r[i]!;
      const [bx, by] = r[(i + 1) % r.length]!;
      const [dx, dy] = [bx - ax, by - ay];
      const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
      best = Math.min(best, Math.hypot(x - (ax + t * dx), y - (ay + t * dy)));
    }
  return best;
}

/** Segments (a,b) and (c,d) cross at a point inside both (touching at ends does not count). */
function segmentsCross(a: number[], b: number[], c: number[], d: number[]): boolean {
  const o = (p: number[], q: number[], r: number[]) => Math.sign((q[0]! - p[0]!) * (r[1]! - p[1]!) - (q[1]! - p[1]!) * (r[0]! - p[0]!));
  return o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0;
}

function validRingProblem(r: Ring): string | null {
  if (r.length < 3) return `${r.length} vertices`;
  for (let i = 0; i < r.length; i++) if (r[i]![0] === r[(i + 1) % r.length]![0] && r[i]![1] === r[(i + 1) % r.length]![1]) return `repeated vertex ${i}`;
  if (ringArea(r) <= 0) return 'zero area';
  for (let i = 0; i < r.length; i++)
    for (let j = i + 2; j < r.length; j++) {
      if (i === 0 && j === r.length - 1) continue; // adjacent through the closing edge
      if (segmentsCross(r[i]!, r[(i + 1) % r.length]!, r[j]!, r[(j + 1) % r.length]!)) return `edges ${i} and ${j} cross`;
    }
  return null;
}

let regions: RegionRecord[];
let grids: GridDataset;
let districts: Map<string, Shape>, streets: Map<string, Shape>, communities: Map<string, Shape>;
let gridList: Shape[];
const byLevel = (level: RegionRecord['level']) => regions.filter((r) => r.level === level);

beforeAll(() => {
  regions = readJson<RegionDataset>('regions.json').regions;
  grids = readJson<GridDataset>('grids.json');
  districts = shapesOf('districts.geojson');
  streets = shapesOf('streets.geojson');
  communities = shapesOf('communities.geojson');
  const bin = readFileSync(join(GEO, 'grids.bin'));
  gridList = gridShapes(grids, decodeGridGeometry(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength)));
});

describe('the geography of Tianjin', () => {
  it('has the real divisions in realistic numbers', () => {
    expect(byLevel('district')).toHaveLength(16);
    expect(byLevel('street')).toHaveLength(299);
    expect(byLevel('community')).toHaveLength(5617);
    expect(grids.grids.length).toBeGreaterThanOrEqual(15_000);
    expect(grids.grids.length).toBeLessThanOrEqual(20_000);
    const perDistrict = new Map<string, number>();
    for (const g of grids.grids) perDistrict.set(g.code.slice(0, 6), (perDistrict.get(g.code.slice(0, 6)) ?? 0) + 1);
    for (const code of CITY_CENTRAL_DISTRICTS) expect(perDistrict.get(code), code).toBeGreaterThanOrEqual(500);
    for (const n of perDistrict.values()) expect(n).toBeLessThanOrEqual(2_600);
    expect(perDistrict.get('120106')).toBeGreaterThan(800); // 红桥: 1,035 grids on the real platform
  });

  it('gives an urban community 5-15 grids and a village 1-2', () => {
    const perCommunity = new Map<string, number>();
    for (const g of grids.grids) perCommunity.set(g.code.slice(0, 12), (perCommunity.get(g.code.slice(0, 12)) ?? 0) + 1);
    for (const c of byLevel('community')) {
      const n = perCommunity.get(c.code) ?? 0;
      const [lo, hi] = c.kind === 'village' ? [1, 2] : c.kind === 'community' ? [5, 15] : [1, 4];
      expect(n, `${c.code} ${c.name} (${c.kind})`).toBeGreaterThanOrEqual(lo);
      expect(n, `${c.code} ${c.name} (${c.kind})`).toBeLessThanOrEqual(hi);
    }
  });

  it('has unique codes, each prefixed by its parent code, and a boundary for every region', () => {
    const codes = [...regions.map((r) => r.code), ...grids.grids.map((g) => g.code)];
    expect(new Set(codes).size).toBe(codes.length);
    const known = new Map(regions.map((r) => [r.code, r]));
    const digits = { district: 6, street: 9, community: 12 };
    for (const r of regions) {
      expect(r.code).toMatch(new RegExp(`^12\\d{${digits[r.level] - 2}}$`));
      expect(r.code.startsWith(r.parent), `${r.code} under ${r.parent}`).toBe(true);
      if (r.level !== 'district') expect(known.get(r.parent)?.level, r.code).toBe(r.level === 'street' ? 'district' : 'street');
    }
    for (const g of grids.grids) {
      expect(g.code).toMatch(GRID_CODE_PATTERN);
      expect(known.get(g.code.slice(0, 12))?.level, g.code).toBe('community');
    }
    expect([...districts.keys()].sort()).toEqual(
      byLevel('district')
        .map((r) => r.code)
        .sort(),
    );
    expect(streets.size).toBe(299);
    expect(communities.size).toBe(5617);
  });

  it('draws every polygon as a valid simple ring', () => {
    const problems: string[] = [];
    for (const shapes of [districts.values(), streets.values(), communities.values(), gridList.values()]) {
      for (const s of shapes) {
        if (!s.rings.length) problems.push(`${s.code}: no polygon`);
        for (const r of s.rings) {
          const p = validRingProblem(r);
          if (p) problems.push(`${s.code}: ${p}`);
        }
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('puts every child inside its parent, and the children cover the parent (areas add up)', () => {
    const levels: [Map<string, Shape> | Shape[], Map<string, Shape>, (code: string) => string][] = [
      [streets, districts, (c) => c.slice(0, 6)],
      [communities, streets, (c) => c.slice(0, 9)],
      [gridList, communities, (c) => c.slice(0, 12)],
    ];
    for (const [children, parents, parentOf] of levels) {
      const areaSum = new Map<string, number>();
      const outside: string[] = [];
      for (const child of children.values()) {
        const parent = parents.get(parentOf(child.code))!;
        areaSum.set(parent.code, (areaSum.get(parent.code) ?? 0) + area(child));
        for (const r of child.rings)
          for (const [x, y] of r) {
            if (!inside(parent, x, y) && distanceToEdge(parent, x, y) > EPS) outside.push(`${child.code} vertex (${x}, ${y}) outside ${parent.code}`);
          }
      }
      expect(outside.slice(0, 5)).toEqual([]);
      // shared edges are rounded alike, so only the parent's own boundary can differ: by at most its
      // length times the rounding
      for (const parent of parents.values()) {
        const missing = Math.abs((areaSum.get(parent.code) ?? 0) - area(parent));
        expect(missing, `children of ${parent.code} cover ${(((areaSum.get(parent.code) ?? 0) / area(parent)) * 100).toFixed(3)} %`).toBeLessThanOrEqual(
          perimeter(parent) * EPS,
        );
      }
    }
  });

  it('never lets two grids overlap (a 1.6 million point probe over the city)', () => {
    const polys = gridList.flatMap((s) => s.rings.map((r) => ({ s, r, f: flat(r) })));
    const index = new Flatbush(polys.length);
    for (const { r } of polys) {
      const xs = r.map((p) => p[0]);
      const ys = r.map((p) => p[1]);
      index.add(Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys));
    }
    index.finish();
    const overlaps: string[] = [];
    const step = 0.0012; // about 100 m: several probes per urban grid
    for (let x = 116.7; x < 118.06; x += step)
      for (let y = 38.55; y < 40.26; y += step) {
        const hits = index.search(x, y, x, y).filter((i) => pointInRing(x, y, polys[i]!.f));
        if (hits.length > 1) {
          // a probe on a shared edge may fall in both by rounding; a real overlap is deeper than that
          const deep = hits.filter((i) => distanceToEdge(polys[i]!.s, x, y) > EPS);
          if (deep.length > 1) overlaps.push(`(${x.toFixed(4)}, ${y.toFixed(4)}) in ${deep.map((i) => polys[i]!.s.code).join(' and ')}`);
        }
      }
    expect(overlaps.slice(0, 5)).toEqual([]);
  });

  it('is exactly what geo:build produces, byte for byte, every time', async () => {
    const run = promisify(execFile);
    const outs = [mkdtempSync(join(tmpdir(), 'geo-a-')), mkdtempSync(join(tmpdir(), 'geo-b-'))];
    await Promise.all(outs.map((out) => run(process.execPath, ['--import', 'tsx', 'scripts/geo/buildGeography.ts', '--quiet', '--out', out])));
    const files = readdirSync(GEO)
      .filter((f) => !f.endsWith('.md'))
      .sort();
    expect(readdirSync(outs[0]!).sort()).toEqual(files);
    for (const f of files) {
      const committed = readFileSync(join(GEO, f));
      for (const out of outs) expect(readFileSync(join(out, f)).equals(committed), `${f} differs from a fresh build: run npm run geo:build`).toBe(true);
    }
  }, 120_000);
});
