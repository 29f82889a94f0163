// Latest position of every worker, kept in typed arrays by wire index; tracks which workers moved
// since the last frame, which ids joined the roster since the last roster delta, and each worker's
// state (patrolling / idle / offline / off duty, workerStates.ts) as last sent. Phones on the device
// API also send heartbeats and patrol starts and ends (signals): a worker whose phone beats is judged
// by his last sign of life with the heartbeat timeout.
import type { PositionFix } from '../../shared/caseEvent.ts';
import { encodePositionFrame } from '../../shared/positionFrame.ts';
import type { RosterDelta } from '../../shared/protocol.ts';
import type { WorkerSignal } from '../../shared/device.ts';
import { HEARTBEAT_TIMEOUT_MS, OFFLINE, OFF_DUTY, classifyWorker, leavesAnchor } from './workerStates.ts';

export const ONLINE_WINDOW_MS = 5 * 60_000;

/** A typed array twice as long, holding the old one's values first and `fill` after. */
function doubled<T extends Float32Array | Float64Array | Uint8Array>(a: T, fill = 0): T {
  const out = new (a.constructor as new (length: number) => T)(a.length * 2);
  out.fill(fill, a.length);
  out.set(a);
  return out;
}

/** `heartbeatTimeoutMs`: a phone that beats is offline once this passes without a heartbeat or a fix. */
export function createWorkerPositions(opts: { heartbeatTimeoutMs?: number } = {}) {
  const heartbeatTimeoutMs = opts.heartbeatTimeoutMs ?? HEARTBEAT_TIMEOUT_MS;
  const ids: string[] = [];
  /** Each worker's assigned grid (from his latest fix): the scope his position belongs to. */
  const gridOf: string[] = [];
  const indexById = new Map<string, number>();
  let coords = new Float32Array(1024 * 2);
  let lastFixAt = new Float64Array(1024);
  /** Where each worker last stopped (lon, lat) and since when he has stayed near it. */
  let anchor = new Float64Array(1024 * 2);
  let stillSince = new Float64Array(1024);
  /** Each worker's state as last drained (an index in WORKER_STATES); new workers start offline. */
  let state = new Uint8Array(1024).fill(OFFLINE);
  const moved = new Set<number>();
  /** Workers whose phone sends heartbeats: the last one (ms). Kept by id: a phone may beat before its first fix. */
  const heartbeatAt = new Map<string, number>();
  /** Workers whose phone last said their patrol: when, and whether it ended. */
  const patrol = new Map<string, { at: number; ended: boolean }>();
  let rosterSent = 0;
  let tick = 0;

  function indexFor(workerId: string): number {
    let i = indexById.get(workerId);
    if (i === undefined) {
      i = ids.length;
      ids.push(workerId);
      indexById.set(workerId, i);
      if (i >= lastFixAt.length) {
        coords = doubled(coords);
        lastFixAt = doubled(lastFixAt);
        anchor = doubled(anchor);
        stillSince = doubled(stillSince);
        state = doubled(state, OFFLINE);
      }
      stillSince[i] = -Infinity; // no anchor yet: the first fix sets it
    }
    return i;
  }

  function apply(fixes: PositionFix[]): void {
    for (const f of fixes) {
      const i = indexFor(f.workerId);
      const at = Date.parse(f.at);
      if (at < lastFixAt[i]!) continue; // an older fix arriving late: latest wins
      lastFixAt[i] = at;
      gridOf[i] = f.gridCode;
      coords[2 * i] = f.lon;
      coords[2 * i + 1] = f.lat;
      if (stillSince[i] === -Infinity || leavesAnchor(anchor[2 * i]!, anchor[2 * i + 1]!, f.lon, f.lat)) {
        anchor[2 * i] = f.lon;
        anchor[2 * i + 1] = f.lat;
        stillSince[i] = at;
      }
      moved.add(i);
    }
  }

  /** Heartbeats, patrol starts and ends of workers' phones (latest wins: an older patrol message is ignored). */
  function signal(signals: readonly WorkerSignal[]): void {
    for (const s of signals) {
      if (s.kind === 'heartbeat') {
        if (s.at > (heartbeatAt.get(s.workerId) ?? -Infinity)) heartbeatAt.set(s.workerId, s.at);
        continue;
      }
      const last = patrol.get(s.workerId);
      if (last && s.at < last.at) continue;
      patrol.set(s.workerId, { at: s.at, ended: s.kind === 'patrol_stop' });
      // a patrol start is a sign of life too (a phone starts beating with it)
      if (s.at > (heartbeatAt.get(s.workerId) ?? -Infinity)) heartbeatAt.set(s.workerId, Math.min(s.at, Date.now()));
    }
  }

  /** The state of wire index i at `now`: his last sign of life within his window (heartbeat or fixes), his patrol. */
  function judge(i: number, now: number): number {
    const id = ids[i]!;
    const beat = heartbeatAt.get(id);
    return beat === undefined
      ? classifyWorker(lastFixAt[i]!, stillSince[i]!, now, ONLINE_WINDOW_MS)
      : classifyWorker(Math.max(beat, lastFixAt[i]!), stillSince[i]!, now, heartbeatTimeoutMs, patrol.get(id)?.ended === true);
  }

  /** Workers online and on duty (patrolling or idle) at `now`, in a scope (a region code prefix; default all). */
  function onlineCount(now: number, scope = ''): number {
    let n = 0;
    for (let i = 0; i < ids.length; i++) {
      if (!gridOf[i]!.startsWith(scope)) continue;
      const s = judge(i, now);
      if (s !== OFFLINE && s !== OFF_DUTY) n += 1;
    }
    return n;
  }

  /** What a worker's phone last said of his patrol (when, by the phone's clock, and whether it ended), if anything. */
  function patrolOf(workerId: string): { at: number; ended: boolean } | undefined {
    return patrol.get(workerId);
  }

  /** Whether a worker counts as online and on duty now (the region drill-down's list). */
  function isOnline(workerId: string, now: number): boolean {
    const i = indexById.get(workerId);
    if (i === undefined) return false;
    const s = judge(i, now);
    return s !== OFFLINE && s !== OFF_DUTY;
  }

  /** Ids added since the previous call, or null when none were. */
  function drainRoster(): RosterDelta | null {
    if (rosterSent === ids.length) return null;
    const delta = { from: rosterSent, ids: ids.slice(rosterSent) };
    rosterSent = ids.length;
    return delta;
  }

  /** The workers that moved since the previous call (wire indices), or null when none did. */
  function drainMoved(): number[] | null {
    if (!moved.size) return null;
    tick += 1;
    const indices = [...moved];
    moved.clear();
    return indices;
  }

  /** A binary frame of these workers' positions, keeping those whose grid is in the scope. */
  function frameOf(indices: readonly number[], scope = ''): ArrayBuffer | null {
    const kept = scope ? indices.filter((i) => gridOf[i]!.startsWith(scope)) : indices;
    if (!kept.length) return null;
    const out = new Float32Array(kept.length * 2);
    kept.forEach((i, k) => {
      out[2 * k] = coords[2 * i]!;
      out[2 * k + 1] = coords[2 * i + 1]!;
    });
    return encodePositionFrame(tick, kept, out);
  }

  /**
   * The roster as a scope may see it: the wire indices stay global, but the id of a worker outside
   * the scope is blanked (''), so a district wall learns nothing of another district's workers.
   */
  function rosterFor(delta: RosterDelta, scope = ''): RosterDelta {
    return scope ? { from: delta.from, ids: delta.ids.map((id, k) => (gridOf[delta.from + k]!.startsWith(scope) ? id : '')) } : delta;
  }

  /** The scope's workers' positions, for a snapshot. The roster it implies is `ids` up to rosterSent. */
  function fullFrame(scope = ''): { ids: string[]; frame: ArrayBuffer } {
    const n = rosterSent;
    const all = Array.from({ length: n }, (_, i) => i);
    return { ids: rosterFor({ from: 0, ids: ids.slice(0, n) }, scope).ids, frame: frameOf(all, scope) ?? encodePositionFrame(tick, [], []) };
  }

  /**
   * Re-judges every worker at `now` (offline and idle come with time, not only with fixes); returns
   * the wire indices whose state changed since the previous call, or null when none did.
   */
  function drainStateChanges(now: number): number[] | null {
    const changed: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      const s = judge(i, now);
      if (s !== state[i]) {
        state[i] = s;
        changed.push(i);
      }
    }
    return changed.length ? changed : null;
  }

  /** [wire index, state] of these workers, keeping those whose grid is in the scope. */
  function stateChangesOf(indices: readonly number[], scope = ''): [number, number][] {
    return indices.filter((i) => !scope || gridOf[i]!.startsWith(scope)).map((i) => [i, state[i]!]);
  }

  /** One byte per wire index of the roster sent so far: the scope's workers' states, the others offline. */
  function stateBytes(scope = ''): ArrayBuffer {
    const out = new Uint8Array(rosterSent).fill(OFFLINE);
    for (let i = 0; i < rosterSent; i++) if (!scope || gridOf[i]!.startsWith(scope)) out[i] = state[i]!;
    return out.buffer;
  }

  /** A worker's grid as his latest fix gave it, or undefined if he never sent one. */
  function gridOfWorker(workerId: string): string | undefined {
    const i = indexById.get(workerId);
    return i === undefined ? undefined : gridOf[i];
  }

  /** When a worker last sent a fix (ms), or undefined if never. */
  function lastFixOf(workerId: string): number | undefined {
    const i = indexById.get(workerId);
    return i === undefined ? undefined : lastFixAt[i];
  }

  return {
    apply,
    signal,
    onlineCount,
    isOnline,
    patrolOf,
    lastFixOf,
    gridOfWorker,
    drainRoster,
    rosterFor,
    drainMoved,
    frameOf,
    fullFrame,
    drainStateChanges,
    stateChangesOf,
    stateBytes,
  };
}

export type WorkerPositions = ReturnType<typeof createWorkerPositions>;
