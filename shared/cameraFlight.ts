// A camera flight from one view to another, zooming out and back in as needed (van Wijk & Nuij,
// "Smooth and efficient zooming and panning", the curve maplibre's flyTo uses). Pure and
// deterministic: every screen of a spanning map evaluates the same flight of the same virtual
// camera at the same server time and draws its slice of it, so the screens move as one picture.
import { fromMercator, toMercator, type Camera } from './webMercator.ts';

const RHO = 1.42;

/** Ease in and out: slow start, slow landing. */
export const easeInOut = (t: number) => (t <= 0 ? 0 : t >= 1 ? 1 : t * t * (3 - 2 * t));

/**
 * The camera at `t` (0..1, already eased) of the flight from `from` to `to` in a viewport whose
 * larger side is `viewportPx` pixels.
 */
export function flightCamera(from: Camera, to: Camera, viewportPx: number, t: number): Camera {
  if (t <= 0) return from;
  if (t >= 1) return to;
  const scale0 = 2 ** from.zoom;
  // positions in pixels at the start zoom
  const [ax, ay] = toMercator(from.center).map((v) => v * 512 * scale0) as [number, number];
  const [bx, by] = toMercator(to.center).map((v) => v * 512 * scale0) as [number, number];
  const u1 = Math.hypot(bx - ax, by - ay);
  const w0 = viewportPx;
  const w1 = w0 / 2 ** (to.zoom - from.zoom);
  const rho2 = RHO * RHO;
  let S: number;
  let w: (s: number) => number;
  let u: (s: number) => number;
  const r = (i: 0 | 1) => {
    const b = (w1 * w1 - w0 * w0 + (i ? -1 : 1) * rho2 * rho2 * u1 * u1) / (2 * (i ? w1 : w0) * rho2 * u1);
    return Math.log(Math.sqrt(b * b + 1) - b);
  };
  if (u1 < 1e-6) {
    // no travel: a pure zoom
    if (Math.abs(w0 - w1) < 1e-9) return { center: to.center, zoom: from.zoom + (to.zoom - from.zoom) * t };
    const k = w1 < w0 ? -1 : 1;
    S = Math.abs(Math.log(w1 / w0)) / RHO;
    u = () => 0;
    w = (s) => Math.exp(k * RHO * s);
  } else {
    const r0 = r(0);
    S = (r(1) - r0) / RHO;
    w = (s) => Math.cosh(r0) / Math.cosh(r0 + RHO * s);
    u = (s) => (w0 * ((Math.cosh(r0) * Math.tanh(r0 + RHO * s) - Math.sinh(r0)) / rho2)) / u1;
  }
  const s = t * S;
  const k = u(s);
  const zoom = from.zoom + Math.log2(1 / w(s));
  const size = 512 * scale0;
  return { center: fromMercator([(ax + (bx - ax) * k) / size, (ay + (by - ay) * k) / size]), zoom };
}
