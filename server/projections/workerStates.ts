// A worker's state on the map, decided on the server from his fixes:
//   offline     no fix for ONLINE_WINDOW_MS (5 minutes): the phone is off or out of coverage
//   idle        online, but every fix of the last IDLE_AFTER_MS (3 minutes) lies within
//               IDLE_RADIUS_M (30 m) of where he stopped: standing still (a phone's fix wanders
//               by ten metres or so, hence the radius)
//   patrolling  otherwise
//   off_duty    his phone (the device API) is alive but he ended his patrol: not tracked, not counted online
// A worker whose phone sends heartbeats (the device API) is alive while they come: offline once
// HEARTBEAT_TIMEOUT_MS passes without a heartbeat or a fix (three missed beats), not five minutes.
// "Where he stopped" is an anchor: the first fix that left the circle around the previous anchor.
// Offline and idle happen by the passage of time, so the position tick re-judges every worker.
import { WORKER_STATES, type WorkerState } from '../../shared/protocol.ts';

export const IDLE_RADIUS_M = 30;
export const IDLE_AFTER_MS = 3 * 60_000;
export const PATROLLING = WORKER_STATES.indexOf('patrolling');
export const IDLE = WORKER_STATES.indexOf('idle');
export const OFFLINE = WORKER_STATES.indexOf('offline');
export const OFF_DUTY = WORKER_STATES.indexOf('off_duty');
/** Three missed heartbeats (HEARTBEAT_INTERVAL_MS in shared/device.ts) and the phone is offline. */
export const HEARTBEAT_TIMEOUT_MS = 90_000;

/** Metres between two nearby WGS84 points (equirectangular: exact enough within a grid). */
export function metresBetween(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dx = (lon2 - lon1) * Math.cos(((lat1 + lat2) / 2) * (Math.PI / 180)) * 111_320;
  const dy = (lat2 - lat1) * 110_574;
  return Math.hypot(dx, dy);
}

/** Whether a fix leaves the idle circle around the anchor (and so becomes the new anchor). */
export function leavesAnchor(anchorLon: number, anchorLat: number, lon: number, lat: number): boolean {
  return metresBetween(anchorLon, anchorLat, lon, lat) > IDLE_RADIUS_M;
}

/**
 * The state (an index in WORKER_STATES) of a worker last heard of (a fix, or his phone's heartbeat)
 * at `lastAliveAt`, who has stood within the circle since `stillSince`; `offDuty`: his phone said his
 * patrol ended.
 */
export function classifyWorker(lastAliveAt: number, stillSince: number, now: number, onlineWindowMs: number, offDuty = false): number {
  if (!(now - lastAliveAt <= onlineWindowMs)) return OFFLINE;
  if (offDuty) return OFF_DUTY;
  return now - stillSince >= IDLE_AFTER_MS ? IDLE : PATROLLING;
}

export const stateName = (index: number): WorkerState => WORKER_STATES[index]!;
