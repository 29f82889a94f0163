// A scope's trends and alerts (server/http/scopeRoutes.ts): what its wall is pushed, for a screen
// that polls or a report that quotes them. A read key, within its scope.
import { READ_ROLES } from '../../../../shared/access.ts';
import { SOURCE_CHANNELS, URGENCIES } from '../../../../shared/caseEvent.ts';
import { ESCALATION_LEVELS } from '../../../../shared/caseLifecycle.ts';
import type { AlertList, Trends } from '../../../../shared/protocol.ts';
import { json, keyed, type PathGroup } from '../common.ts';
import { z, type Agrees } from '../zod.ts';

const ScopeQuery = z.strictObject({
  region: z
    .string()
    .regex(/^12\d{2}(\d{2}(\d{3})?)?$/)
    .optional()
    .openapi({
      description: "the city (`1201`), a district (6 digits) or a street (9 digits): trends and alerts are kept for these; default the key's scope",
      example: '120106',
    }),
});
const ERRORS = { 400: ['invalid_payload'], 403: ['outside_scope'], 404: ['unknown_region'] } as const;

const window = z.strictObject({
  from: z.number().int().openapi({ description: 'start of the first bucket, epoch ms' }),
  bucketMs: z.number().int(),
  categories: z
    .array(z.strictObject({ key: z.string().openapi({ description: 'a major category code, or `other`' }), counts: z.array(z.number().int()) }))
    .openapi({ description: 'reports per bucket by major category, largest first' }),
  total: z.array(z.number().int()),
});
const rising = z.strictObject({ key: z.string(), now: z.number(), before: z.number(), change: z.number().nullable() });
const TrendsSchema = z
  .strictObject({
    scope: z.string(),
    at: z.number().int().openapi({ description: 'computed at, epoch ms (at most one tick ago)' }),
    periods: z.strictObject({ '24h': window, '7d': window, '30d': window }),
    risingBaselineDays: z.number().int(),
    risingCategories: z.array(rising),
    risingStreets: z.array(rising),
    sources: z.record(z.enum(SOURCE_CHANNELS), z.number().int()),
    ranking: z.strictObject({
      period: z.literal('7d'),
      level: z.enum(['district', 'street']),
      rows: z.array(
        z.strictObject({
          code: z.string(),
          reported: z.number().int(),
          closed: z.number().int(),
          closureRate: z.number().nullable(),
          onTimeRate: z.number().nullable(),
        }),
      ),
    }),
  })
  .openapi('Trends');
const _trends: Agrees<typeof TrendsSchema, Trends> = true;

const reason = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('overdue'),
    caseId: z.string(),
    category: z.string(),
    gridCode: z.string(),
    urgency: z.enum(URGENCIES),
    deadline: z.number(),
    overdueMinutes: z.number(),
  }),
  z.strictObject({
    kind: z.literal('escalated'),
    caseId: z.string(),
    category: z.string(),
    gridCode: z.string(),
    level: z.enum(ESCALATION_LEVELS),
    escalatedAt: z.number(),
  }),
  z.strictObject({
    kind: z.literal('spike'),
    category: z.string(),
    regionCode: z.string(),
    count: z.number(),
    windowMinutes: z.number(),
    baselineMean: z.number(),
    baselineSd: z.number(),
    baseline: z.enum(['same_hour_previous_days', 'previous_hours']),
    baselineSamples: z.number(),
    z: z.number(),
  }),
]);
const AlertListSchema = z
  .strictObject({
    scope: z.string(),
    at: z.number().int(),
    alerts: z
      .array(z.strictObject({ id: z.string(), since: z.number(), severity: z.enum(['critical', 'warning']), reason }))
      .openapi({ description: 'most pressing first, at most 30; the reason is data (the screen words it), never a summary or anything about a citizen' }),
    counts: z.strictObject({ overdue: z.number().int(), escalated: z.number().int(), spike: z.number().int() }),
  })
  .openapi('AlertList');
const _alerts: Agrees<typeof AlertListSchema, AlertList> = true;

export const scopePaths: PathGroup = {
  tag: { name: 'Trends and alerts', description: "A scope's trends and alerts, as its wall is pushed them: a read key, within its scope." },
  register(r) {
    r.registerPath(
      keyed(READ_ROLES, {
        method: 'get',
        path: '/api/v1/trends',
        tags: ['Trends and alerts'],
        operationId: 'getTrends',
        summary: "A scope's trends",
        description:
          'Reports per major category over 24 h, 7 d and 30 d, rising categories and streets, sources and the ranking (docs/kpi-rulebook.md, "Trends").',
        request: { query: ScopeQuery },
        responses: { 200: { description: 'The trends.', ...json(TrendsSchema) } },
        errors: ERRORS,
      }),
    );
    r.registerPath(
      keyed(READ_ROLES, {
        method: 'get',
        path: '/api/v1/alerts',
        tags: ['Trends and alerts'],
        operationId: 'getAlerts',
        summary: "A scope's alerts",
        description: 'Overdue and escalated cases and hot-issue spikes (docs/kpi-rulebook.md, "Alerts").',
        request: { query: ScopeQuery },
        responses: { 200: { description: 'The alerts.', ...json(AlertListSchema) } },
        errors: ERRORS,
      }),
    );
  },
};
