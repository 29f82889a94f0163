// Drill-down reads (server/http/regionRoutes.ts): a region with its children, workers and open
// cases; a region's KPIs; point -> grid. A read key, within its scope.
import { SOURCE_CHANNELS, URGENCIES, lonLatSchema } from '../../../../shared/caseEvent.ts';
import { READ_ROLES } from '../../../../shared/access.ts';
import { CASE_STATUSES } from '../../../../shared/caseLifecycle.ts';
import { REGION_LEVELS } from '../../../../shared/geoDataset.ts';
import { regionCodeSchema } from '../../../../shared/wallControl.ts';
import { KPI_PERIODS } from '../../../projections/regionKpis.ts';
import { json, keyed, type PathGroup } from '../common.ts';
import { openapi, z } from '../zod.ts';

export const TAG = 'Regions';
const READ_ERRORS = { 400: ['invalid_payload'], 403: ['outside_scope'], 404: ['unknown_region'] } as const;

export const RegionCode = openapi(regionCodeSchema, 'RegionCode', {
  description: '`1201` (the city), a district (6 digits), a street (9), a community (12) or a grid (15)',
  example: '120106004',
});
const RegionSummary = z
  .strictObject({
    code: z.string(),
    name: z.string(),
    level: z.enum(REGION_LEVELS),
    kind: z.enum(['city', 'district', 'street', 'town', 'special', 'community', 'village', 'grid']),
  })
  .openapi('RegionSummary');
const lonLat = z.tuple([z.number(), z.number()]).openapi({ description: '[lon, lat], WGS84' });

const RegionDrillDown = z
  .strictObject({
    region: RegionSummary.extend({ parent: z.string().nullable(), center: lonLat, residents: z.number(), grids: z.number().int() }),
    path: z.array(RegionSummary).openapi({ description: 'the city … the region' }),
    children: z.array(RegionSummary.extend({ center: lonLat, residents: z.number(), grids: z.number().int(), openCases: z.number().int() })),
    workers: z.strictObject({
      total: z.number().int(),
      online: z.number().int(),
      list: z
        .array(
          z.strictObject({
            id: z.string(),
            name: z.string().openapi({ description: 'masked, e.g. 张*明' }),
            role: z.enum(['full_time', 'part_time']),
            gridCode: z.string(),
            online: z.boolean(),
          }),
        )
        .nullable()
        .openapi({ description: 'given where the region has at most 200 workers (a street or smaller)' }),
    }),
    openCases: z.strictObject({
      total: z.number().int(),
      overdue: z.number().int(),
      list: z
        .array(
          z.strictObject({
            caseId: z.string(),
            status: z.enum(CASE_STATUSES),
            category: z.string(),
            urgency: z.enum(URGENCIES),
            source: z.enum(SOURCE_CHANNELS),
            gridCode: z.string(),
            reportedAt: z.iso.datetime(),
            deadline: z.iso.datetime(),
            overdue: z.boolean(),
          }),
        )
        .openapi({ description: 'the 200 with the nearest deadline, without free text' }),
    }),
  })
  .openapi('RegionDrillDown');

const rate = z.number().nullable().openapi({ description: 'null when there is nothing to divide by' });
const Figures = z
  .strictObject({
    reported: z.number().int(),
    accepted: z.number().int(),
    acceptanceDue: z
      .number()
      .int()
      .openapi({ description: 'cases reported in the period whose hour for acceptance is up (accepted, or reported over an hour ago)' }),
    acceptedInTime: z.number().int().openapi({ description: 'of them, those accepted within the hour' }),
    acceptanceRate: rate.openapi({ description: '接单率: acceptedInTime / acceptanceDue' }),
    resolved: z.number().int(),
    resolutionRate: rate.openapi({ description: '办结率: of the cases reported in the period, the share resolved by now' }),
    closed: z.number().int(),
    closureRate: rate.openapi({ description: '结案率: of the cases reported in the period, the share closed by now' }),
    due: z.number().int(),
    dueOnTime: z.number().int(),
    onTimeRate: rate.openapi({
      description: '按期办结率: of the deadlines that fell in the period (resolved, or passed while owed), those resolved by them',
    }),
    averageHandlingHours: z.number().nullable(),
    escalations: z.number().int(),
    extensions: z.number().int(),
    extensionRate: rate.openapi({ description: '延期率: extensions granted per case accepted in the period' }),
    dispatched: z.number().int(),
    returned: z.number().int(),
    returnRate: rate.openapi({ description: '退回率: returns per dispatch in the period' }),
    visits: z.number().int(),
    satisfied: z.number().int(),
    defaultClosed: z.number().int(),
    visitRate: rate.openapi({ description: '回访率: of the cases settled by a rating in the period, the share really visited' }),
    satisfaction: rate.openapi({ description: '回访满意率: of the visits in the period, satisfied or basically satisfied' }),
    rehandled: z.number().int(),
    rehandleRate: rate.openapi({ description: '重办率: of the visits in the period, the share sent back for re-handling' }),
    becameOverdue: z.number().int(),
  })
  .openapi({ description: 'Each figure is defined in docs/kpi-rulebook.md, with a worked example' });
