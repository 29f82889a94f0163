// Loads the project's own geography (served from public/geo): no tile server, no internet.
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { GridDataset } from '../../shared/geoDataset.ts';

export type DistrictCollection = FeatureCollection<Polygon | MultiPolygon, { code: string; name: string; center: [number, number] }>;

export interface Geo {
  districts: DistrictCollection;
  grids: GridDataset;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

export async function loadGeo(): Promise<Geo> {
  const [districts, grids] = await Promise.all([getJson<DistrictCollection>('/geo/districts.geojson'), getJson<GridDataset>('/geo/grids.json')]);
  return { districts, grids };
}

/** Tianjin's extent, for the initial camera. */
export const TIANJIN_BOUNDS: [[number, number], [number, number]] = [[116.69, 38.55], [118.07, 40.26]];
