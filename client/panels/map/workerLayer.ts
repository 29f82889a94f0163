// Grid workers as points, fed straight from typed arrays (binary attributes): a position frame
// updates the buffer in place and the layer re-uploads it, with no per-worker objects. Positions
// glide to each new fix on the GPU (attribute transitions); colour says patrolling, idle, offline, off duty.
import { ScatterplotLayer } from '@deck.gl/layers';
import { WORKER_STATES, type WorkerState } from '../../../shared/protocol.ts';

export const WORKER_COLORS: Record<WorkerState, [number, number, number, number]> = {
  patrolling: [64, 224, 255, 150],
  idle: [255, 196, 70, 170],
  offline: [120, 130, 150, 110],
  // ended his patrol (his phone still beats): dim, not tracked
  off_duty: [150, 120, 200, 90],
};
const BY_INDEX = WORKER_STATES.map((s) => WORKER_COLORS[s]);
/** A fix arrives every second or so: glide for most of that, so movement looks continuous. */
export const MOVE_MS = 900;

export interface WorkerData {
  length: number;
  attributes: {
    getPosition: { value: Float32Array; size: 2 };
    getFillColor: { value: Uint8Array; size: 4; normalized: true };
  };
}

/** RGBA per worker from its state; rebuilt only when states change. */
export function workerColors(states: Uint8Array, count: number, previous?: Uint8Array): Uint8Array {
  const out = previous && previous.length === count * 4 ? previous : new Uint8Array(count * 4);
  for (let i = 0; i < count; i++) out.set(BY_INDEX[states[i]!] ?? BY_INDEX[0]!, i * 4);
  return out;
}

/** A new object per position frame: deck.gl re-uploads the buffer when `data` changes identity. */
export function workerData(positions: Float32Array, count: number, colors: Uint8Array): WorkerData {
  return {
    length: count,
    attributes: {
      getPosition: { value: positions.subarray(0, count * 2), size: 2 },
      getFillColor: { value: colors.subarray(0, count * 4), size: 4, normalized: true },
    },
  };
}

/** `glide`: move to each fix over MOVE_MS on the GPU (smooth mode); without, step to it (a redraw per fix, not per frame). */
/**
 * Under software GL below this zoom, workers are drawn as cells (workerCells): at city zoom 15,000 to
 * 50,000 dots cost a software renderer a second or more a frame, and are a haze at that scale anyway.
 */
export const WORKER_DETAIL_ZOOM = 11;
/** A cell's side in screen pixels at the zoom it is binned for. */
const CELL_PX = 10;

export interface WorkerCellData {
  length: number;
  attributes: {
    getPosition: { value: Float32Array; size: 2 };
    getFillColor: { value: Uint8Array; size: 4; normalized: true };
    getRadius: { value: Float32Array; size: 1 };
  };
}

/**
 * Workers binned into square cells about CELL_PX pixels wide at `zoom`: one dot per occupied cell,
 * at the mean position of its workers, its area growing with their number, coloured by the state
 * most of them are in. One pass over the typed arrays, no per-worker objects.
 */
export function workerCells(positions: Float32Array, states: Uint8Array, count: number, zoom: number, unit = 1): WorkerCellData {
  const cellDeg = (360 / (512 * 2 ** zoom)) * CELL_PX;
  const index = new Map<number, number>();
  const sums: number[] = []; // per cell: lon, lat, count, then one count per state
  const stride = 3 + WORKER_STATES.length;
  for (let i = 0; i < count; i++) {
    const lon = positions[2 * i]!;
    const lat = positions[2 * i + 1]!;
    if (lon === 0 && lat === 0) continue; // no fix yet
    const key = Math.floor(lon / cellDeg) * 1_000_003 + Math.floor(lat / cellDeg);
    let c = index.get(key);
    if (c === undefined) {
      c = index.size;
      index.set(key, c);
      for (let k = 0; k < stride; k++) sums.push(0);
    }
    const b = c * stride;
    sums[b]! += lon;
    sums[b + 1]! += lat;
    sums[b + 2]! += 1;
    sums[b + 3 + (states[i] ?? 0)]! += 1;
  }
  const n = index.size;
  const out = { position: new Float32Array(n * 2), color: new Uint8Array(n * 4), radius: new Float32Array(n) };
  for (let c = 0; c < n; c++) {
    const b = c * stride;
    const k = sums[b + 2]!;
    out.position[2 * c] = sums[b]! / k;
    out.position[2 * c + 1] = sums[b + 1]! / k;
    let most = 0;
    for (let s = 1; s < WORKER_STATES.length; s++) if (sums[b + 3 + s]! > sums[b + 3 + most]!) most = s;
    out.color.set(BY_INDEX[most]!, c * 4);
    out.radius[c] = unit * Math.min(1.4 + 0.9 * Math.sqrt(k - 1), CELL_PX / 2);
  }
  return {
    length: n,
    attributes: {
      getPosition: { value: out.position, size: 2 },
      getFillColor: { value: out.color, size: 4, normalized: true },
      getRadius: { value: out.radius, size: 1 },
    },
  };
}

/** Cells of workers (software GL at city zoom): no transitions, a redraw per data tick. */
export function workerCellLayer(data: WorkerCellData, visible: boolean) {
  return new ScatterplotLayer({
    id: 'worker-cells',
    data,
    visible,
    radiusUnits: 'pixels',
    radiusMinPixels: 1,
  });
}

export function workerLayer(data: WorkerData, visible: boolean, unit = 1, glide = true) {
  return new ScatterplotLayer({
    id: 'workers',
    data,
    visible,
    radiusUnits: 'pixels',
    getRadius: 1.4 * unit,
    radiusMinPixels: 1,
    ...(glide && { transitions: { getPosition: MOVE_MS } }),
  });
}
