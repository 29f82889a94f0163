// What monitoring and every screen read before anything else (server/app.ts, server/http/wallPages.ts):
// no key, counts only, nothing about a case or a person — keep them to the hall's network.
import type { BusStatus } from '../../../bus/bus.ts';
import type { WebhooksStatus } from '../../../webhooks/webhooks.ts';
import { json, open, type PathGroup } from '../common.ts';
import { CalendarStatusSchema } from './calendar.ts';
import { z, type Agrees } from '../zod.ts';

const TAG = 'Service';

const Bus = z.strictObject({
  kind: z.enum(['memory', 'redis']),
  node: z.string(),
  connected: z.boolean(),
  applied: z.number().int().optional().openapi({ description: 'redis: the seq of the last case event applied here' }),
  behind: z.boolean().optional().openapi({ description: 'redis: the log could not be read since the last catch-up' }),
});
const _bus: Agrees<typeof Bus, BusStatus> = true;

const Webhooks = z.strictObject({
  delivering: z.boolean().openapi({ description: 'whether this node is the one delivering' }),
  endpoints: z.array(
    z.strictObject({
      id: z.string(),
      cursor: z.number().int().nullable().openapi({ description: 'the last log position dealt with (null until this node has read it)' }),
      delivered: z.number().int(),
      gaveUp: z.number().int(),
      failing: z
        .strictObject({ deliveryId: z.string(), type: z.string(), since: z.string(), attempts: z.number().int(), lastError: z.string() })
        .nullable()
        .openapi({ description: 'the alert being retried, while the receiver fails' }),
    }),
  ),
});
const _webhooks: Agrees<typeof Webhooks, WebhooksStatus> = true;

const Health = z
  .strictObject({
    status: z.enum(['ok', 'degraded']).openapi({ description: '`degraded`: cut off from the other nodes (it still serves)' }),
    seq: z.number().int().openapi({ description: 'the last case event folded into the projections' }),
    node: z.string(),
    bus: Bus,
    calendar: CalendarStatusSchema.openapi({ description: 'how far the official holiday schedules reach; `warning` from 30 days before they end' }),
    webhooks: Webhooks.optional().openapi({ description: 'where webhooks are configured: their delivery' }),
  })
  .openapi('Health');

export const servicePaths: PathGroup = {
  tag: { name: TAG, description: "Health, metrics and the screens' settings: no key (counts only; nothing about a case or a person)." },
  register(r) {
    r.registerPath(
      open({
        method: 'get',
        path: '/healthz',
        tags: [TAG],
        operationId: 'health',
        summary: 'Liveness',
        responses: {
          200: {
            description: 'Serving.',
            ...json(Health, {
              status: 'ok',
              seq: 1234,
              node: 'gridwall-1',
              bus: { kind: 'memory', node: 'gridwall-1', connected: true },
              calendar: {
                years: [
                  {
                    year: 2026,
                    source: '国务院办公厅关于2026年部分节假日安排的通知',
                    origin: 'config',
                    loadedAt: null,
                    loadedBy: null,
                    holidays: 19,
                    workdays: 6,
                  },
                ],
                coveredThrough: '2026-12-31',
                provisionalFrom: '2027-01-01',
                warning: null,
              },
            }),
          },
        },
      }),
    );
    r.registerPath(
      open({
        method: 'get',
        path: '/metrics',
        tags: [TAG],
        operationId: 'metrics',
        summary: 'Prometheus metrics',
        description:
          "prom-client's text format: ingest counters and latency, screens connected, refusals (`gridwall_requests_refused_total{status,code}`), process metrics.",
        responses: { 200: { description: 'The metrics.', content: { 'text/plain': { schema: z.string() } } } },
      }),
    );
    r.registerPath(
      open({
        method: 'get',
        path: '/config.json',
        tags: [TAG],
        operationId: 'screenConfig',
        summary: 'What every screen needs before it draws',
        responses: {
          200: {
            description: 'The map style (null: the built-in offline base map).',
            ...json(z.strictObject({ mapStyleUrl: z.string().nullable() }).openapi('ScreenConfig'), { mapStyleUrl: null }),
          },
        },
      }),
    );
  },
};
