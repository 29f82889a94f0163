// Grid workers' phones: a device key per worker; the `/device` namespace and its HTTP twin over one
// ingest (deviceIngest.ts), whose fixes take the positions' road and whose reports take the cases'.
import type { Access } from '../auth/access.ts';
import type { Bus } from '../bus/bus.ts';
import type { Geography } from '../geo/geography.ts';
import type { Authorizer } from '../http/authorize.ts';
import type { Ingest } from '../ingest/ingest.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { DeviceNamespace } from '../push/socketServer.ts';
import type { Stores } from '../store/stores.ts';
import type { IncomingMessage } from 'node:http';
import { createDeviceIngest, type WorkerWhereabouts } from './deviceIngest.ts';
import { deviceRoutes } from './deviceRoutes.ts';
import { startDeviceSockets } from './deviceSocket.ts';

export function startDevice(deps: {
  stores: Pick<Stores, 'tracks'>;
  bus: Bus;
  ingest: Ingest;
  /** Where each worker's patrol and newest fix stand (the worker projection). */
  workers: WorkerWhereabouts;
  geography: Pick<Geography, 'rosterGrid'>;
  devices: DeviceNamespace;
  access: Pick<Access, 'admit' | 'limits' | 'refusals'>;
  clientAddress(req: IncomingMessage): string;
  metrics: Metrics;
  logger: Logger;
}) {
  const { access, metrics, logger } = deps;
  const device = createDeviceIngest({
    tracks: deps.stores.tracks,
    bus: deps.bus,
    caseIngest: deps.ingest.cases,
    workers: deps.workers,
    assignedGrid: deps.geography.rosterGrid,
    ingestLiveFixes: deps.ingest.positions,
    metrics,
  });
  startDeviceSockets({
    devices: deps.devices,
    admit: access.admit,
    limits: access.limits,
    refusals: access.refusals,
    clientAddress: deps.clientAddress,
    device,
    metrics,
    logger,
  });
  return {
    /** The same over HTTP (/api/v1/device). */
    routes: (auth: Authorizer) => deviceRoutes({ auth, device }),
  };
}
