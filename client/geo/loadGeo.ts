// Loads the project's own geography (served from public/geo): no tile server, no internet.
// The grid polygons come as one binary file (shared/gridGeometry.ts), decoded into typed arrays
// that deck.gl takes as they are.
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { GridDataset, RegionDataset } from '../../shared/geoDataset.ts';
import { decodeGridGeometry, type GridGeometry } from '../../shared/gridGeometry.ts';

export type DistrictCollection = FeatureCollection<Polygon | MultiPolygon, { code: string; name: string; center: [number, number] }>;

export interface Geo {
  districts: DistrictCollection;
  regions: RegionDataset;
  grids: GridDataset;
  gridGeometry: GridGeometry;
}

async function get(url: string): Promise<Response> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res;
}

export async function loadGeo(): Promise<Geo> {
  const [districts, regions, grids, bin] = await Promise.all([
    get('/geo/districts.geojson').then((r) => r.json() as Promise<DistrictCollection>),
    get('/geo/regions.json').then((r) => r.json() as Promise<RegionDataset>),
    get('/geo/grids.json').then((r) => r.json() as Promise<GridDataset>),
    get('/geo/grids.bin').then((r) => r.arrayBuffer()),
  ]);
  const gridGeometry = decodeGridGeometry(bin);
  if (gridGeometry.gridCount !== grids.grids.length) throw new Error(`grids.bin holds ${gridGeometry.gridCount} grids but grids.json ${grids.grids.length}`);
  return { districts, regions, grids, gridGeometry };
}

/** Tianjin's extent, for the initial camera. */
export const TIANJIN_BOUNDS: [[number, number], [number, number]] = [
  [116.69, 38.55],
  [118.07, 40.26],
];
