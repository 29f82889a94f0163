// High-rate data lives in typed arrays outside React state: the socket client writes them in
// place and bumps a version in the store; the map layers read them on the next render.
import { decodePositionFrame } from '../../shared/positionFrame.ts';
import { HEAT_METRICS, type HeatEntries } from '../../shared/protocol.ts';

/** Values per grid in `heat`: one per heat metric, in HEAT_METRICS order. */
export const HEAT_STRIDE = HEAT_METRICS.length;

export const liveBuffers = {
  /** Per grid index, HEAT_STRIDE values: open cases, reported in the last hour, overdue. */
  heat: new Int32Array(0),
  /** Worker lon/lat interleaved, by wire index. */
  positions: new Float32Array(0),
  /** Worker state by wire index (an index in WORKER_STATES). */
  workerStates: new Uint8Array(0),
  workerCount: 0,
};

export function resetHeat(gridCount: number, entries: HeatEntries): void {
  liveBuffers.heat = new Int32Array(gridCount * HEAT_STRIDE);
  applyHeat(entries);
}

export function applyHeat(entries: HeatEntries): void {
  const heat = liveBuffers.heat;
  for (const entry of entries) {
    const base = entry[0] * HEAT_STRIDE;
    if (base >= heat.length) continue;
    for (let k = 0; k < HEAT_STRIDE; k++) heat[base + k] = entry[k + 1] ?? 0;
  }
}

export function setWorkerCount(n: number): void {
  if (n * 2 > liveBuffers.positions.length) {
    const size = Math.max(n, liveBuffers.positions.length); // at least double: the roster grows by appending
    const grown = new Float32Array(size * 2);
    grown.set(liveBuffers.positions);
    liveBuffers.positions = grown;
    const states = new Uint8Array(size);
    states.set(liveBuffers.workerStates);
    liveBuffers.workerStates = states;
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

export function resetWorkerStates(states: ArrayBuffer): void {
  const bytes = new Uint8Array(states);
  liveBuffers.workerStates.fill(0);
  liveBuffers.workerStates.set(bytes.subarray(0, liveBuffers.workerStates.length));
}

export function applyWorkerStates(changes: [number, number][]): void {
  const s = liveBuffers.workerStates;
  for (const [i, state] of changes) if (i < s.length) s[i] = state;
}
