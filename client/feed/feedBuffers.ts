// The live buffers as the feed worker keeps them: typed arrays written in place as heat deltas,
// position frames and state changes arrive, with a flag per buffer saying it changed since the page
// last took a copy. No per-worker or per-grid objects.
import { decodePositionFrame } from '../../shared/positionFrame.ts';
import { HEAT_METRICS, type HeatEntries } from '../../shared/protocol.ts';

/** Values per grid in `heat`: one per heat metric, in HEAT_METRICS order. */
export const HEAT_STRIDE = HEAT_METRICS.length;

interface Taken {
  heat?: Int32Array<ArrayBuffer>;
  positions?: Float32Array<ArrayBuffer>;
  workerStates?: Uint8Array<ArrayBuffer>;
  transfer: ArrayBuffer[];
}

export function createFeedBuffers() {
  /** Per grid index, HEAT_STRIDE values: open cases, reported in the last hour, overdue. */
  let heat = new Int32Array(0);
  /** Worker lon/lat interleaved, by wire index (room for more than `count`: the roster grows by appending). */
  let positions = new Float32Array(0);
  /** Worker state by wire index (an index in WORKER_STATES). */
  let states = new Uint8Array(0);
  let count = 0;
  const changed = { heat: false, positions: false, states: false };

  function applyHeat(entries: HeatEntries): void {
    for (const entry of entries) {
      const base = entry[0] * HEAT_STRIDE;
      if (base >= heat.length) continue;
      for (let k = 0; k < HEAT_STRIDE; k++) heat[base + k] = entry[k + 1] ?? 0;
    }
    changed.heat = true;
  }

  return {
    resetHeat(gridCount: number, entries: HeatEntries): void {
      heat = new Int32Array(gridCount * HEAT_STRIDE);
      applyHeat(entries);
    },
    applyHeat,
    setWorkerCount(n: number): void {
      if (n * 2 > positions.length) {
        const size = Math.max(n, positions.length); // at least double
        const grown = new Float32Array(size * 2);
        grown.set(positions);
        positions = grown;
        const grownStates = new Uint8Array(size);
        grownStates.set(states);
        states = grownStates;
      }
      if (n !== count) changed.positions = changed.states = true;
      count = n;
    },
    applyPositionFrame(frame: ArrayBuffer): void {
      const { indices, coords } = decodePositionFrame(frame);
      for (let k = 0; k < indices.length; k++) {
        const i = indices[k]!;
        if (i >= count) continue; // roster not received yet: the next frame carries it again
        positions[2 * i] = coords[2 * k]!;
        positions[2 * i + 1] = coords[2 * k + 1]!;
      }
      changed.positions = true;
    },
    resetWorkerStates(bytes: ArrayBuffer): void {
      states.fill(0);
      states.set(new Uint8Array(bytes).subarray(0, states.length));
      changed.states = true;
    },
    applyWorkerStates(changes: [number, number][]): void {
      for (const [i, state] of changes) if (i < states.length) states[i] = state;
      changed.states = true;
    },
    count: () => count,
    dirty: () => changed.heat || changed.positions || changed.states,
    /** Copies of what changed since the last take (each the exact length the page needs), and their buffers to transfer. */
    take(): Taken {
      const out: Taken = { transfer: [] };
      if (changed.heat) out.heat = heat.slice();
      if (changed.positions) out.positions = positions.slice(0, count * 2);
      if (changed.states) out.workerStates = states.slice(0, count);
      for (const a of [out.heat, out.positions, out.workerStates]) if (a) out.transfer.push(a.buffer);
      changed.heat = changed.positions = changed.states = false;
      return out;
    },
  };
}

export type FeedBuffers = ReturnType<typeof createFeedBuffers>;
