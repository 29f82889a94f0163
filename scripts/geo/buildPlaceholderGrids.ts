// Writes public/geo/grids.json: a coarse, deterministic lattice of square "grids" inside the real
// district boundaries. A placeholder until the real street/community partition (issue 3) lands.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { GridDataset, GridRecord } from '../../shared/geoDataset.ts';

const CELL_LON = 0.02;
const CELL_LAT = 0.016;
const round = (v: number) => Math.round(v * 1e5) / 1e5;

const districts = JSON.parse(readFileSync('public/geo/districts.geojson', 'utf8')) as FeatureCollection<
  Polygon | MultiPolygon,
  { code: string; name: string }
>;
const grids: GridRecord[] = [];
for (const district of districts.features as Feature<Polygon | MultiPolygon, { code: string; name: string }>[]) {
  const coords = (district.geometry.type === 'Polygon' ? [district.geometry.coordinates] : district.geometry.coordinates).flat(2);
  const lons = coords.map((c) => c[0]!);
  const lats = coords.map((c) => c[1]!);
  const [w, s] = [Math.floor(Math.min(...lons) / CELL_LON) * CELL_LON, Math.floor(Math.min(...lats) / CELL_LAT) * CELL_LAT];
  let serial = 0;
  for (let lat = s; lat < Math.max(...lats); lat += CELL_LAT) {
    for (let lon = w; lon < Math.max(...lons); lon += CELL_LON) {
      const centroid: [number, number] = [round(lon + CELL_LON / 2), round(lat + CELL_LAT / 2)];
      if (!booleanPointInPolygon(centroid, district)) continue;
      serial += 1;
      // district code + placeholder street/community digits + 3-digit serial = 15 digits
      const code = `${district.properties.code}${String(Math.floor(serial / 1000)).padStart(6, '0')}${String(serial % 1000).padStart(3, '0')}`;
      const [x0, y0, x1, y1] = [round(lon), round(lat), round(lon + CELL_LON), round(lat + CELL_LAT)];
      grids.push({ code, name: `${district.properties.name}第${serial}网格`, ring: [x0, y0, x1, y0, x1, y1, x0, y1, x0, y0], centroid });
    }
  }
}
const version = createHash('sha256').update(JSON.stringify(grids)).digest('hex').slice(0, 12);
const dataset: GridDataset = { version, grids };
writeFileSync('public/geo/grids.json', JSON.stringify(dataset));
console.log(`wrote ${grids.length} grids (version ${version}) to public/geo/grids.json`);
