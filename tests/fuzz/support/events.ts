// Valid case events and fixes to start from (a mutation then makes them invalid), and the oracles
// that say whether the server must refuse an input: the shared schemas, the lifecycle rules.
import fc from 'fast-check';
import { type caseEventBatchSchema, positionBatchSchema, type CaseEvent } from '../../../shared/caseEvent.ts';
import { CATEGORY_CODES } from '../../../shared/categories.ts';
import { at, fix, grids, reported } from '../../support/factories.ts';

export const EVENT_TYPES = [
  'reported',
  'accepted',
  'dispatched',
  'returned',
  'started',
  'escalated',
  'extension_requested',
  'extension_granted',
  'resolved',
  'verified',
  'evaluated',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const EVENT_KEYS = [
  'eventId',
  'caseId',
  'type',
  'at',
  'caseVersion',
  'gridCode',
  'location',
  'category',
  'urgency',
  'source',
  'summary',
  'deadline',
  'unit',
  'reason',
  'level',
  'by',
  'until',
  'note',
  'passed',
  'satisfied',
  'rating',
] as const;
export const FIX_KEYS = ['workerId', 'gridCode', 'lon', 'lat', 'at'] as const;

let n = 0;
/** A schema-valid event of `type` for `caseId`, at minute `minute` of the factories' hour. */
export function eventOf(type: EventType, caseId: string, minute: number, extra: Partial<Record<string, unknown>> = {}): CaseEvent {
  const base = { eventId: `${caseId}:fz${++n}`, caseId, at: at(minute) };
  const byType: Record<EventType, Record<string, unknown>> = {
    reported: { ...reported(caseId), ...base },
    accepted: {},
    started: {},
    dispatched: { unit: '街道综合执法队' },
    returned: { reason: '不属于本单位' },
    escalated: { level: 'city', by: '街道' },
    extension_requested: { reason: '需要材料' },
    extension_granted: { until: new Date(Date.now() + 30 * 86_400_000).toISOString() },
    resolved: { note: '已处理' },
    verified: { passed: true },
    evaluated: { satisfied: true, rating: 5 },
  };
  return { ...base, type, ...byType[type], ...extra } as CaseEvent;
}

/** Whether the shared schema lets this body through (then a mutation did not make it invalid). */
export function schemaAccepts(text: string, schema: typeof caseEventBatchSchema | typeof positionBatchSchema): boolean {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return false;
  }
  return schema.safeParse(body).success;
}

export const validFix = (workerId: string) => fix(workerId, { at: new Date(Date.now() - 60_000).toISOString() });

/** A 15-digit code of the grid pattern that is no grid of the geography. */
export const unknownGridCode: fc.Arbitrary<string> = fc
  .string({ unit: fc.constantFrom(...'0123456789'), minLength: 13, maxLength: 13 })
  .map((d) => `12${d}`)
  .filter((c) => grids.indexOf(c) === undefined);

/** A point inside the schema's box (lon 115.5–119, lat 38–41) but in no grid of the city. */
export const outsidePoint: fc.Arbitrary<{ lon: number; lat: number }> = fc
  .record({
    lon: fc.double({ min: 115.5, max: 119, noNaN: true }),
    lat: fc.double({ min: 38, max: 41, noNaN: true }),
  })
  .filter((p) => grids.locate(p.lon, p.lat) === undefined);

/** An instant more than 5 minutes ahead of now, up to year 9999. */
export const futureInstant: fc.Arbitrary<string> = fc
  .date({ min: new Date(Date.now() + 10 * 60_000), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

export const unknownEnum = fc
  .oneof(
    fc.constantFrom('URGENT', 'soon', 'closed', 'overdue', 'appearance', 'appearance.', 'appearance.garbage ', 'hotline_110', 'street', ''),
    fc.string({ maxLength: 12 }),
  )
  .filter((v) => !(CATEGORY_CODES as readonly string[]).includes(v));

/** Whether the server must refuse this positions body: the schema fails, or a fix is in the future, on no grid or outside the city. */
export function positionsMustBeRefused(text: string): boolean {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return true;
  }
  const parsed = positionBatchSchema.safeParse(body);
  if (!parsed.success) return true;
  return parsed.data.fixes.some(
    (f) =>
      Date.parse(f.at) > Date.now() + 5 * 60_000 ||
      (f.gridCode !== undefined ? grids.indexOf(f.gridCode) === undefined : grids.locate(f.lon, f.lat) === undefined),
  );
}
