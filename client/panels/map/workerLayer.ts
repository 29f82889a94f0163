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

export function workerLayer(data: WorkerData, visible: boolean, unit = 1) {
  return new ScatterplotLayer({
    id: 'workers',
    data,
    visible,
    radiusUnits: 'pixels',
    getRadius: 1.4 * unit,
    radiusMinPixels: 1,
    transitions: { getPosition: MOVE_MS },
  });
}
