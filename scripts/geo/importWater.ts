// Imports the water under the wall's base map into scripts/geo/sources/tianjin-water.geojson (the
// input `npm run geo:build` copies to public/geo/water.geojson): the Bohai Sea around Tianjin and
// the rivers of the Hai He basin, cut to the city and its surroundings (WATER_BBOX) and thinned to
// about 20 m, a few hundred KB at most.
//   sea     the @geo-maps/earth-seas-10m package (devDependency): OpenStreetMap's sea polygons,
//           simplified to 10 m (© OpenStreetMap contributors, ODbL 1.0). The modern coast, with
//           the port's reclaimed land, which the older world coastlines lack.
//   rivers  GSHHG's WDBII river lines at full resolution (LGPL 3), read through GMT from Debian's
//           `gmt` and `gmt-gshhg-full` packages: no npm package ships rivers for this area. GMT cuts
//           the lines at its 1° bins; each piece is a feature.
// No npm package ships roads for the area (Natural Earth's ne_10m_roads is not on the registry), so
// there are none. Usage: apt-get install gmt gmt-gshhg-full && npm run geo:water [-- --out <file>]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import bboxClip from '@turf/bbox-clip';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import simplify from '@turf/simplify';
import { Command } from 'commander';
import type { Feature, FeatureCollection, LineString, MultiPolygon, Polygon, Position } from 'geojson';

/** West, south, east, north: Tianjin (116.69-118.07 E, 38.55-40.26 N) and what the widest map panel shows around it. */
export const WATER_BBOX: [number, number, number, number] = [114.4, 37.4, 120.4, 41.4];
/** Douglas-Peucker tolerance in degrees (about 20 m): under a pixel at a district's zoom. */
const TOLERANCE = 0.0002;
/** Coordinates to 1e-4 degree (about 10 m). */
const SCALE = 1e4;
/** GSHHG's river levels 1-3 (double-lined, permanent major, additional major rivers) draw wider. */
const MAJOR_LEVEL = 3;

const program = new Command()
  .option('-o, --out <file>', 'output file', 'scripts/geo/sources/tianjin-water.geojson')
  .option('--gmt <command>', 'the GMT executable', 'gmt')
  .parse();
const { out, gmt } = program.opts<{ out: string; gmt: string }>();
const [west, south, east, north] = WATER_BBOX;

const round = (p: Position): Position => [Math.round(p[0]! * SCALE) / SCALE, Math.round(p[1]! * SCALE) / SCALE];
/** Rounded, without the repeated vertices rounding makes. */
function roundLine(line: Position[]): Position[] {
  const outLine: Position[] = [];
  for (const p of line.map(round)) if (!outLine.length || outLine.at(-1)![0] !== p[0] || outLine.at(-1)![1] !== p[1]) outLine.push(p);
  return outLine;
}

function sea(): Feature<MultiPolygon, { kind: 'sea' }> {
  const file = createRequire(import.meta.url).resolve('@geo-maps/earth-seas-10m/map.geo.json');
  const world = JSON.parse(readFileSync(file, 'utf8')) as { geometries: MultiPolygon[] };
  // only the polygons whose outer ring reaches the box: the whole world's ocean is one of them
  const near = world.geometries
    .flatMap((g) => g.coordinates)
    .filter((poly) => {
      let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const [x, y] of poly[0]! as [number, number][]) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
      return x1 > west && x0 < east && y1 > south && y0 < north;
    });
  const clipped = bboxClip<MultiPolygon>({ type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: near } }, WATER_BBOX);
  const thin = simplify(clipped, { tolerance: TOLERANCE, highQuality: true }).geometry as MultiPolygon | Polygon;
  const coordinates: Position[][][] = thin.type === 'Polygon' ? [thin.coordinates] : thin.coordinates;
  const polygons = coordinates.map((poly) => poly.map(roundLine).filter((ring) => ring.length >= 4)).filter((poly) => poly.length > 0 && poly[0]!.length >= 4);
  return { type: 'Feature', properties: { kind: 'sea' }, geometry: { type: 'MultiPolygon', coordinates: polygons } };
}

/** `city`: the piece runs through Tianjin (the wall draws those again over the heat); pieces split where a river crosses the city's edge, sharing the vertex either side of it. */
type RiverProps = { kind: 'river'; major: boolean; city: boolean };

const districts = JSON.parse(readFileSync('scripts/geo/sources/tianjin-districts.geojson', 'utf8')) as FeatureCollection<Polygon | MultiPolygon>;
const inCity = (p: Position) => districts.features.some((d) => booleanPointInPolygon(p, d));

/** A line cut into runs inside and outside the city; each run keeps the first vertex past the edge, so the pieces meet. */
function splitAtCity(line: Position[]): { city: boolean; line: Position[] }[] {
  const runs: { city: boolean; line: Position[] }[] = [];
  for (const p of line) {
    const city = inCity(p);
    const last = runs.at(-1);
    if (last && last.city === city) last.line.push(p);
    else {
      if (last) last.line.push(p);
      runs.push({ city, line: last ? [last.line.at(-2)!, p] : [p] });
    }
  }
  return runs.filter((r) => r.line.length >= 2);
}

function rivers(): Feature<LineString, RiverProps>[] {
  // every river class (-Ia) at full resolution (-Df), one segment per bin with a "> River Bin # n, Level l" header
  const text = execFileSync(gmt, ['coast', `-R${west}/${east}/${south}/${north}`, '-Ia', '-Df', '-M'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const features: Feature<LineString, RiverProps>[] = [];
  let level = 0;
  let line: Position[] = [];
  const flush = () => {
    if (line.length >= 2) {
      const feature: Feature<LineString, RiverProps> = {
        type: 'Feature',
        properties: { kind: 'river', major: level <= MAJOR_LEVEL, city: false },
        geometry: { type: 'LineString', coordinates: line },
      };
      const coordinates = roundLine(simplify(feature, { tolerance: TOLERANCE, highQuality: true }).geometry.coordinates);
      for (const run of coordinates.length >= 2 ? splitAtCity(coordinates) : [])
        features.push({ ...feature, properties: { ...feature.properties, city: run.city }, geometry: { type: 'LineString', coordinates: run.line } });
    }
    line = [];
  };
  for (const row of text.split('\n')) {
    if (row.startsWith('>')) {
      flush();
      const m = /Level (\d+)/.exec(row);
      if (!m) throw new Error(`unexpected GMT header: ${row}`);
      level = Number(m[1]);
    } else if (row.trim()) {
      const [x, y] = row.trim().split(/\s+/).map(Number);
      if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error(`unexpected GMT row: ${row}`);
      line.push([x!, y!]);
    }
  }
  flush();
  return features;
}

const riverFeatures = rivers();
const collection: FeatureCollection = { type: 'FeatureCollection', features: [sea(), ...riverFeatures] };
const json = JSON.stringify(collection);
writeFileSync(out, json);
console.log(`wrote the sea and ${riverFeatures.length} river lines to ${out} (${Math.round(json.length / 1024)} KB)`);
