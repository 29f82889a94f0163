// Small geometry helpers over polygon-clipping's nested arrays (MultiPolygon = Polygon[] =
// Ring[][] = [lon, lat][][][]). Our polygons have no holes: a polygon is its outer ring.
import polylabel from 'polylabel';
import polygonClipping, { type MultiPolygon, type Pair, type Ring } from 'polygon-clipping';
import { pointInRing } from '../../../shared/pointInRing.ts';

export type Bbox = [number, number, number, number];

export function ringArea(ring: Ring): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j]![0] + ring[i]![0]) * (ring[j]![1] - ring[i]![1]);
  return Math.abs(a) / 2;
}

export const area = (mp: MultiPolygon) => mp.reduce((s, poly) => s + ringArea(poly[0]!), 0);

export function bboxOf(mp: MultiPolygon): Bbox {
  const b: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of mp)
    for (const [x, y] of poly[0]!) {
      if (x < b[0]) b[0] = x;
      if (y < b[1]) b[1] = y;
      if (x > b[2]) b[2] = x;
      if (y > b[3]) b[3] = y;
    }
  return b;
}

const flat = (ring: Ring) => ring.flat();

/** A point-in-multipolygon test with the rings flattened once. */
export function containsPoint(mp: MultiPolygon): (x: number, y: number) => boolean {
  const rings = mp.map((poly) => flat(poly[0]!));
  return (x, y) => rings.some((r) => pointInRing(x, y, r));
}

/** Rounds to `scale` (1e5: about 1 m), drops repeated vertices and rings too small to keep. */
export function roundMultiPolygon(mp: MultiPolygon, scale: number): MultiPolygon {
  const out: MultiPolygon = [];
  for (const poly of mp) {
    if (poly.length > 1)
      throw new Error(
        `a polygon with ${poly.length - 1} hole(s) (${poly
          .slice(1)
          .map((r) => `${r.length} vertices, area ${ringArea(r).toExponential(2)}`)
          .join('; ')}): the partition assumes none`,
      );
    const ring: Ring = [];
    for (const [x, y] of poly[0]!) {
      const p: Pair = [Math.round(x * scale) / scale, Math.round(y * scale) / scale];
      const last = ring[ring.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) ring.push(p);
    }
    if (ring.length > 1 && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1]) ring.pop();
    if (ring.length >= 3 && ringArea(ring) > 1 / (scale * scale)) out.push([[...ring, ring[0]!]]);
  }
  return out;
}

/** The label point of a region: the pole of inaccessibility of its largest part. */
export function labelPoint(mp: MultiPolygon, precision: number): [number, number] {
  const largest = mp.reduce((a, b) => (ringArea(b[0]!) > ringArea(a[0]!) ? b : a));
  const p = polylabel(largest, precision);
  return [Math.round(p[0]! * 1e5) / 1e5, Math.round(p[1]! * 1e5) / 1e5];
}

/**
 * Repairs a source boundary: the published district outlines have a few self-touching rings (a
 * figure-8 in 武清 and 静海, a 0.01 km2 hole in 宝坻). Resolved by a union, holes filled, and
 * specks under a millionth of the whole dropped.
 */
export function repairBoundary(mp: MultiPolygon): MultiPolygon {
  const parts = polygonClipping.union(mp).map((poly) => [poly[0]!]);
  const total = area(parts);
  return parts.filter((poly) => ringArea(poly[0]!) > total * 1e-6);
}
