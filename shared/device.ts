// The grid-worker device API: what a worker's phone app sends (zod) and is answered, over the
// Socket.IO namespace `/device` or the REST equivalent under /api/v1/device. The phone holds a device
// key bound to its worker, so no message names a worker: every fix, heartbeat, patrol and report is
// his. A phone that was out of coverage uploads its backlog of fixes in batches; fixes older than
// LIVE_FIX_AGE_MS go to the worker's track only, never onto the live map.
import { z } from 'zod';
import { CATEGORY_CODES } from './categories.ts';
import { EARLIEST_INSTANT, MAX_PHOTOS, URGENCIES, freeText, lonLatSchema, photoRef } from './caseEvent.ts';

export const DEVICE_NAMESPACE = '/device';
/** A fix older than this (against the server's clock) is history: it goes to the track, not the live map. */
export const LIVE_FIX_AGE_MS = 2 * 60_000;
/** How often a phone should send a heartbeat while its app runs. */
export const HEARTBEAT_INTERVAL_MS = 30_000;
/** Fixes in one HTTP upload (1 MB): over an hour of one fix a second. */
export const MAX_DEVICE_FIXES = 5000;
/** Fixes in one socket message: a socket message is at most 16 KB (the server closes a socket that sends more), so a phone sends its backlog in chunks (a fix as phones write it is up to ~120 bytes). */
export const MAX_SOCKET_FIXES = 100;

const instant = z.iso
  .datetime({ offset: true, message: 'an ISO 8601 time with its offset, e.g. 2026-11-24T10:00:00+08:00' })
  .refine((v) => Date.parse(v) >= Date.parse(EARLIEST_INSTANT), `before ${EARLIEST_INSTANT}: not a time this system can have seen`);
const clientId = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'letters, digits and _ . : - only (at most 40)');

export const deviceFixSchema = z.strictObject({
  ...lonLatSchema.shape,
  at: instant,
  /** The fix's horizontal accuracy in metres, as the phone reports it. */
  accuracy: z.number().min(0).max(10_000).optional(),
});
export type DeviceFix = z.infer<typeof deviceFixSchema>;

export const deviceFixesSchema = z.strictObject({
  fixes: z.array(deviceFixSchema).min(1).max(MAX_DEVICE_FIXES),
});
export const socketFixesSchema = z.strictObject({
  fixes: z
    .array(deviceFixSchema)
    .min(1)
    .max(MAX_SOCKET_FIXES, `at most ${MAX_SOCKET_FIXES} fixes a message on the socket (send a backlog in chunks, or over HTTP: up to ${MAX_DEVICE_FIXES})`),
});

export const heartbeatSchema = z.strictObject({
  /** The phone's clock when it sent this (used to tell its clock's error; the server's clock decides). */
  at: instant.optional(),
  /** Battery level 0–100, for the operators. */
  battery: z.number().min(0).max(100).optional(),
});

export const patrolSchema = z.strictObject({
  action: z.enum(['start', 'stop']),
  at: instant,
});
export type PatrolInput = z.infer<typeof patrolSchema>;

/** A case the worker found on patrol (the phone makes `reportId` once, so a resend is the same case). */
export const deviceReportSchema = z.strictObject({
  reportId: clientId,
  at: instant,
  category: z.enum(CATEGORY_CODES),
  urgency: z.enum(URGENCIES).default('ordinary'),
  summary: freeText(500).pipe(z.string().min(1)),
  location: lonLatSchema,
  photos: z.array(photoRef).min(1).max(MAX_PHOTOS).optional(),
});
export type DeviceReport = z.infer<typeof deviceReportSchema>;

export interface FixesAnswer {
  /** Fixes taken (the live one and the history; not those after the patrol's end). */
  accepted: number;
  /** Of them, put on the live map (at most one: the newest recent one). */
  live: number;
  /** Stored to the worker's track (sampled one per 30 s). */
  tracked: number;
  /** Dropped: taken after the worker ended his patrol (an off-duty worker is not tracked). */
  offDuty: number;
}
export interface ReportAnswer {
  caseId: string;
  /** false: this report was stored before (a resend). */
  created: boolean;
}
export interface HeartbeatAnswer {
  /** The server's clock (ms), so the app can tell its own clock's error. */
  serverTime: number;
  /** Send the next heartbeat within this many ms. */
  nextInMs: number;
}

/** Every answer: ok with the result, or the same error shape as the HTTP API. */
export type DeviceAck<T> = (answer: { ok: true; result: T } | { ok: false; error: { code: string; message: string; details?: unknown } }) => void;

/**
 * A grid worker's phone said something that is not a position: it is alive (a heartbeat), or its
 * worker started or ended a patrol. Latest wins, like positions.
 */
export interface WorkerSignal {
  workerId: string;
  /** The worker's assigned grid (his device key's). */
  gridCode: string;
  kind: 'heartbeat' | 'patrol_start' | 'patrol_stop';
  /** When (ms): the server's clock for a heartbeat, the phone's for a patrol. */
  at: number;
}
