// Where the legend goes: the corner of the map where it hides least of the city. The legend's box is
// tried at each corner the map allows (bottom left, bottom right, and top left on the city view,
// where no region trail is drawn), sampled on a 6 x 4 grid against the districts' outlines under
// the whole panel's camera; the corner with the fewest points on a district wins, a tie going to
// the earlier corner. Pure geometry on the panel's one camera, so every screen of a spanning map
// makes the same choice, and the screen that holds the chosen corner draws the legend.
import { pointInRing } from '../../../shared/pointInRing.ts';
import { type Camera, fromMercator, toMercator, worldSize } from '../../../shared/webMercator.ts';
import type { DistrictCollection } from '../../geo/loadGeo.ts';

export type LegendCorner = 'bottom-left' | 'bottom-right' | 'top-left';

/** The districts' outer rings as flat [lon, lat, ...] arrays (holes do not matter for a legend). */
export function districtRings(districts: DistrictCollection): Float64Array[] {
  return districts.features.flatMap((f) => {
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    return polygons.map((p) => Float64Array.from((p[0] ?? []).flat()));
  });
}

/** Points of the box (in the panel's pixels, y down) that fall on a district. */
function cityPoints(
  rings: Float64Array[],
  camera: Camera,
  panel: { width: number; height: number },
  box: { left: number; top: number; width: number; height: number },
): number {
  const [cx, cy] = toMercator(camera.center);
  const size = worldSize(camera.zoom);
  let hits = 0;
  for (let i = 0; i < 6; i++) {
    for (let j = 0; j < 4; j++) {
      const px = box.left + ((i + 0.5) / 6) * box.width;
      const py = box.top + ((j + 0.5) / 4) * box.height;
      const [lon, lat] = fromMercator([cx + (px - panel.width / 2) / size, cy + (py - panel.height / 2) / size]);
      if (rings.some((ring) => pointInRing(lon, lat, ring))) hits++;
    }
  }
  return hits;
}

/** The corner for a legend of `legend` pixels, `inset` pixels in from the panel's edges. */
export function chooseLegendCorner(
  rings: Float64Array[],
  camera: Camera,
  panel: { width: number; height: number },
  legend: { width: number; height: number },
  inset: number,
  corners: readonly LegendCorner[],
): LegendCorner {
  const boxAt = (corner: LegendCorner) => ({
    left: corner === 'bottom-right' ? panel.width - inset - legend.width : inset,
    top: corner === 'top-left' ? inset : panel.height - inset - legend.height,
    width: legend.width,
    height: legend.height,
  });
  let best = corners[0] ?? 'bottom-left';
  let fewest = Number.POSITIVE_INFINITY;
  for (const corner of corners) {
    const hits = cityPoints(rings, camera, panel, boxAt(corner));
    if (hits < fewest) [best, fewest] = [corner, hits];
  }
  return best;
}
