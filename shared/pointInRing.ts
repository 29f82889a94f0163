// Exact point-in-polygon by the even-odd crossing rule over a flat [x0, y0, x1, y1, ...] ring,
// open or closed, read from `start` to `end` (vertex indices). Allocation-free, for hot lookups.
export function pointInRing(x: number, y: number, coords: ArrayLike<number>, start = 0, end = coords.length / 2): boolean {
  let inside = false;
  for (let i = start, j = end - 1; i < end; j = i++) {
    const xi = coords[2 * i]!;
    const yi = coords[2 * i + 1]!;
    const xj = coords[2 * j]!;
    const yj = coords[2 * j + 1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
