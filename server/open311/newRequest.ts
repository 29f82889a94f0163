// POST requests: the spec's parameters, validated (zod), and the case report they become. The
// mapping: service_code -> category; lat/long -> location (the server finds the grid) or
// address_id -> the grid (our address ids are grid codes); description -> summary; media_url ->
// photos. The submitter's personal fields (email, device_id, account_id, first_name, last_name,
// phone) are accepted as the spec allows and dropped here, before anything is stored or logged:
// the hall keeps no citizen's contact details (the hotline platform does). address_string is a
// typed address, an exact place: it is accepted beside a point or a grid and not kept either.
import { z } from 'zod';
import { caseEventSchema, isHttpUrl, lonLatSchema, MAX_PHOTOS, type CaseEventInput, type SourceChannel } from '../../shared/caseEvent.ts';
import { GRID_CODE_PATTERN } from '../../shared/regions.ts';
import type { GridIndex } from '../geo/gridIndex.ts';
import { Open311Error, issuesError } from './errors.ts';
import type { Params } from './params.ts';
import { serviceOf, type Service } from './services.ts';

/** The case summary's limit (shared/caseEvent.ts); the spec allows descriptions of 4,000 characters. */
export const SUMMARY_MAX = 500;
const SPEC_DESCRIPTION_MAX = 4000;
/** Accepted so that citizen apps work unchanged, never kept. */
export const PERSONAL_FIELDS = ['email', 'device_id', 'account_id', 'first_name', 'last_name', 'phone'] as const;
const SINGLE = ['api_key', 'jurisdiction_id', 'service_code', 'lat', 'long', 'address_string', 'address_id', 'description', ...PERSONAL_FIELDS] as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const text = (max: number) =>
  z
    .string()
    .max(max, `at most ${max} characters`)
    .refine((v) => !LONE_SURROGATE.test(v), 'not valid Unicode text');
const degrees = (max: number) =>
  z
    .string()
    .regex(/^[+-]?\d{1,3}(\.\d{1,15})?$/, 'decimal degrees (WGS84), e.g. 39.142')
    .transform(Number)
    .pipe(z.number().min(-max, `between -${max} and ${max}`).max(max, `between -${max} and ${max}`));
// a link only (a photo-store id is no URL): the same rule as a photo reference's http(s) form
const mediaUrl = z.string().max(500).refine(isHttpUrl, 'an http(s) URL of the media (the image itself is not sent here)');

const postSchema = z.strictObject({
  api_key: z.string().optional(),
  jurisdiction_id: z.string().optional(),
  service_code: z.string({ error: 'required: a service_code from GET services' }).max(64),
  lat: degrees(90).optional(),
  long: degrees(180).optional(),
  address_string: text(500).optional(),
  address_id: z
    .string()
    .regex(GRID_CODE_PATTERN, 'a grid code (15 digits, as address_id in GET requests answers): the only address ids this jurisdiction has')
    .optional(),
  description: text(SPEC_DESCRIPTION_MAX).optional(),
  media_url: z.array(mediaUrl).max(MAX_PHOTOS, `at most ${MAX_PHOTOS} media URLs`).optional(),
  // personal data: checked to be text, then dropped
  email: text(256).optional(),
  device_id: text(256).optional(),
  account_id: text(256).optional(),
  first_name: text(256).optional(),
  last_name: text(256).optional(),
  phone: text(256).optional(),
});

/** Which location the request gives, judged by what is present (so it is named beside every other problem). */
function locationProblems(given: Record<string, string | undefined>): string[] {
  const has = (name: string) => given[name] !== undefined;
  if (has('lat') !== has('long')) return [`${has('lat') ? 'long' : 'lat'}: lat and long go together: send both`];
  if (has('lat') || has('address_id')) return [];
  return has('address_string')
    ? ['address_string: an address alone cannot be placed (no geocoder on this closed network): send lat and long (WGS84), or address_id (a grid code)']
    : ['lat: a location is required: lat and long (WGS84), or address_id (a grid code)'];
}

export interface NewRequest {
  service: Service;
  /** The report, without its ids and time (given once the idempotency key is known). */
  report: Omit<Extract<CaseEventInput, { type: 'reported' }>, 'eventId' | 'caseId' | 'at' | 'source'>;
  /** The description's length limit when it had to be shortened, else null. */
  shortenedTo: number | null;
}

