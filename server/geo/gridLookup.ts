// Point-to-grid lookup: a static packed R-tree (flatbush) over the bounding boxes of the grid
// polygons, then an exact point-in-polygon test on the few candidates. Used for cases and fixes
// that arrive with a location but no grid code.
import Flatbush from 'flatbush';
import type { GridGeometry } from '../../shared/gridGeometry.ts';
import { pointInRing } from '../../shared/pointInRing.ts';

export interface GridLookup {
  /** The index of the grid containing the point, or undefined outside every grid. */
  locate(lon: number, lat: number): number | undefined;
}

export function createGridLookup(geometry: GridGeometry): GridLookup {
  const { polygonGrid, polygonStart, positions } = geometry;
  const polygonCount = polygonGrid.length;
  const index = new Flatbush(polygonCount);
  for (let p = 0; p < polygonCount; p++) {
    let minX = Infinity,
      minY = Infinity,
      maxX = -Infinity,
      maxY = -Infinity;
    for (let v = polygonStart[p]!; v < polygonStart[p + 1]!; v++) {
      const x = positions[2 * v]!,
        y = positions[2 * v + 1]!;
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
    index.add(minX, minY, maxX, maxY);
  }
  index.finish();

  return {
    locate(lon, lat) {
      let found: number | undefined;
      index.search(lon, lat, lon, lat, (p) => {
        if (found === undefined && pointInRing(lon, lat, positions, polygonStart[p]!, polygonStart[p + 1]!)) found = polygonGrid[p]!;
        return false; // collect nothing: the answer is in `found`
      });
      return found;
    },
  };
}
