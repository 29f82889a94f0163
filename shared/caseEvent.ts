// Inbound payloads (zod): case events and worker position fixes. Every source, the simulator
// included, posts these same shapes; the server validates once at the boundary.
import { z } from 'zod';
import { CATEGORY_CODES } from './categories.ts';
import { DEPARTMENT_CODE_PATTERN } from './departments.ts';
import { GRID_CODE_PATTERN } from './regions.ts';
import { plainText } from './plainText.ts';

/**
 * Urgency classes, tightest first (docs/kpi-rulebook.md "Time limits"): 即办 (immediate, 2 clock
 * hours), 紧急 (urgent, 2 working days), 重大 (major, 5 working days), 一般 (ordinary, 7 working
 * days). Logs written before 重大 existed call the 2-hour class `general`; the fold reads it as
 * `immediate` (see `urgencyOf`).
 */
export const URGENCIES = ['immediate', 'urgent', 'major', 'ordinary'] as const;
export type Urgency = (typeof URGENCIES)[number];
/** The urgency of a stored report: the old name of the 2-hour class read as its new one. */
export const urgencyOf = (stored: string): Urgency => (stored === 'general' ? 'immediate' : (stored as Urgency));

/** What a return visit (回访) found: 满意, 基本满意, 不满意 (an unsatisfied citizen's case is handled again: 重办). */
export const VISIT_RESULTS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type VisitResult = (typeof VISIT_RESULTS)[number];

export const SOURCE_CHANNELS = ['grid_worker', 'hotline_12345', 'hotline_8890', 'photo_app', 'video_alert', 'department'] as const;
export type SourceChannel = (typeof SOURCE_CHANNELS)[number];

export type EscalationLevel = 'street' | 'district' | 'city';

export const MAX_EVENTS_PER_BATCH = 1000;
export const MAX_FIXES_PER_BATCH = 20_000;

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'letters, digits and _ . : - only');
/** The earliest instant an event or fix may carry: anything older is a broken clock or a hostile input (year 1 would be overdue since then on every wall). */
export const EARLIEST_INSTANT = '2000-01-01T00:00:00Z';
const instant = z.iso
  .datetime({ offset: true, message: 'an ISO 8601 time with its offset, e.g. 2026-11-24T10:00:00+08:00 or 2026-11-24T02:00:00Z' })
  .refine((v) => Date.parse(v) >= Date.parse(EARLIEST_INSTANT), `before ${EARLIEST_INSTANT}: not a time this system can have seen`);
/** A lone UTF-16 surrogate: text that is not valid Unicode (it cannot be stored or shown faithfully). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * Free text: well-formed Unicode, within `max` characters, stored as plainText makes it (NFKC, no
 * control or format characters, a right-to-left override's run in the order a reader saw it).
 */
export const freeText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => !LONE_SURROGATE.test(v), 'not valid Unicode text (a lone surrogate)')
    .transform(plainText);
const text = freeText;
const note = text(500);