const PeriodFigures = {
  figures: Figures,
  averageHandlingHoursByUrgency: z.record(z.enum(URGENCIES), z.number().nullable()),
  bySource: z.record(z.enum(SOURCE_CHANNELS), z.number().int()),
};
const RegionKpis = z
  .strictObject({
    region: RegionSummary,
    period: z.enum(KPI_PERIODS),
    from: z.iso.date(),
    to: z.iso.date(),
    ...PeriodFigures,
    sameLastYear: z
      .strictObject({ from: z.iso.date(), to: z.iso.date(), ...PeriodFigures })
      .nullable()
      .openapi({ description: 'the same days a year before: streets, districts and the city (null below them)' }),
    now: z.strictObject({ openCases: z.number().int(), overdue: z.number().int(), dueSoon: z.number().int() }),
  })
  .openapi('RegionKpis');

const Located = z.strictObject({ grid: z.strictObject({ code: z.string(), name: z.string() }), path: z.array(RegionSummary) }).openapi('Located');

export const regionPaths: PathGroup = {
  tag: {
    name: TAG,
    description:
      "Drill-down and KPIs for the wall, the console and a leader's desk: a read key (screen, presenter, leader, admin), within its scope (`403 outside_scope` for a region outside it).",
  },
  register(r) {
    r.registerPath(
      keyed(READ_ROLES, {
        method: 'get',
        path: '/api/v1/regions/{code}',
        tags: [TAG],
        operationId: 'getRegion',
        summary: 'A region for drill-down',
        description: 'Its place in the tree, its children with live open-case counts, its workers (names masked) and its open cases (no free text).',
        request: { params: z.object({ code: RegionCode }) },
        responses: { 200: { description: 'The region.', ...json(RegionDrillDown) } },
        errors: READ_ERRORS,
      }),
    );
    r.registerPath(
      keyed(READ_ROLES, {
        method: 'get',
        path: '/api/v1/kpis',
        tags: [TAG],
        operationId: 'getKpis',
        summary: "A region's KPIs for a period",
        description: "Definitions in docs/kpi-rulebook.md. Without `region`: the key's scope.",
        request: {
          query: z.strictObject({
            region: RegionCode.optional(),
            period: z.enum(KPI_PERIODS).default('today').openapi({
              description:
                'today; the week from Monday; the month, the quarter or the year to date; the last 30 days (Asia/Shanghai days). `quarter` and `year`: streets, districts and the city only (`400 period_not_kept` below them)',
            }),
          }),
        },
        responses: { 200: { description: 'The figures.', ...json(RegionKpis) } },
        errors: { ...READ_ERRORS, 400: ['invalid_payload', 'period_not_kept'] },
      }),
    );
    r.registerPath(
      keyed(READ_ROLES, {
        method: 'get',
        path: '/api/v1/locate',
        tags: [TAG],
        operationId: 'locate',
        summary: 'The grid containing a point',
        request: {
          query: z.strictObject({
            lon: openapi(lonLatSchema.shape.lon, { description: 'WGS84 degrees', example: 117.2 }),
            lat: openapi(lonLatSchema.shape.lat, { description: 'WGS84 degrees', example: 39.13 }),
          }),
        },
        responses: { 200: { description: 'The grid and its path from the city.', ...json(Located) } },
        errors: { 400: ['invalid_payload'], 403: ['outside_scope'], 404: ['outside_city'] },
      }),
    );
  },
};
