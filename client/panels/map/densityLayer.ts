// A density heatmap of the last hour's reports: a kernel density estimate computed on the CPU from
// each grid's count (the server's sliding window, never the raw cases) at its label point, drawn as
// one image. At city zoom the central grids are a few pixels wide, so the choropleth alone cannot
// show where the centre is busy; this can. Cool-toned, so it does not read as the open-case
// choropleth. (deck.gl's HeatmapLayer stalls software-GL screens for seconds per frame: its
// max-weight pass draws a point per texel; a 1-Hz CPU estimate costs a few milliseconds.)
import { BitmapLayer } from '@deck.gl/layers';
import type { GridRecord } from '../../../shared/geoDataset.ts';
import { HEAT_METRICS } from '../../../shared/protocol.ts';
import { toMercator, type Bounds } from '../../../shared/webMercator.ts';
import { HEAT_STRIDE } from '../../store/liveBuffers.ts';

const NEW_LAST_HOUR = HEAT_METRICS.indexOf('newLastHour');
/** Above this zoom the grids are large enough for the choropleth alone. */
export const DENSITY_MAX_ZOOM = 11.5;
export const DENSITY_RAMP: [number, number, number, number][] = [
  [40, 60, 180, 0],
  [70, 90, 230, 110],
  [120, 110, 255, 160],
  [180, 120, 255, 195],
  [230, 170, 255, 220],
  [255, 240, 255, 240],
];
/** Kernel width (standard deviation) in kilometres, and the estimate's cell size. */
export const KERNEL_SIGMA_KM = 1.5;
const CELL_KM = 0.5;
/** The density that reaches the top of the ramp is at least that of this many reports in one place. */
const MIN_TOP_REPORTS = 4;

export interface DensityImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
  bounds: Bounds;
  /** The peak density, in reports per km² (over the last hour). */
  peak: number;
}

/** The estimate over `bounds`: each grid's reports spread by a Gaussian kernel, coloured by DENSITY_RAMP. */
export function densityImage(heat: Int32Array, grids: readonly GridRecord[], bounds: Bounds): DensityImage {
  const [x0, y1] = toMercator(bounds[0]);
  const [x1, y0] = toMercator(bounds[1]);
  const midLat = ((bounds[0][1] + bounds[1][1]) / 2) * (Math.PI / 180);
  const kmPerUnit = 40_075 * Math.cos(midLat); // mercator units to km at this latitude
  const width = Math.ceil(((x1 - x0) * kmPerUnit) / CELL_KM);
  const height = Math.ceil(((y1 - y0) * kmPerUnit) / CELL_KM);
  const density = new Float32Array(width * height);
  const sigmaCells = KERNEL_SIGMA_KM / CELL_KM;
  const reach = Math.ceil(3 * sigmaCells);
  const kernel = new Float32Array((2 * reach + 1) ** 2);
  const norm = 1 / (2 * Math.PI * KERNEL_SIGMA_KM ** 2); // per km²
  for (let dy = -reach; dy <= reach; dy++)
    for (let dx = -reach; dx <= reach; dx++)
      kernel[(dy + reach) * (2 * reach + 1) + dx + reach] = norm * Math.exp(-(dx * dx + dy * dy) / (2 * sigmaCells ** 2));
  for (let g = 0; g < grids.length; g++) {
    const count = heat[g * HEAT_STRIDE + NEW_LAST_HOUR]!;
    if (!(count > 0)) continue; // also before the first snapshot, when the buffer is still empty
    const [mx, my] = toMercator(grids[g]!.centroid);
    const cx = Math.round(((mx - x0) / (x1 - x0)) * width);
    const cy = Math.round(((my - y0) / (y1 - y0)) * height);
    for (let dy = -reach; dy <= reach; dy++) {
      const y = cy + dy;
      if (y < 0 || y >= height) continue;
      for (let dx = -reach; dx <= reach; dx++) {
        const x = cx + dx;
        if (x < 0 || x >= width) continue;
        density[y * width + x]! += count * kernel[(dy + reach) * (2 * reach + 1) + dx + reach]!;
      }
    }
  }
  let peak = 0;
  for (const d of density) peak = Math.max(peak, d);
  const top = Math.max(peak, MIN_TOP_REPORTS * norm);
  const data = new Uint8ClampedArray(width * height * 4);
  const steps = DENSITY_RAMP.length - 1;
  for (let i = 0; i < density.length; i++) {
    const v = density[i]! / top;
    if (!(v >= 0.02)) continue;
    const f = Math.min(v, 1) * steps;
    const k = Math.min(Math.floor(f), steps - 1);
    const t = f - k;
    const a = DENSITY_RAMP[k]!;
    const b = DENSITY_RAMP[k + 1]!;
    for (let c = 0; c < 4; c++) data[i * 4 + c] = a[c]! + (b[c]! - a[c]!) * t;
  }
  return { width, height, data, bounds, peak };
}

/** The estimate drawn as one image (`pixels`: its ImageData, made once per estimate). */
export function densityLayer(image: DensityImage, pixels: ImageData, visible: boolean) {
  return new BitmapLayer({
    id: 'report-density',
    visible,
    image: pixels,
    bounds: [image.bounds[0][0], image.bounds[0][1], image.bounds[1][0], image.bounds[1][1]],
    opacity: 0.8,
    pickable: false,
  });
}
