// Inbound payloads (zod): case events and worker position fixes. Every source, the simulator
// included, posts these same shapes; the server validates once at the boundary.
import { z } from 'zod';
import { CATEGORY_CODES } from './categories.ts';
import { GRID_CODE_PATTERN } from './regions.ts';

export const URGENCIES = ['urgent', 'ordinary', 'general'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const SOURCE_CHANNELS = ['grid_worker', 'hotline_12345', 'hotline_8890', 'photo_app', 'video_alert', 'department'] as const;
export type SourceChannel = (typeof SOURCE_CHANNELS)[number];

export type EscalationLevel = 'street' | 'district' | 'city';

export const MAX_EVENTS_PER_BATCH = 1000;
export const MAX_FIXES_PER_BATCH = 20_000;

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'letters, digits and _ . : - only');
const instant = z.iso.datetime({ offset: true });
const note = z.string().max(500);

const base = { eventId: id, caseId: id, at: instant };

export const caseEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...base,
    type: z.literal('reported'),
    gridCode: z.string().regex(GRID_CODE_PATTERN, 'a 15-digit Tianjin grid code'),
    category: z.enum(CATEGORY_CODES),
    urgency: z.enum(URGENCIES),
    source: z.enum(SOURCE_CHANNELS),
    summary: z.string().min(1).max(500),
  }),
  z.strictObject({ ...base, type: z.literal('accepted') }),
  z.strictObject({ ...base, type: z.literal('dispatched'), unit: z.string().min(1).max(100) }),
  z.strictObject({ ...base, type: z.literal('returned'), reason: note }),
  z.strictObject({ ...base, type: z.literal('started') }),
  z.strictObject({ ...base, type: z.literal('escalated'), level: z.enum(['district', 'city']), by: z.string().min(1).max(100) }),
  z.strictObject({ ...base, type: z.literal('extension_requested'), reason: note }),
  z.strictObject({ ...base, type: z.literal('extension_granted'), until: instant }),
  z.strictObject({ ...base, type: z.literal('resolved'), note: note.optional() }),
  z.strictObject({ ...base, type: z.literal('verified'), passed: z.boolean() }),
  z.strictObject({ ...base, type: z.literal('evaluated'), satisfied: z.boolean() }),
]);
export type CaseEvent = z.infer<typeof caseEventSchema>;
export type CaseEventType = CaseEvent['type'];

export const caseEventBatchSchema = z.strictObject({
  events: z.array(caseEventSchema).min(1).max(MAX_EVENTS_PER_BATCH),
});

export const positionFixSchema = z.strictObject({
  workerId: id,
  /** The grid the worker is assigned to (not necessarily the one he stands in). */
  gridCode: z.string().regex(GRID_CODE_PATTERN, 'a 15-digit Tianjin grid code'),
  lon: z.number().min(115.5).max(119),
  lat: z.number().min(38).max(41),
  at: instant,
});
export type PositionFix = z.infer<typeof positionFixSchema>;

export const positionBatchSchema = z.strictObject({
  fixes: z.array(positionFixSchema).min(1).max(MAX_FIXES_PER_BATCH),
});
