// The extent of a region (district, street, community or grid code) from the grids it holds: the
// camera of a wall focused on that region. Region codes are prefixes of their grids' codes.
import type { GridDataset } from '../../shared/geoDataset.ts';
import type { GridGeometry } from '../../shared/gridGeometry.ts';

export type Bounds = [[number, number], [number, number]];

export function regionBounds(code: string, grids: GridDataset, geometry: GridGeometry): Bounds | null {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  const { polygonGrid, polygonStart, positions } = geometry;
  for (let p = 0; p < polygonGrid.length; p++) {
    if (!grids.grids[polygonGrid[p]!]!.code.startsWith(code)) continue;
    for (let v = polygonStart[p]!; v < polygonStart[p + 1]!; v++) {
      w = Math.min(w, positions[2 * v]!);
      e = Math.max(e, positions[2 * v]!);
      s = Math.min(s, positions[2 * v + 1]!);
      n = Math.max(n, positions[2 * v + 1]!);
    }
  }
  return w === Infinity
    ? null
    : [
        [w, s],
        [e, n],
      ];
}
