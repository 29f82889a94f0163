// POST /api/v1/events and /api/v1/positions (server/http/ingestRoutes.ts): the bodies are the very
// zod schemas the routes validate with (shared/caseEvent.ts).
import { MAX_EVENTS_PER_BATCH, MAX_FIXES_PER_BATCH, caseEventBatchSchema, positionBatchSchema } from '../../../../shared/caseEvent.ts';
import type { CaseIngestResult } from '../../../ingest/caseIngest.ts';
import { json, keyed, type PathGroup } from '../common.ts';
import { BODY_ERRORS, STORE_ERRORS, mergeErrors } from '../errors.ts';
import { openapi, z, type Agrees } from '../zod.ts';

/** The example batch of docs/http-api.md: one report on a grid, one by location. Posted as it is by tests/integration/openapi.test.ts. */
export const EVENTS_EXAMPLE = {
  events: [
    {
      eventId: 'C1:1',
      caseId: 'C1',
      type: 'reported',
      at: '2026-11-23T10:00:00+08:00',
      gridCode: '120101001008003',
      category: 'appearance.garbage',
      urgency: 'ordinary',
      source: 'hotline_12345',
      summary: '小区门口垃圾堆放',
    },
    {
      eventId: 'C2:1',
      caseId: 'C2',
      type: 'reported',
      at: '2026-11-23T10:01:00+08:00',
      location: { lon: 117.2, lat: 39.13 },
      category: 'facility.manhole',
      urgency: 'urgent',
      source: 'photo_app',
      summary: '井盖破损',
    },
  ],
};

/** What `{"events": []}` is answered (the paths and code; the message is zod's). Checked against the server by the test. */
export const EMPTY_BATCH_ERROR = {
  error: {
    code: 'invalid_payload',
    message: 'events: Too small: expected array to have >=1 items',
    details: [{ path: 'events', message: 'Too small: expected array to have >=1 items' }],
  },
};

export const POSITIONS_EXAMPLE = {
  fixes: [{ workerId: 'W120101001008003', lon: 117.2, lat: 39.13, at: '2026-11-23T10:00:00+08:00' }],
};

const CaseEventBatch = openapi(caseEventBatchSchema, 'CaseEventBatch', {
  description: `1–${MAX_EVENTS_PER_BATCH} case events, stored as one transaction (all or nothing). Each event is one of the types of the case lifecycle (docs/http-api.md, "Case events"); \`overdue\` is raised by the server only and refused here.`,
});
const PositionBatch = openapi(positionBatchSchema, 'PositionBatch', {
  description: `1–${MAX_FIXES_PER_BATCH} worker position fixes; \`gridCode\` is the worker's assigned grid, or, if absent, the grid he stands in.`,
});

const IngestResult = z
  .strictObject({
    stored: z.number().int().min(0).openapi({ description: 'events newly stored' }),
    duplicates: z.array(z.string()).openapi({ description: 'event ids already stored with the same content (a retry): stored once, shown once' }),
    lastSeq: z
      .number()
      .int()
      .min(1)
      .optional()
      .openapi({ description: 'the log sequence number of the last stored event; absent when nothing new was stored' }),
  })
  .openapi('IngestResult');
const _ingestResult: Agrees<typeof IngestResult, CaseIngestResult> = true;

const PositionResult = z
  .strictObject({
    accepted: z.number().int().min(0).openapi({ description: 'fixes taken (latest wins on the map)' }),
    sampled: z.number().int().min(0).openapi({ description: "fixes stored to the workers' tracks (one per worker per 30 s; 0 while the store cannot write)" }),
  })
  .openapi('PositionResult');

export const ingestPaths: PathGroup = {
  tag: { name: 'Ingest', description: 'Case events and worker positions from the sources (hotline, photo app, departments, the simulator): an ingest key.' },
  register(r) {
    r.registerPath(
      keyed(['ingest'], {
        method: 'post',
        path: '/api/v1/events',
        tags: ['Ingest'],
        operationId: 'postEvents',
        summary: 'Post a batch of case events',
        description:
          'Answered 200 only once the batch is durable. The same event id twice is stored and shown once (`duplicates`); a different event under a stored id is refused. An ingest key bound to channels (`sources`) may only post reports carrying one of them. Body at most 1 MB.',
        request: { body: { required: true, ...json(CaseEventBatch, EVENTS_EXAMPLE) } },
        responses: { 200: { description: 'Stored durably (or already stored).', ...json(IngestResult, { stored: 2, duplicates: [], lastSeq: 2 }) } },
        errors: mergeErrors(BODY_ERRORS, STORE_ERRORS, {
          400: ['future_timestamp'],
          403: ['wrong_source', 'outside_scope'],
          409: ['unknown_case', 'case_exists', 'illegal_transition', 'out_of_order', 'stale_version', 'event_id_reused', 'version_conflict'],
          422: ['deadline_in_past', 'unknown_grid', 'outside_city', 'unknown_department'],
        }),
        errorExamples: { 400: EMPTY_BATCH_ERROR },
      }),
    );

    r.registerPath(
      keyed(['ingest'], {
        method: 'post',
        path: '/api/v1/positions',
        tags: ['Ingest'],
        operationId: 'postPositions',
        summary: 'Post a batch of worker position fixes',
        description: 'Latest wins on the live map; one fix per worker per 30 s is kept as his track. Body at most 4 MB.',
        request: { body: { required: true, ...json(PositionBatch, POSITIONS_EXAMPLE) } },
        responses: { 200: { description: 'Taken.', ...json(PositionResult, { accepted: 1, sampled: 1 }) } },
        errors: mergeErrors(BODY_ERRORS, { 400: ['future_timestamp'], 403: ['outside_scope'], 422: ['unknown_grid', 'outside_city'] }),
      }),
    );
  },
};
