// A weighted draw over a fixed list (grids by their weight, a scenario's urgencies and channels):
// cumulative weights once, then a bisection per draw.
/** A weighted draw over fixed items: cumulative weights and a bisection. */
export interface Draw<T> {
  items: readonly T[];
  cumulative: Float64Array;
}
export function drawOf<T>(items: readonly T[], weight: (item: T) => number): Draw<T> {
  const cumulative = new Float64Array(items.length);
  let sum = 0;
  items.forEach((item, i) => (cumulative[i] = sum += Math.max(0, weight(item))));
  // all weights 0 (grids with no residents): every item alike
  if (sum === 0) items.forEach((_, i) => (cumulative[i] = i + 1));
  return { items, cumulative };
}
export function draw<T>(d: Draw<T>, rng: () => number): T {
  const target = rng() * d.cumulative[d.cumulative.length - 1]!;
  let lo = 0;
  let hi = d.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (d.cumulative[mid]! <= target) lo = mid + 1;
    else hi = mid;
  }
  return d.items[lo]!;
}
