// Latest position of every worker, kept in typed arrays by wire index; tracks which workers moved
// since the last frame and which ids joined the roster since the last roster delta.
import type { PositionFix } from '../../shared/caseEvent.ts';
import { encodePositionFrame } from '../../shared/positionFrame.ts';
import type { RosterDelta } from '../../shared/protocol.ts';

export const ONLINE_WINDOW_MS = 5 * 60_000;

export function createWorkerPositions() {
  const ids: string[] = [];
  const indexById = new Map<string, number>();
  let coords = new Float32Array(1024 * 2);
  let lastFixAt = new Float64Array(1024);
  const moved = new Set<number>();
  let rosterSent = 0;
  let tick = 0;

  function indexFor(workerId: string): number {
    let i = indexById.get(workerId);
    if (i === undefined) {
      i = ids.length;
      ids.push(workerId);
      indexById.set(workerId, i);
      if (i >= lastFixAt.length) {
        const grownCoords = new Float32Array(coords.length * 2);
        grownCoords.set(coords);
        coords = grownCoords;
        const grownAt = new Float64Array(lastFixAt.length * 2);
        grownAt.set(lastFixAt);
        lastFixAt = grownAt;
      }
    }
    return i;
  }

  function apply(fixes: PositionFix[]): void {
    for (const f of fixes) {
      const i = indexFor(f.workerId);
      const at = Date.parse(f.at);
      if (at < lastFixAt[i]!) continue; // an older fix arriving late: latest wins
      lastFixAt[i] = at;
      coords[2 * i] = f.lon;
      coords[2 * i + 1] = f.lat;
      moved.add(i);
    }
  }

  function onlineCount(now: number): number {
    let n = 0;
    for (let i = 0; i < ids.length; i++) if (now - lastFixAt[i]! <= ONLINE_WINDOW_MS) n += 1;
    return n;
  }

  /** Ids added since the previous call, or null when none were. */
  function drainRoster(): RosterDelta | null {
    if (rosterSent === ids.length) return null;
    const delta = { from: rosterSent, ids: ids.slice(rosterSent) };
    rosterSent = ids.length;
    return delta;
  }

  /** A frame of the workers that moved since the previous call, or null when none did. */
  function drainFrame(): ArrayBuffer | null {
    if (!moved.size) return null;
    tick += 1;
    const indices = [...moved];
    moved.clear();
    const out = new Float32Array(indices.length * 2);
    indices.forEach((i, k) => {
      out[2 * k] = coords[2 * i]!;
      out[2 * k + 1] = coords[2 * i + 1]!;
    });
    return encodePositionFrame(tick, indices, out);
  }

  /** Every worker's position, for a snapshot. The roster it implies is `ids` up to rosterSent. */
  function fullFrame(): { ids: string[]; frame: ArrayBuffer } {
    const n = rosterSent;
    return {
      ids: ids.slice(0, n),
      frame: encodePositionFrame(tick, Array.from({ length: n }, (_, i) => i), coords.subarray(0, n * 2)),
    };
  }

  /** When a worker last sent a fix (ms), or undefined if never. */
  function lastFixOf(workerId: string): number | undefined {
    const i = indexById.get(workerId);
    return i === undefined ? undefined : lastFixAt[i];
  }

  return { apply, onlineCount, lastFixOf, drainRoster, drainFrame, fullFrame };
}

export type WorkerPositions = ReturnType<typeof createWorkerPositions>;
