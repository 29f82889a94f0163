// High-rate data lives in typed arrays outside React state: the socket client writes them in
// place and bumps a version in the store; the map layers read them on the next render.
import { decodePositionFrame } from '../../shared/positionFrame.ts';
import type { HeatEntries } from '../../shared/protocol.ts';

export const liveBuffers = {
  /** Open cases per grid, by grid index. */
  heat: new Int32Array(0),
  /** Worker lon/lat interleaved, by wire index. */
  positions: new Float32Array(0),
  workerCount: 0,
};

export function resetHeat(gridCount: number, entries: HeatEntries): void {
  liveBuffers.heat = new Int32Array(gridCount);
  applyHeat(entries);
}

export function applyHeat(entries: HeatEntries): void {
  for (const [i, v] of entries) if (i < liveBuffers.heat.length) liveBuffers.heat[i] = v;
}

export function setWorkerCount(n: number): void {
  if (n * 2 > liveBuffers.positions.length) {
    const grown = new Float32Array(Math.max(n * 2, liveBuffers.positions.length * 2));
    grown.set(liveBuffers.positions);
    liveBuffers.positions = grown;
  }
  liveBuffers.workerCount = n;
}

export function applyPositionFrame(frame: ArrayBuffer): void {
  const { indices, coords } = decodePositionFrame(frame);
  const p = liveBuffers.positions;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    if (i >= liveBuffers.workerCount) continue; // roster not received yet: the next frame carries it again
    p[2 * i] = coords[2 * k]!;
    p[2 * i + 1] = coords[2 * k + 1]!;
  }
}
