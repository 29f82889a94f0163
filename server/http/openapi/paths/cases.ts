// One case's state and history (server/http/caseRoutes.ts): masked for every read key; unmasked,
// with the events as stored, for a leader or admin key asking `?full=true` (audited).
import { FULL_RECORD_ROLES, READ_ROLES } from '../../../../shared/access.ts';
import { SOURCE_CHANNELS, URGENCIES, caseEventSchema } from '../../../../shared/caseEvent.ts';
import type { CaseHistory } from '../../../../shared/caseHistory.ts';
import { CASE_EVENT_TYPES, CASE_STATUSES, ESCALATION_LEVELS } from '../../../../shared/caseLifecycle.ts';
import { caseIdSchema } from '../../../../shared/wallControl.ts';
import { json, keyed, type PathGroup } from '../common.ts';
import { openapi, z, type Agrees } from '../zod.ts';

const TAG = 'Cases';

const place = z.strictObject({ code: z.string(), name: z.string() }).nullable();
const iso = z.string().openapi({ description: 'ISO 8601', example: '2026-11-23T02:00:00.000Z' });
const step = z.strictObject({
  version: z.number().int(),
  type: z.enum(CASE_EVENT_TYPES),
  at: iso,
  recordedAt: iso,
  status: z.enum(CASE_STATUSES),
  who: z.string().nullable().openapi({ description: 'the unit that acted (dispatched to, escalated by), masked' }),
  note: z.string().nullable().openapi({ description: "the event's free text, masked" }),
  sincePreviousMs: z.number().nullable(),
  sinceReportMs: z.number(),
  deadline: iso,
  remainingMs: z.number(),
  escalatedTo: z.enum(ESCALATION_LEVELS).optional(),
  deadlineChange: z.union([z.strictObject({ from: iso, to: iso }), z.strictObject({ passed: iso })]).optional(),
  passed: z.boolean().optional(),
  satisfied: z.boolean().optional(),
  rating: z.number().int().nullable().optional(),
});
const CaseHistorySchema = z
  .strictObject({
    caseId: z.string(),
    status: z.enum(CASE_STATUSES),
    category: z.string(),
    urgency: z.enum(URGENCIES),
    source: z.enum(SOURCE_CHANNELS),
    summary: z.string().openapi({ description: "the report's text, masked (shared/masking.ts)" }),
    gridCode: z.string(),
    place: z.strictObject({ district: place, street: place, community: place, grid: place }),
    reportedAt: iso,
    acceptedAt: iso.nullable(),
    deadline: iso,
    closedAt: iso.nullable(),
    overdue: z.boolean(),
    elapsedMs: z.number(),
    escalation: z.enum(ESCALATION_LEVELS),
    escalations: z.array(z.strictObject({ level: z.enum(ESCALATION_LEVELS), by: z.string(), at: iso })),
    extensions: z.number().int(),
    extensionPending: z.boolean(),
    satisfied: z.boolean().nullable(),
    rating: z.number().int().nullable(),
    steps: z.array(step),
    asOf: iso,
  })
  .openapi('CaseHistory');
const _history: Agrees<typeof CaseHistorySchema, CaseHistory> = true;

const OverdueEvent = z
  .strictObject({
    eventId: z.string(),
    caseId: z.string(),
    type: z.literal('overdue'),
    at: iso,
    caseVersion: z.number().int().optional(),
    deadline: iso,
  })
  .openapi({ description: 'raised by the server when a deadline passed' });
const DefaultClosedEvent = z
  .strictObject({
    eventId: z.string(),
    caseId: z.string(),
    type: z.literal('evaluated'),
    at: iso,
    caseVersion: z.number().int().optional(),
    result: z.literal('satisfied'),
    byDefault: z.literal(true),
  })
  .openapi({ description: 'raised by the server: a verified case nobody rated within the rating window, closed as 默认满意' });
const DeadlineRevisedEvent = z
  .strictObject({
    eventId: z.string(),
    caseId: z.string(),
    type: z.literal('deadline_revised'),
    at: iso,
    caseVersion: z.number().int().optional(),
    deadline: iso,
    provisional: z.boolean(),
  })
  .openapi({ description: "raised by the server: a provisional deadline counted again with a year's official holiday schedule" });
const ProvisionalReport = z
  .looseObject({ eventId: z.string(), caseId: z.string(), type: z.literal('reported'), at: iso, deadline: iso, deadlineProvisional: z.literal(true) })
  .openapi({ description: 'a report whose deadline the server counted through a year without an official holiday schedule (the other fields as in a report)' });
const CaseRecord = CaseHistorySchema.extend({
  events: z.array(
    z.strictObject({
      seq: z.number().int(),
      recordedAt: iso,
      event: z
        .union([caseEventSchema, OverdueEvent, DefaultClosedEvent, DeadlineRevisedEvent, ProvisionalReport])
        .openapi({ description: 'the event as stored: unmasked, every report with its grid and deadline' }),
    }),
  ),
}).openapi('CaseRecord', { description: 'The history plus the events as stored, unmasked (`cache-control: no-store`).' });

export const casePaths: PathGroup = {
  tag: { name: TAG, description: "A case's state and whole history, masked; the full record for a leader or admin key (audited)." },
  register(r) {
    r.registerPath(
      keyed(READ_ROLES, {
        method: 'get',
        path: '/api/v1/cases/{id}',
        tags: [TAG],
        operationId: 'getCase',
        summary: "A case's history",
        description: `Every step with who handled it, the time it took and the time left against the deadline; every free text masked. \`full=true\` needs ${FULL_RECORD_ROLES.map((r) => `a ${r}`).join(' or ')} key (\`403 forbidden\` otherwise) and answers the record unmasked; every such read, and every refused one, is in the audit log (\`case.read_full\`). A case outside the key's scope is \`404\`.`,
        request: {
          params: z.object({ id: openapi(caseIdSchema, { example: 'C1' }) }),
          query: z.strictObject({ full: z.enum(['true', 'false']).optional().openapi({ description: 'the unmasked record (leader or admin key)' }) }),
        },
        responses: { 200: { description: 'The case (with `events` when `full=true`).', ...json(z.union([CaseHistorySchema, CaseRecord])) } },
        errors: { 400: ['invalid_payload'], 404: ['unknown_case'] },
      }),
    );
  },
};
