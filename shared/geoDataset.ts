// The geography both sides load from public/geo (built by `npm run geo:build`):
//   regions.json   every district, street and community: code, name, parent, kind, label point
//   grids.json     every basic grid: code, name, label point; the array order is the grid index
//                  used on the wire (heat deltas carry indices, not 15-character codes)
//   grids.bin      the grids' polygons (shared/gridGeometry.ts)
//   districts / streets / communities .geojson   boundaries for the base map
export const REGION_LEVELS = ['city', 'district', 'street', 'community', 'grid'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** street: 街道; town: 镇 or 乡; community: urban 社区/居委会; village: 村委会; special: development zones, farms, virtual communities. */
export type RegionKind = 'district' | 'street' | 'town' | 'special' | 'community' | 'village';

export interface RegionRecord {
  code: string;
  name: string;
  level: Exclude<RegionLevel, 'city' | 'grid'>;
  kind: RegionKind;
  parent: string;
  /** A point inside the region for its label (pole of inaccessibility). */
  center: [number, number];
}

export interface RegionDataset {
  version: string;
  regions: RegionRecord[];
}

export interface GridRecord {
  code: string;
  name: string;
  /** A point inside the grid (its pole of inaccessibility): where workers start and labels go. */
  centroid: [number, number];
  /** Estimated residents (a density model scaled to the city's census total): where cases come from. */
  residents: number;
}

export interface GridDataset {
  /** Changes whenever the grids change; the wall refuses a snapshot built on another version. */
  version: string;
  grids: GridRecord[];
}
