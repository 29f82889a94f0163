// Grid workers as points, fed straight from the typed array of positions (binary attributes): a
// position frame updates the buffer in place and the layer re-uploads it, with no per-worker objects.
import { ScatterplotLayer } from '@deck.gl/layers';

export interface WorkerData {
  length: number;
  attributes: { getPosition: { value: Float32Array; size: 2 } };
}

/** A new object per position frame: deck.gl re-uploads the buffer when `data` changes identity. */
export function workerData(positions: Float32Array, count: number): WorkerData {
  return { length: count, attributes: { getPosition: { value: positions.subarray(0, count * 2), size: 2 } } };
}

export function workerLayer(data: WorkerData) {
  return new ScatterplotLayer({
    id: 'workers',
    data,
    // Small and cool-toned at city zoom, so the heat below stays the dominant signal.
    getFillColor: [64, 224, 255, 110],
    radiusUnits: 'pixels',
    getRadius: 1.4,
    radiusMinPixels: 1,
  });
}
