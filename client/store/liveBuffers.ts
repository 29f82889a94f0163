// High-rate data lives in typed arrays outside React state: the feed worker keeps them and hands the
// page a fresh copy of each one that changed (client/feed/); the page swaps it in here and bumps a
// version in the store; the map layers read them on the next render.
export { HEAT_STRIDE } from '../feed/feedBuffers.ts';

export const liveBuffers = {
  /** Per grid index, HEAT_STRIDE values: open cases, reported in the last hour, overdue. */
  heat: new Int32Array(0),
  /** Worker lon/lat interleaved, by wire index: `workerCount` of them. */
  positions: new Float32Array(0),
  /** Worker state by wire index (an index in WORKER_STATES). */
  workerStates: new Uint8Array(0),
  workerCount: 0,
};
