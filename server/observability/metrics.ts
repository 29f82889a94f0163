// Prometheus metrics of one server instance (a registry per instance so tests can run several).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    caseEventsIngested: new Counter({ name: 'gridwall_case_events_ingested_total', help: 'Case events stored', registers: [registry] }),
    caseEventsDuplicate: new Counter({ name: 'gridwall_case_events_duplicate_total', help: 'Case events skipped as already stored', registers: [registry] }),
    ingestRejected: new Counter({ name: 'gridwall_ingest_rejected_total', help: 'Ingest requests refused', labelNames: ['code'], registers: [registry] }),
    positionFixes: new Counter({ name: 'gridwall_position_fixes_total', help: 'Worker position fixes accepted', registers: [registry] }),
    deviceFixes: new Counter({
      name: 'gridwall_device_fixes_total',
      help: "Fixes from workers' phones by road: live (the map), track (history of a backlog), off_duty (dropped: after the patrol's end)",
      labelNames: ['road'],
      registers: [registry],
    }),
    deviceSockets: new Gauge({ name: 'gridwall_device_sockets', help: "Workers' phones connected to this node", registers: [registry] }),
    ingestSeconds: new Histogram({
      name: 'gridwall_case_ingest_seconds',
      help: 'Time to validate and commit a case batch',
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1],
      registers: [registry],
    }),
    screensConnected: new Gauge({ name: 'gridwall_screens_connected', help: 'Wall screens connected', registers: [registry] }),
    requestsRefused: new Counter({
      name: 'gridwall_requests_refused_total',
      help: 'HTTP requests refused (4xx), by status and error code',
      labelNames: ['status', 'code'],
      registers: [registry],
    }),
    socketsRefused: new Counter({
      name: 'gridwall_sockets_refused_total',
      help: 'Socket handshakes refused, by namespace and reason',
      labelNames: ['namespace', 'code'],
      registers: [registry],
    }),
    busEvents: new Counter({
      name: 'gridwall_bus_events_total',
      help: "Committed case events applied to this node's projections, by road: local (its own commits), stream (Redis), store (read from the log: a gap or a catch-up)",
      labelNames: ['road'],
      registers: [registry],
    }),
    screensSkipped: new Counter({
      name: 'gridwall_screens_skipped_total',
      help: 'Times a screen with a full socket buffer was skipped on the ticks (it gets a fresh state once drained)',
      registers: [registry],
    }),
    // webhooks out (server/webhooks/): on the node that delivers
    webhookDeliveries: new Counter({
      name: 'gridwall_webhook_deliveries_total',
      help: "Webhook alerts by endpoint and outcome: delivered (a 2xx), gave_up (not delivered within the endpoint's giveUpAfterMinutes)",
      labelNames: ['endpoint', 'outcome'],
      registers: [registry],
    }),
    webhookAttempts: new Counter({
      name: 'gridwall_webhook_attempts_total',
      help: 'Webhook requests by endpoint and result: ok, http_4xx, http_5xx, http_3xx, timeout, network',
      labelNames: ['endpoint', 'result'],
      registers: [registry],
    }),
    webhookBacklogEvents: new Gauge({
      name: 'gridwall_webhook_backlog_events',
      help: "Log events after an endpoint's delivery cursor (alerts or not)",
      labelNames: ['endpoint'],
      registers: [registry],
    }),
    webhookLagSeconds: new Gauge({
      name: 'gridwall_webhook_lag_seconds',
      help: 'How long the alert an endpoint is being sent has waited since it was recorded (0: caught up)',
      labelNames: ['endpoint'],
      registers: [registry],
    }),
    webhookDelivering: new Gauge({
      name: 'gridwall_webhook_delivering',
      help: '1 on the node that delivers webhooks (holds the lease), else 0',
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