const base = {
  eventId: id,
  caseId: id,
  at: instant,
  /** Optional optimistic concurrency: the version this event gives the case (1 for the report). A stale one is refused. */
  caseVersion: z.number().int().min(1).max(1_000_000).optional(),
};
const gridCode = z.string().regex(GRID_CODE_PATTERN, 'a 15-digit Tianjin grid code');
/** A point in WGS84 degrees, inside Tianjin's extent give or take; the server finds its grid. */
export const lonLatSchema = z.strictObject({ lon: z.number().min(115.5).max(119), lat: z.number().min(38).max(41) });
export const MAX_PHOTOS = 9;
/** A photo id in the hall's own photo store. */
const PHOTO_ID = /^photo:[A-Za-z0-9._~-]{1,200}$/;
/** An http(s) URL: printable ASCII without spaces, a host after the scheme. */
const HTTP_URL = /^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:[/?#][\x21-\x7e]*)?$/i;
/** Whether a photo reference is a link a browser may follow (an http(s) URL, not an id). */
export const isHttpUrl = (ref: string): boolean => HTTP_URL.test(ref);
/**
 * A photo's reference, at most 500 characters: an http(s) URL, or an id in the photo store
 * (`photo:8f3a…`). Any other scheme (javascript:, data:, file: …) is refused: a reference is
 * served back to clients as a link (Open311's media_url).
 */
export const photoRef = z
  .string()
  .min(1)
  .max(500)
  .refine((v) => HTTP_URL.test(v) || PHOTO_ID.test(v), 'a photo reference: an http(s) URL or a photo id (photo:…), printable ASCII without spaces');
const gridOrLocation = <T extends { gridCode?: string | undefined; location?: unknown }>(e: T) => e.gridCode !== undefined || e.location !== undefined;

export const caseEventSchema = z.discriminatedUnion('type', [
  z
    .strictObject({
      ...base,
      type: z.literal('reported'),
      /** The grid the case is in; or give `location` and the server finds the grid. */
      gridCode: gridCode.optional(),
      location: lonLatSchema.optional(),
      category: z.enum(CATEGORY_CODES),
      urgency: z.enum(URGENCIES),
      source: z.enum(SOURCE_CHANNELS),
      summary: text(500).pipe(z.string().min(1)),
      /** A deadline the source has set; otherwise the server's time-limit rules decide it. */
      deadline: instant.optional(),
      /** Photos of the scene, by reference (a URL or an id in the photo service that holds them; never the image itself). */
      photos: z.array(photoRef).min(1).max(MAX_PHOTOS).optional(),
    })
    .refine(gridOrLocation, { message: 'a reported case needs a gridCode or a location {lon, lat}', path: ['gridCode'] }),
  z.strictObject({ ...base, type: z.literal('accepted') }),
  z.strictObject({
    ...base,
    type: z.literal('dispatched'),
    /** Who it went to, as people read it (free text; the history shows it). */
    unit: text(100).pipe(z.string().min(1)),
    /** The department's code in the registry (config/departments.json, e.g. 120106-rq); the server refuses a code it does not know. Older events have none. */
    department: z.string().regex(DEPARTMENT_CODE_PATTERN, 'a department code: a region code and a kind, e.g. 120106-rq').optional(),
  }),
  z.strictObject({ ...base, type: z.literal('returned'), reason: note }),
  z.strictObject({ ...base, type: z.literal('started') }),
  z.strictObject({ ...base, type: z.literal('escalated'), level: z.enum(['district', 'city']), by: text(100).pipe(z.string().min(1)) }),
  z.strictObject({ ...base, type: z.literal('extension_requested'), reason: note }),
  z.strictObject({ ...base, type: z.literal('extension_granted'), until: instant }),
  z.strictObject({ ...base, type: z.literal('resolved'), note: note.optional() }),
  z.strictObject({ ...base, type: z.literal('verified'), passed: z.boolean() }),
  z
    .strictObject({
      ...base,
      type: z.literal('evaluated'),
      /** What the return visit found; `satisfied` (true/false) is the older two-valued form. */
      result: z.enum(VISIT_RESULTS).optional(),
      satisfied: z.boolean().optional(),
      rating: z.number().int().min(1).max(5).optional(),
      /** Unsatisfied: the deadline of the re-handling (重办); otherwise the server's time-limit rules decide it. */
      rehandleBy: instant.optional(),
    })
    .refine((e) => (e.result === undefined) !== (e.satisfied === undefined), {
      message: "give the return visit's result ('satisfied', 'basically_satisfied' or 'unsatisfied'), or satisfied: true/false, but not both",
      path: ['result'],
    }),
]);
/** An event as a source may send it: a report may carry a location instead of a grid code. */
export type CaseEventInput = z.infer<typeof caseEventSchema>;
type ReportedInput = Extract<CaseEventInput, { type: 'reported' }>;
/**
 * Raised by the server, never accepted from a source: the case passed its deadline while open. One
 * per deadline (an extension gives a new deadline that can pass again).
 */
export interface OverdueEvent {
  eventId: string;
  caseId: string;
  type: 'overdue';
  /** When the server noticed (after a restart this can be later than the deadline). */
  at: string;
  caseVersion?: number;
  /** The deadline that passed. */
  deadline: string;
}
/**
 * Raised by the server, never accepted from a source: a deadline counted through a year whose
 * official holiday schedule was not yet known (`deadlineProvisional` on the report) is counted again
 * once it is loaded. The status stays; the deadline moves.
 */
export interface DeadlineRevisedEvent {
  eventId: string;
  caseId: string;
  type: 'deadline_revised';
  at: string;
  caseVersion?: number;
  /** The deadline counted again. */
  deadline: string;
  /** Whether it is still counted through a year without an official schedule. */
  provisional: boolean;
}
/**
 * Raised by the server, never accepted from a source: a resolved case nobody rated within the rating
 * window (`sla.json` `ratingDays`) is closed as 默认满意, dated at the window's end.
 */
export interface DefaultClosedEvent {
  eventId: string;
  caseId: string;
  type: 'evaluated';
  at: string;
  caseVersion?: number;
  result: 'satisfied';
  byDefault: true;
}
/** An event as a source writes it, once complete. */
export type SourceCaseEvent = Exclude<CaseEventInput, { type: 'reported' }> | (Omit<ReportedInput, 'gridCode'> & { gridCode: string });
/** An event as stored and applied: every report has its grid (and, since the calendar rules, its deadline). */
export type CaseEvent =
  | Exclude<CaseEventInput, { type: 'reported' }>
  | (Omit<ReportedInput, 'gridCode'> & {
      gridCode: string;
      /** Set by the server when the deadline it gave was counted through a year without an official holiday schedule. */
      deadlineProvisional?: true;
    })
  | OverdueEvent
  | DefaultClosedEvent
  | DeadlineRevisedEvent;
/** The result of an `evaluated` event, whichever form it was written in. */
export function visitResultOf(event: Extract<CaseEvent, { type: 'evaluated' }>): VisitResult {
  if (event.result) return event.result;
  return 'satisfied' in event && event.satisfied ? 'satisfied' : 'unsatisfied';
}
export type CaseEventType = CaseEvent['type'];

/** A case event as the log holds it: its position in the log and when it was committed. */
export interface StoredCaseEvent {
  /** Position in the log: strictly increasing in commit order. */
  seq: number;
  recordedAt: number;
  event: CaseEvent;
}

export const caseEventBatchSchema = z.strictObject({
  events: z.array(caseEventSchema).min(1).max(MAX_EVENTS_PER_BATCH),
});

export const positionFixSchema = z.strictObject({
  workerId: id,
  /** The grid the worker is assigned to (not necessarily the one he stands in); if absent, the grid he stands in. */
  gridCode: gridCode.optional(),
  ...lonLatSchema.shape,
  at: instant,
});
export type PositionFixInput = z.infer<typeof positionFixSchema>;
export type PositionFix = PositionFixInput & { gridCode: string };

export const positionBatchSchema = z.strictObject({
  fixes: z.array(positionFixSchema).min(1).max(MAX_FIXES_PER_BATCH),
});
