// The grid workers' phones over HTTP (server/device/deviceRoutes.ts): a device key bound to one
// worker, the bodies of shared/device.ts. The same messages go over the `/device` socket namespace.
import {
  HEARTBEAT_INTERVAL_MS,
  MAX_DEVICE_FIXES,
  deviceFixesSchema,
  deviceReportSchema,
  heartbeatSchema,
  patrolSchema,
  type FixesAnswer,
  type HeartbeatAnswer,
  type ReportAnswer,
} from '../../../../shared/device.ts';
import { json, keyed, type PathGroup } from '../common.ts';
import { BODY_ERRORS, STORE_ERRORS, mergeErrors } from '../errors.ts';
import { openapi, z, type Agrees } from '../zod.ts';

const TAG = 'Device';
/** Every device operation: a key whose worker has left the roster is refused. */
const WORKER_ERRORS = { 403: ['unknown_worker'] } as const;

const DeviceMe = z
  .strictObject({
    worker: z.string().openapi({ example: 'W120101001008003' }),
    gridCode: z.string().openapi({ description: 'his assigned grid', example: '120101001008003' }),
    scope: z.string().openapi({ description: 'the region the key reports in (his street unless narrowed)', example: '120101001' }),
    serverTime: z.number().int().openapi({ description: 'the server clock, epoch ms' }),
    heartbeatMs: z.number().int().openapi({ example: HEARTBEAT_INTERVAL_MS }),
  })
  .openapi('DeviceMe');

const FixesResult = z
  .strictObject({
    accepted: z.number().int().openapi({ description: "fixes taken (not those after his patrol's end)" }),
    live: z.number().int().openapi({ description: 'of them, put on the live map: at most one, the newest, under 2 minutes old' }),
    tracked: z.number().int().openapi({ description: 'stored to his track (one per 30 s)' }),
    offDuty: z.number().int().openapi({ description: 'dropped: taken after his patrol ended' }),
  })
  .openapi('DeviceFixesResult');
const _fixes: Agrees<typeof FixesResult, FixesAnswer> = true;

const HeartbeatResult = z
  .strictObject({
    serverTime: z.number().int().openapi({ description: "the server clock, epoch ms (for the phone's clock error)" }),
    nextInMs: z.number().int().openapi({ description: 'send the next heartbeat within this many ms', example: HEARTBEAT_INTERVAL_MS }),
  })
  .openapi('HeartbeatResult');
const _heartbeat: Agrees<typeof HeartbeatResult, HeartbeatAnswer> = true;

const PatrolResult = z.strictObject({ onPatrol: z.boolean() }).openapi('PatrolResult');

const ReportResult = z
  .strictObject({
    caseId: z.string().openapi({ example: 'D-W120101001008003-r-0001' }),
    created: z.boolean().openapi({ description: 'false: this report was stored before (a resend)' }),
  })
  .openapi('DeviceReportResult');
const _report: Agrees<typeof ReportResult, ReportAnswer> = true;

export const devicePaths: PathGroup = {
  tag: {
    name: TAG,
    description:
      "A grid worker's phone: a device key bound to him (`keys create device --worker <id>`). No message names a worker: everything is the key's worker's. docs/device-api.md.",
  },
  register(r) {
    r.registerPath(
      keyed(['device'], {
        method: 'get',
        path: '/api/v1/device/me',
        tags: [TAG],
        operationId: 'deviceMe',
        summary: 'Who this phone reports for',
        responses: { 200: { description: "The key's worker, his grid and the heartbeat interval.", ...json(DeviceMe) } },
        errors: WORKER_ERRORS,
      }),
    );
    r.registerPath(
      keyed(['device'], {
        method: 'post',
        path: '/api/v1/device/fixes',
        tags: [TAG],
        operationId: 'deviceFixes',
        summary: 'Upload fixes (live, or a backlog)',
        description: `1–${MAX_DEVICE_FIXES} fixes in any order (1 MB). Only the newest, if under 2 minutes old and newer than where the map has him, goes to the live map; the rest is his track.`,
        request: {
          body: {
            required: true,
            ...json(openapi(deviceFixesSchema, 'DeviceFixes'), { fixes: [{ lon: 117.20077, lat: 39.13029, at: '2026-11-23T10:00:00+08:00', accuracy: 8 }] }),
          },
        },
        responses: { 200: { description: 'Taken.', ...json(FixesResult) } },
        errors: mergeErrors(BODY_ERRORS, STORE_ERRORS, WORKER_ERRORS, {
          400: ['future_timestamp'],
          403: ['outside_scope'],
          422: ['unknown_grid', 'outside_city'],
        }),
      }),
    );
    r.registerPath(
      keyed(['device'], {
        method: 'post',
        path: '/api/v1/device/heartbeat',
        tags: [TAG],
        operationId: 'deviceHeartbeat',
        summary: 'Say the app is alive (every 30 s)',
        request: { body: { ...json(openapi(heartbeatSchema, 'Heartbeat'), { at: '2026-11-23T10:00:00+08:00', battery: 80 }) } },
        responses: { 200: { description: 'The server clock and when to send the next one.', ...json(HeartbeatResult) } },
        errors: mergeErrors(BODY_ERRORS, WORKER_ERRORS),
      }),
    );
    r.registerPath(
      keyed(['device'], {
        method: 'post',
        path: '/api/v1/device/patrol',
        tags: [TAG],
        operationId: 'devicePatrol',
        summary: 'Start or end a patrol',
        description:
          "With the phone's time: a start queued offline and sent after a newer end changes nothing. After an end the worker is off duty on the wall.",
        request: { body: { required: true, ...json(openapi(patrolSchema, 'Patrol'), { action: 'start', at: '2026-11-23T08:00:00+08:00' }) } },
        responses: { 200: { description: 'Whether he is on patrol now.', ...json(PatrolResult) } },
        errors: mergeErrors(BODY_ERRORS, WORKER_ERRORS, { 400: ['future_timestamp'] }),
      }),
    );
    r.registerPath(
      keyed(['device'], {
        method: 'post',
        path: '/api/v1/device/reports',
        tags: [TAG],
        operationId: 'deviceReport',
        summary: 'Report a case found on patrol',
        description: "The phone makes `reportId` once, so a resend is the same case (200, `created: false`). Source `grid_worker`, within his key's scope.",
        request: {
          body: {
            required: true,
            ...json(openapi(deviceReportSchema, 'DeviceReport'), {
              reportId: 'r-0001',
              at: '2026-11-23T10:00:00+08:00',
              category: 'appearance.garbage',
              summary: '小区门口垃圾堆放',
              location: { lon: 117.20077, lat: 39.13029 },
            }),
          },
        },
        responses: {
          201: { description: 'A new case.', ...json(ReportResult) },
          200: { description: 'A resend of a stored report.', ...json(ReportResult) },
        },
        errors: mergeErrors(BODY_ERRORS, STORE_ERRORS, WORKER_ERRORS, {
          400: ['future_timestamp'],
          403: ['outside_scope', 'wrong_source'],
          409: ['case_exists', 'event_id_reused', 'version_conflict'],
          422: ['outside_city', 'deadline_in_past'],
        }),
      }),
    );
  },
};
