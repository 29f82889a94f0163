// A grid worker's phone on the device namespace (a real socket.io-client), and what a wall screen
// shows of one worker: his state and the positions it was sent for him.
import type { DeviceClientToServer, DeviceServerToClient } from '../../shared/socketEvents.ts';
import { io, type Socket } from 'socket.io-client';
import { DEVICE_NAMESPACE } from '../../shared/device.ts';
import { decodePositionFrame } from '../../shared/positionFrame.ts';
import { WORKER_STATES, type WorkerState } from '../../shared/protocol.ts';
import { refusalError } from './socketRefusal.ts';
import type { Screen } from './testServer.ts';

export type Phone = Socket<DeviceServerToClient, DeviceClientToServer>;
export type Answer = { ok: true; result: any } | { ok: false; error: { code: string; message: string; details?: unknown } };

export function connectPhone(url: string, token: string): Phone {
  return io(`${url}${DEVICE_NAMESPACE}`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
}
export const send = (phone: Phone, event: keyof DeviceClientToServer, body: unknown): Promise<Answer> =>
  (phone.timeout(20_000).emitWithAck as (e: string, b: unknown) => Promise<Answer>)(event, body);
export const welcomed = (phone: Phone) =>
  new Promise<{ worker: string; gridCode: string }>((resolve, reject) => {
    phone.once('welcome', resolve);
    phone.once('connect_error', (err) => reject(refusalError(err)));
  });
export const refusal = (phone: Phone) => new Promise<Error>((resolve) => phone.once('connect_error', (err) => resolve(refusalError(err))));

/** What a screen shows of one worker: his latest state and every position it was sent for him. */
export function watch(screen: Screen, workerId: string) {
  /** His wire index: in the snapshot's roster, or in a roster delta after it. */
  const index = () => {
    const inSnapshot = screen.snapshots[0]?.workerIds.indexOf(workerId) ?? -1;
    if (inSnapshot >= 0) return inSnapshot;
    for (const r of screen.rosters) if (r.ids.includes(workerId)) return r.from + r.ids.indexOf(workerId);
    return -1;
  };
  return {
    state(): WorkerState | undefined {
      const i = index();
      if (i < 0) return undefined;
      const snapshot = screen.snapshots[0];
      let s: number | undefined = snapshot && i < snapshot.workerIds.length ? new Uint8Array(snapshot.workerStates)[i] : undefined;
      for (const changes of screen.workerStates) for (const [w, state] of changes) if (w === i) s = state;
      return s === undefined ? undefined : WORKER_STATES[s];
    },
    positions(): { lon: number; lat: number }[] {
      const i = index();
      return screen.frames.flatMap((f) => {
        const { indices, coords } = decodePositionFrame(f);
        const k = [...indices].indexOf(i);
        return k >= 0 ? [{ lon: coords[2 * k]!, lat: coords[2 * k + 1]! }] : [];
      });
    },
  };
}
