// The compact grid dataset both sides load from public/geo/grids.json. The array order is the
// grid index used on the wire (heat deltas carry indices, not 15-character codes).
export interface GridRecord {
  code: string;
  name: string;
  /** Closed ring of [lon, lat] pairs, flattened: lon0, lat0, lon1, lat1, ... */
  ring: number[];
  centroid: [number, number];
}

export interface GridDataset {
  /** Changes whenever the grid list changes; the wall refuses a snapshot built on another version. */
  version: string;
  grids: GridRecord[];
}
