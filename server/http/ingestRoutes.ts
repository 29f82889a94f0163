// POST /api/v1/events and /api/v1/positions: authenticated by an ingest key (rate-limited per key), validated by the
// shared zod schemas, answered 200 only after the batch is durable.
import { Router } from 'express';
import { jsonBody } from './jsonBody.ts';
import type { z } from 'zod';
import { caseEventBatchSchema, positionBatchSchema, type CaseEventInput, type PositionFixInput, type SourceChannel } from '../../shared/caseEvent.ts';
import type { Metrics } from '../observability/metrics.ts';
import { validationRefusal } from '../../shared/refusal.ts';
import { ApiError } from './apiError.ts';
import { principalOf, type Authorizer } from './authorize.ts';

function parse<S extends z.ZodType>(schema: S, body: unknown, metrics: Metrics): z.infer<S> {
  const result = schema.safeParse(body);
  if (!result.success) {
    metrics.ingestRejected.inc({ code: 'invalid_payload' });
    throw validationRefusal(result.error);
  }
  return result.data;
}

export function ingestRoutes(deps: {
  auth: Authorizer;
  metrics: Metrics;
  /** `scope`: the region the sending key reports on. */
  ingestCases: (events: CaseEventInput[], scope: string, sources: readonly SourceChannel[] | null) => Promise<unknown>;
  ingestPositions: (fixes: PositionFixInput[], scope: string) => Promise<unknown>;
}): Router {
  const router = Router();
  const auth = deps.auth.require(['ingest'], 'an ingest key', 'ingest');
  router.post('/api/v1/events', auth, jsonBody('1mb'), async (req, res) => {
    // an overdue mark is the server's own judgement of a deadline: a source cannot send one
    const overdue = Array.isArray((req.body as { events?: unknown } | null)?.events)
      ? (req.body as { events: { type?: unknown }[] }).events.findIndex((e) => e?.type === 'overdue')
      : -1;
    if (overdue >= 0) {
      const message = "'overdue' is raised by the server itself when a deadline passes; a source cannot send it";
      throw new ApiError(400, 'invalid_payload', `events.${overdue}.type: ${message}`, [{ path: `events.${overdue}.type`, message }]);
    }
    const { events } = parse(caseEventBatchSchema, req.body, deps.metrics);
    res.json(await deps.ingestCases(events, principalOf(res).scope, principalOf(res).sources));
  });
  router.post('/api/v1/positions', auth, jsonBody('4mb'), async (req, res) => {
    const { fixes } = parse(positionBatchSchema, req.body, deps.metrics);
    res.json(await deps.ingestPositions(fixes, principalOf(res).scope));
  });
  return router;
}
