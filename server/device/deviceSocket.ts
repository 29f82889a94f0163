// The device namespace (`/device`): a grid worker's phone connects with its device key and sends
// fixes, heartbeats, patrol starts and ends and case reports, each answered through its ack with the
// result or the HTTP API's error shape. Connecting counts as a heartbeat; a disconnect does not make
// the worker offline at once (a phone in a lift reconnects): missed heartbeats do.
import type { IncomingMessage } from 'node:http';
import type { Namespace, Server, Socket } from 'socket.io';
import { z } from 'zod';
import { aKey } from '../../shared/access.ts';
import {
  DEVICE_NAMESPACE, HEARTBEAT_INTERVAL_MS, deviceReportSchema, heartbeatSchema, patrolSchema, socketFixesSchema,
  type DeviceAck, type DeviceClientToServer, type DeviceServerToClient,
} from '../../shared/device.ts';
import type { Principal } from '../auth/accessKeys.ts';
import type { Admission } from '../auth/admit.ts';
import type { RateLimits } from '../auth/rateLimits.ts';
import { ApiError, storeFailure, storeFailureError, validationError } from '../http/apiError.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Refusals } from '../observability/refusals.ts';
import { guardSocketMessages } from '../push/socketGuard.ts';
import type { DeviceIngest } from './deviceIngest.ts';

const handshakeSchema = z.object({ token: z.string().max(200) });

interface DeviceData {
  principal: Principal;
}
type DeviceSocket = Socket<DeviceClientToServer, DeviceServerToClient, Record<string, never>, DeviceData>;

/** Validates a message body, runs it, and answers the ack: the result, or the error as the HTTP API words it. */
function answer<S extends z.ZodType, T>(schema: S, run: (body: z.infer<S>) => T | Promise<T>, logger: Logger) {
  return (body: unknown, ack: DeviceAck<T>) => {
    if (typeof ack !== 'function') return; // nothing to answer: a message without an ack is dropped
    void (async () => {
      const parsed = schema.safeParse(body ?? {});
      if (!parsed.success) throw validationError(parsed.error);
      return run(parsed.data);
    })().then(
      (result) => ack({ ok: true, result }),
      (err: unknown) => {
        const failure = err instanceof ApiError ? null : storeFailure(err);
        const e = err instanceof ApiError ? err : failure ? storeFailureError(failure, err) : null;
        if (!e) logger.error({ err }, 'device message failed');
        ack({ ok: false, error: e ? { code: e.code, message: e.message, ...(e.details !== undefined && { details: e.details }) } : { code: 'internal', message: 'internal error; the message was not applied' } });
      },
    );
  };
}

export function startDeviceSockets(deps: {
  io: Server;
  admit(token: string, address: string, what: string): Promise<Admission>;
  limits: RateLimits;
  device: DeviceIngest;
  clientAddress(req: IncomingMessage): string;
  refusals?: Refusals;
  metrics: Metrics;
  logger: Logger;
}) {
  const nsp = deps.io.of(DEVICE_NAMESPACE) as unknown as Namespace<DeviceClientToServer, DeviceServerToClient, Record<string, never>, DeviceData>;

  nsp.use((socket, done) => {
    const next = (err?: Error) => {
      if (err) deps.refusals?.socket(DEVICE_NAMESPACE, deps.clientAddress(socket.request), err.message);
      done(err);
    };
    const parsed = handshakeSchema.safeParse(socket.handshake.auth);
    if (!parsed.success) return next(new Error(`bad handshake: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'auth'}: ${i.message}`).join('; ')}`));
    void deps.admit(parsed.data.token, deps.clientAddress(socket.request), 'a device key').then((admission) => {
      if (!admission.ok) return next(new Error(`${admission.code}: ${admission.message}`));
      const p = admission.principal;
      if (p.role !== 'device') return next(new Error(`forbidden: ${aKey(p.role)} ("${p.label}") is no worker's phone: the device namespace needs a device key`));
      try {
        deps.device.workerOf(p);
      } catch (err) {
        return next(new Error(`${(err as ApiError).code}: ${(err as Error).message}`));
      }
      socket.data = { principal: p };
      next();
    }, next);
  });

  nsp.on('connection', (socket: DeviceSocket) => {
    const p = socket.data.principal;
    const { workerId, gridCode } = deps.device.workerOf(p);
    deps.metrics.deviceSockets.inc();
    socket.once('disconnect', () => deps.metrics.deviceSockets.dec());
    guardSocketMessages(socket, deps.limits, deps.logger, deps.clientAddress(socket.request));
    // connecting is a sign of life
    const beat = deps.device.heartbeat(p);
    socket.emit('welcome', { worker: workerId, gridCode, serverTime: beat.serverTime, heartbeatMs: HEARTBEAT_INTERVAL_MS });
    socket.on('fixes', answer(socketFixesSchema, (b) => deps.device.fixes(p, b.fixes), deps.logger));
    socket.on('heartbeat', answer(heartbeatSchema, () => deps.device.heartbeat(p), deps.logger));
    socket.on('patrol', answer(patrolSchema, (b) => deps.device.patrol(p, b), deps.logger));
    socket.on('report', answer(deviceReportSchema, (b) => deps.device.report(p, b), deps.logger));
    deps.logger.debug({ worker: workerId }, 'device connected');
  });

  return nsp;
}
