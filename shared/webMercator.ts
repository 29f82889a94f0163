// Web Mercator as maplibre and deck.gl use it: the world is a square of 512 * 2^zoom pixels, with
// x and y in [0, 1] from the antimeridian and the north edge. A spanning map's screens agree on
// one camera only through this arithmetic, so it lives here, pure and tested.
export type LonLat = [lon: number, lat: number];
export type Bounds = [southWest: LonLat, northEast: LonLat];

export const TILE_SIZE = 512;
const MAX_LAT = 85.051129;

export function toMercator([lon, lat]: LonLat): [x: number, y: number] {
  const phi = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
  return [(lon + 180) / 360, (1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2];
}

export function fromMercator([x, y]: [number, number]): LonLat {
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;
  return [x * 360 - 180, lat];
}

/** The size of the whole world in pixels at a zoom. */
export const worldSize = (zoom: number) => TILE_SIZE * 2 ** zoom;

export interface Camera {
  center: LonLat;
  zoom: number;
}

/** The camera that fits `bounds` inside a viewport of width x height pixels, `padding` pixels clear on every side. */
export function fitBounds(bounds: Bounds, width: number, height: number, padding = 0): Camera {
  const [x0, y1] = toMercator(bounds[0]);
  const [x1, y0] = toMercator(bounds[1]);
  const spanX = Math.max(x1 - x0, 1e-9);
  const spanY = Math.max(y1 - y0, 1e-9);
  const scale = Math.min(Math.max(width - 2 * padding, 1) / spanX, Math.max(height - 2 * padding, 1) / spanY);
  return { center: fromMercator([(x0 + x1) / 2, (y0 + y1) / 2]), zoom: Math.log2(scale / TILE_SIZE) };
}

/**
 * The camera of one slice of a larger viewport: same zoom, centre moved by the slice centre's
 * offset from the viewport's centre. Every slice then maps a place to the same virtual pixel, so
 * the slices line up edge to edge (and across bezels, which are part of the virtual viewport).
 * `offset`: the slice centre minus the viewport centre, in pixels (x right, y down).
 */
export function sliceCamera(camera: Camera, offset: [dx: number, dy: number]): Camera {
  const [x, y] = toMercator(camera.center);
  const size = worldSize(camera.zoom);
  return { center: fromMercator([x + offset[0] / size, y + offset[1] / size]), zoom: camera.zoom };
}