/** Refuses what the spec lets a client send but this jurisdiction cannot use, naming each: repeated fields, unknown ones, attributes. */
function shapeProblems(params: Params): string[] {
  const problems: string[] = [];
  for (const [name, values] of params) {
    if (/^attribute\[/.test(name)) problems.push(`${name}: no service here defines attributes (metadata false): leave attribute[…] out`);
    else if (name === 'media_url') continue;
    else if (!(SINGLE as readonly string[]).includes(name)) problems.push(`${name}: not a parameter of POST requests (${[...SINGLE, 'media_url'].join(', ')})`);
    else if (values.length > 1) problems.push(`${name}: given ${values.length} times: give it once`);
  }
  return problems;
}

/** The parameters as a report on a grid of the city, or the spec's error (400, or 404 for an unknown service_code). */
export function parseNewRequest(params: Params, grids: GridIndex): NewRequest {
  const problems = shapeProblems(params);
  const single = Object.fromEntries([...params].filter(([n]) => (SINGLE as readonly string[]).includes(n)).map(([n, v]) => [n, v[0]]));
  const parsed = postSchema.safeParse({ ...single, ...(params.has('media_url') && { media_url: params.get('media_url') }) });
  if (!parsed.success) problems.push(...issuesError(parsed.error).problems.map((p) => p.description));
  problems.push(...locationProblems(single));
  if (problems.length || !parsed.success) throw new Open311Error(400, problems, 'invalid_payload');
  const r = parsed.data;
  const service = serviceOf(r.service_code);
  if (!service) throw new Open311Error(404, `service_code ${r.service_code}: no such service (GET services lists them)`, 'unknown_service');

  let location: { lon: number; lat: number } | undefined;
  let gridCode: string | undefined;
  if (r.lat !== undefined && r.long !== undefined) {
    const point = { lon: r.long, lat: r.lat };
    const grid = lonLatSchema.safeParse(point).success ? grids.locate(point.lon, point.lat) : undefined;
    if (!grid) throw new Open311Error(400, `lat/long (${r.lat}, ${r.long}): outside the city: no grid of Tianjin contains this point`, 'outside_city');
    if (r.address_id !== undefined && r.address_id !== grid.code) {
      throw new Open311Error(
        400,
        `address_id ${r.address_id} and lat/long (${r.lat}, ${r.long}), which lies in grid ${grid.code}, disagree: send one of them`,
        'invalid_payload',
      );
    }
    location = point;
  } else {
    if (grids.indexOf(r.address_id!) === undefined) throw new Open311Error(400, `address_id ${r.address_id}: no such grid in the city`, 'unknown_grid');
    gridCode = r.address_id;
  }

  const { summary, shortenedTo } = summaryOf(r.description, service);
  return {
    service,
    report: {
      type: 'reported',
      category: service.code,
      urgency: 'ordinary',
      summary,
      ...(location ? { location } : { gridCode }),
      ...(r.media_url && { photos: r.media_url }),
    },
    shortenedTo,
  };
}

/** The description as the case's summary: without one, the service's name; over the summary's limit, shortened (the hotline platform keeps the whole text). */
function summaryOf(description: string | undefined, service: Service): { summary: string; shortenedTo: number | null } {
  const text = description?.trim() || service.name.zh;
  const chars = Array.from(text); // by code point: never split a character
  if (chars.length <= SUMMARY_MAX) return { summary: text, shortenedTo: null };
  return { summary: `${chars.slice(0, SUMMARY_MAX - 1).join('')}…`, shortenedTo: SUMMARY_MAX };
}

/** The report as a case event, validated by the same schema every source's events are. */
export function reportEvent(request: NewRequest, caseId: string, at: number, source: SourceChannel): Extract<CaseEventInput, { type: 'reported' }> {
  const event = { eventId: `${caseId}:1`, caseId, at: new Date(at).toISOString(), source, ...request.report };
  const parsed = caseEventSchema.safeParse(event);
  if (!parsed.success) throw issuesError(parsed.error);
  return parsed.data as Extract<CaseEventInput, { type: 'reported' }>;
}

/** The channel a key's Open311 reports carry: its only one, else photo_app (the citizen app's) where it may post it. */
export function channelOf(sources: readonly SourceChannel[] | null, label: string): SourceChannel {
  if (sources?.length === 1) return sources[0]!;
  if (!sources || sources.includes('photo_app')) return 'photo_app';
  throw new Open311Error(
    403,
    `this key ("${label}") posts the reports of ${sources.join(', ')}: an Open311 source needs a key bound to one channel, or allowed photo_app`,
    'wrong_source',
  );
}
