// The device API over HTTP, for phones that cannot hold a socket (or send from a background task):
// the same messages as the `/device` namespace, with a device key, answered like the rest of the API.
import { Router } from 'express';
import type { z } from 'zod';
import { HEARTBEAT_INTERVAL_MS, deviceFixesSchema, deviceReportSchema, heartbeatSchema, patrolSchema } from '../../shared/device.ts';
import { validationRefusal } from '../../shared/refusal.ts';
import { principalOf, type Authorizer } from '../http/authorize.ts';
import { jsonBody } from '../http/jsonBody.ts';
import type { DeviceIngest } from './deviceIngest.ts';

function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw validationRefusal(parsed.error);
  return parsed.data;
}

export function deviceRoutes(deps: { auth: Authorizer; device: DeviceIngest }): Router {
  const router = Router();
  const auth = deps.auth.require(['device'], 'a device key', 'ingest');
  const { device } = deps;

  router.get('/api/v1/device/me', auth, (_req, res) => {
    const p = principalOf(res);
    const { workerId, gridCode } = device.workerOf(p);
    res.json({ worker: workerId, gridCode, scope: p.scope, serverTime: Date.now(), heartbeatMs: HEARTBEAT_INTERVAL_MS });
  });
  router.post('/api/v1/device/fixes', auth, jsonBody('1mb'), async (req, res) => {
    res.json(await device.fixes(principalOf(res), parse(deviceFixesSchema, req.body).fixes));
  });
  router.post('/api/v1/device/heartbeat', auth, jsonBody('4kb'), (req, res) => {
    parse(heartbeatSchema, req.body);
    res.json(device.heartbeat(principalOf(res)));
  });
  router.post('/api/v1/device/patrol', auth, jsonBody('4kb'), (req, res) => {
    res.json(device.patrol(principalOf(res), parse(patrolSchema, req.body)));
  });
  router.post('/api/v1/device/reports', auth, jsonBody('64kb'), async (req, res) => {
    const answer = await device.report(principalOf(res), parse(deviceReportSchema, req.body));
    res.status(answer.created ? 201 : 200).json(answer);
  });
  return router;
}
