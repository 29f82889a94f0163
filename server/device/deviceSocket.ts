// The device namespace (`/device`): a grid worker's phone connects with its device key and sends
// fixes, heartbeats, patrol starts and ends and case reports, each answered through its ack with the
// result or the HTTP API's error shape. Connecting counts as a heartbeat; a disconnect does not make
// the worker offline at once (a phone in a lift reconnects): missed heartbeats do.
import { z } from 'zod';
import { aKey } from '../../shared/access.ts';
import {
  DEVICE_NAMESPACE,
  HEARTBEAT_INTERVAL_MS,
  deviceReportSchema,
  heartbeatSchema,
  patrolSchema,
  socketFixesSchema,
  type DeviceAck,
} from '../../shared/device.ts';
import { Refusal, validationRefusal } from '../../shared/refusal.ts';
import type { RateLimits } from '../auth/rateLimits.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { socketAdmission, type SocketAdmissionDeps } from '../push/socketAdmission.ts';
import { guardSocketMessages } from '../push/socketGuard.ts';
import type { DeviceData, DeviceNamespace } from '../push/socketServer.ts';
import { storeFailure, storeFailureRefusal } from '../store/storeFailure.ts';
import type { DeviceIngest } from './deviceIngest.ts';

const handshakeSchema = z.object({ token: z.string().max(200) });

/** Validates a message body, runs it, and answers the ack: the result, or the error as the HTTP API words it. */
function answer<S extends z.ZodType, T>(schema: S, run: (body: z.infer<S>) => T | Promise<T>, logger: Logger) {
  return (body: unknown, ack: DeviceAck<T>) => {
    if (typeof ack !== 'function') return; // nothing to answer: a message without an ack is dropped
    void (async () => {
      const parsed = schema.safeParse(body ?? {});
      if (!parsed.success) throw validationRefusal(parsed.error);
      return run(parsed.data);
    })().then(
      (result) => ack({ ok: true, result }),
      (err: unknown) => {
        const failure = err instanceof Refusal ? null : storeFailure(err);
        const refusal = err instanceof Refusal ? err : failure ? storeFailureRefusal(failure, err) : null;
        if (!refusal) logger.error({ err }, 'device message failed');
        ack({ ok: false, error: refusal ? refusal.body() : { code: 'internal', message: 'internal error; the message was not applied' } });
      },
    );
  };
}

export function startDeviceSockets(
  deps: SocketAdmissionDeps & {
    devices: DeviceNamespace;
    limits: RateLimits;
    device: DeviceIngest;
    metrics: Metrics;
    logger: Logger;
  },
) {
  const nsp = deps.devices;

  nsp.use(
    socketAdmission(DEVICE_NAMESPACE, deps, {
      schema: handshakeSchema,
      what: 'a device key',
      welcome: (_hs, p): DeviceData | Refusal => {
        if (p.role !== 'device')
          return new Refusal('forbidden', `${aKey(p.role)} ("${p.label}") is no worker's phone: the device namespace needs a device key`);
        deps.device.workerOf(p); // throws the refusal of a worker not in the roster
        return { principal: p };
      },
    }),
  );

  nsp.on('connection', (socket) => {
    const p = socket.data.principal;
    const { workerId, gridCode } = deps.device.workerOf(p);
    deps.metrics.deviceSockets.inc();
    socket.once('disconnect', () => deps.metrics.deviceSockets.dec());
    guardSocketMessages(socket, deps.limits, deps.logger, deps.clientAddress(socket.request));
    // connecting is a sign of life
    const beat = deps.device.heartbeat(p);
    socket.emit('welcome', { worker: workerId, gridCode, serverTime: beat.serverTime, heartbeatMs: HEARTBEAT_INTERVAL_MS });
    socket.on(
      'fixes',
      answer(socketFixesSchema, (b) => deps.device.fixes(p, b.fixes), deps.logger),
    );
    socket.on(
      'heartbeat',
      answer(heartbeatSchema, () => deps.device.heartbeat(p), deps.logger),
    );
    socket.on(
      'patrol',
      answer(patrolSchema, (b) => deps.device.patrol(p, b), deps.logger),
    );
    socket.on(
      'report',
      answer(deviceReportSchema, (b) => deps.device.report(p, b), deps.logger),
    );
    deps.logger.debug({ worker: workerId }, 'device connected');
  });

  return nsp;
}
