// Open311 GeoReport v2 (server/open311/open311Routes.ts): every call in XML (the spec's) or JSON,
// by the path's extension; every failure as the spec's error list `[{code, description}]` (code: the
// HTTP status), not Gridwall's error shape. The key may also come as the spec's `api_key` parameter.
// The parameters are form fields (strings) as the spec sends them: described here from
// server/open311/newRequest.ts and requestQuery.ts, whose schemas read them.
import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { READ_ROLES, type Role } from '../../../../shared/access.ts';
import { CATEGORY_CODES } from '../../../../shared/categories.ts';
import { MAX_PHOTOS } from '../../../../shared/caseEvent.ts';
import { API_KEY, BEARER, keyed, type KeyedRoute, type PathGroup } from '../common.ts';
import { STATUS_TEXT, mergeErrors, type ErrorTable } from '../errors.ts';
import { z } from '../zod.ts';

const TAG = 'Open311';
const API_KEY_PARAM = 'open311ApiKey';
const READERS: readonly Role[] = [...READ_ROLES, 'ingest'];
const WRITERS: readonly Role[] = ['ingest'];

/** What each status can mean on these routes (the error list carries only the status and a sentence). */
const MEANINGS: Record<string, string> = {
  invalid_payload: 'a parameter fails validation (each problem is one entry)',
  invalid_format: 'the path names no `.xml` or `.json`',
  invalid_encoding: 'not valid UTF-8',
  malformed_json: 'a JSON body that is not JSON',
  unauthorized: 'no key, or an unknown, revoked or expired one',
  forbidden: 'a key of a role that may not do this',
  outside_scope: "outside the key's region",
  wrong_source: 'an ingest key bound to channels other than photo_app (or to several)',
  unknown_jurisdiction: 'a `jurisdiction_id` this endpoint does not serve',
  unknown_case: "no such service request (or one outside the key's region)",
  unknown_service: 'no such `service_code`',
  no_definition: 'the service has no attributes, so no definition',
  outside_city: 'a point in no grid of the city',
  unknown_grid: 'an `address_id` that is no grid',
  case_exists: 'a conflict with a stored case',
  event_id_reused: 'a conflict with a stored report',
  version_conflict: 'another writer changed the case meanwhile: send it again',
  idempotency_key_reused: 'an `Idempotency-Key` used for a different request',
  deadline_in_past: 'a deadline that has passed',
  payload_too_large: 'a body over 64 KB',
  unsupported_encoding: 'a charset other than UTF-8, or a compressed body',
  unsupported_media_type: 'a body neither form-encoded nor JSON',
  rate_limited: 'over a rate limit: wait `Retry-After` seconds',
  storage_full: "the store's disk is full: nothing was stored",
  store_unavailable: 'the store cannot be reached: nothing was stored',
};

const Open311Error = z
  .array(
    z.strictObject({
      code: z.number().int().openapi({ description: 'the HTTP status' }),
      description: z.string().openapi({ description: 'what is wrong, naming the parameter' }),
    }),
  )
  .openapi('Open311Errors', { description: "The spec's error list: one entry per problem." });
const xml = (what: string) => ({ schema: z.string().openapi({ description: `${what}, as the spec's XML` }) });

/** The spec's errors, in JSON or XML by the path's extension. */
function open311Errors(table: ErrorTable): Record<string, ResponseConfig> {
  return Object.fromEntries(
    Object.entries(table)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([status, codes]) => {
        const n = Number(status);
        const list = [...new Set(codes)];
        return [
          status,
          {
            description: `${STATUS_TEXT[n] ?? 'Error'}: ${list.map((c) => `${MEANINGS[c] ?? c}`).join('; ')}`,
            ...((n === 429 || n === 503) && { headers: z.object({ 'Retry-After': z.string() }) }),
            content: { 'application/json': { schema: Open311Error }, 'text/xml': xml('`<errors><error><code/><description/></error>…</errors>`') },
          } satisfies ResponseConfig,
        ];
      }),
  );
}

/** An Open311 call: the key by header or `api_key`, the spec's error list. */
const call = (roles: readonly Role[], route: Omit<KeyedRoute, 'schemes' | 'errorShape'>) =>
  keyed(roles, {
    ...route,
    tags: [TAG],
    schemes: [BEARER, API_KEY, API_KEY_PARAM],
    errorShape: open311Errors,
    errors: mergeErrors({ 400: ['invalid_format'] }, route.errors ?? {}),
  });

/** A JSON answer and its XML twin. */
const answer = (description: string, schema: z.ZodType, xmlRoot: string, example?: unknown): ResponseConfig => ({
  description,
  content: { 'application/json': { schema, ...(example !== undefined && { example }) }, 'text/xml': xml(`\`<${xmlRoot}>\``) },
});

const format = z.enum(['json', 'xml']).openapi({ description: "the answer's format", example: 'json' });
const common = {
  jurisdiction_id: z.string().optional().openapi({ description: "this endpoint's jurisdiction (`tianjin.gov.cn`), or left out" }),
  lang: z.enum(['zh', 'en']).optional().openapi({ description: 'names and notes in Chinese (default) or English' }),
};
const nullable = z.string().nullable();

const Service = z
  .strictObject({
    service_code: z.enum(CATEGORY_CODES).openapi({ description: "a sub-category code: a case's category", example: 'appearance.garbage' }),
    service_name: z.string(),
    description: z.string(),
    metadata: z.literal(false).openapi({ description: 'no service defines attributes' }),
    type: z.literal('realtime'),
    keywords: z.string(),
    group: z.string().openapi({ description: 'the major category' }),
  })
  .openapi('Open311Service');

const ServiceRequest = z
  .strictObject({
    service_request_id: z.string(),
    status: z.enum(['open', 'closed']),
    status_notes: z.string(),
    service_name: z.string(),
    service_code: z.string(),
    description: z.string().openapi({ description: "the report's text, masked (shared/masking.ts)" }),
    agency_responsible: nullable.openapi({ description: 'the unit it was dispatched to, masked' }),
    service_notice: z.string(),
    requested_datetime: z.string().openapi({ description: 'w3 date-time, Beijing time', example: '2026-11-23T10:00:00+08:00' }),
    updated_datetime: z.string(),
    expected_datetime: z.string().openapi({ description: 'the deadline' }),
    address: nullable.openapi({ description: 'district, street, community and grid names: never finer than the grid' }),
    address_id: z.string().openapi({ description: 'the grid code' }),
    zipcode: z.null(),
    lat: z.number().nullable().openapi({ description: "the grid's centre, never the reported point" }),
    long: z.number().nullable(),
    media_url: nullable,
  })
  .openapi('Open311ServiceRequest');

const Created = z
  .array(
    z.strictObject({
      service_request_id: z.string(),
      service_notice: z.string(),
      account_id: z.null().openapi({ description: 'the hall keeps no accounts' }),
    }),
  )
  .openapi('Open311Created');

const Discovery = z
  .strictObject({
    changeset: z.string(),
    contact: z.string(),
    key_service: z.string(),
    endpoints: z.array(z.strictObject({ specification: z.string(), url: z.string(), changeset: z.string(), type: z.string(), formats: z.array(z.string()) })),
  })
  .openapi('Open311Discovery');

const degrees = z.string().regex(/^[+-]?\d{1,3}(\.\d{1,15})?$/);
/** POST requests' fields (server/open311/newRequest.ts); form-encoded as the spec sends them, or the same as a JSON object. */
const NewRequestBody = z
  .strictObject({
    api_key: z.string().optional().openapi({ description: 'the key, where no header carries it' }),
    ...common,
    service_code: z.enum(CATEGORY_CODES).openapi({ description: 'from GET services' }),
    lat: degrees.optional().openapi({ description: 'WGS84 (with `long`); or give `address_id`' }),
    long: degrees.optional(),
    address_string: z.string().max(500).optional().openapi({ description: 'accepted beside a point or a grid, not kept (no geocoder on a closed network)' }),
    address_id: z
      .string()
      .regex(/^12\d{13}$/)
      .optional()
      .openapi({ description: 'a grid code' }),
    description: z.string().max(4000).optional().openapi({ description: "the case's summary (shortened past 500 characters); default the service's name" }),
    media_url: z.array(z.url()).max(MAX_PHOTOS).optional().openapi({ description: 'http(s) URLs of photos; repeat the field in a form' }),
    ...Object.fromEntries(
      ['email', 'device_id', 'account_id', 'first_name', 'last_name', 'phone'].map((f) => [
        f,
        z.string().max(256).optional().openapi({ description: "accepted and dropped: the hall keeps no citizen's contact details" }),
      ]),
    ),
  })
  .openapi('Open311NewRequest');

const NEW_REQUEST_EXAMPLE = { service_code: 'appearance.garbage', lat: '39.13029', long: '117.20077', description: '小区门口垃圾堆放' };

export const open311Paths: PathGroup = {
  tag: {
    name: TAG,
    description:
      "Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) for citizen apps and hotline platforms: every case is a service request. A read key or an ingest key reads, only an ingest key posts, within its region; the key as a header or the spec's `api_key`. Answers in XML or JSON by the extension; errors as the spec's list.",
  },
  register(r) {
    r.registerComponent('securitySchemes', API_KEY_PARAM, {
      type: 'apiKey',
      in: 'query',
      name: 'api_key',
      description: "Open311 only: the access key as the spec's `api_key` parameter (in the query, or a POST body's field).",
    });
    r.registerPath(
      call(READERS, {
        method: 'get',
        path: '/open311/discovery.{format}',
        operationId: 'open311Discovery',
        summary: 'Service discovery',
        request: { params: z.object({ format }), query: z.strictObject(common) },
        responses: { 200: answer('The endpoint and its formats.', Discovery, 'discovery') },
        errors: { 400: ['invalid_payload'], 404: ['unknown_jurisdiction'] },
      }),
    );
    r.registerPath(
      call(READERS, {
        method: 'get',
        path: '/open311/v2/services.{format}',
        operationId: 'open311Services',
        summary: 'The services (case categories)',
        request: { params: z.object({ format }), query: z.strictObject(common) },
        responses: { 200: answer('Every sub-category as a service, grouped by its major category.', z.array(Service), 'services') },
        errors: { 400: ['invalid_payload'], 404: ['unknown_jurisdiction'] },
      }),
    );
    r.registerPath(
      call(READERS, {
        method: 'get',
        path: '/open311/v2/services/{file}',
        operationId: 'open311ServiceDefinition',
        summary: 'A service definition (none here)',
        description: 'No service defines attributes (`metadata: false`), so this is always `404`, saying whether the service exists.',
        request: {
          params: z.object({ file: z.string().openapi({ description: '`<service_code>.json` or `.xml`', example: 'appearance.garbage.json' }) }),
          query: z.strictObject(common),
        },
        responses: {},
        errors: { 400: ['invalid_payload'], 404: ['no_definition', 'unknown_service', 'unknown_jurisdiction'] },
      }),
    );
    r.registerPath(
      call(WRITERS, {
        method: 'post',
        path: '/open311/v2/requests.{format}',
        operationId: 'open311CreateRequest',
        summary: 'Report a service request (a new case)',
        description:
          "Reported through the same case ingest as every source. A retry makes no second case: with an `Idempotency-Key` header the same key is the same request (a different request under it is `422`); without one, the same request within 10 minutes. The channel is the key's one channel, else `photo_app`. Body at most 64 KB.",
        request: {
          params: z.object({ format }),
          headers: z.object({ 'Idempotency-Key': z.string().optional().openapi({ description: '1–255 printable ASCII characters, e.g. a UUID' }) }),
          body: {
            required: true,
            content: {
              'application/x-www-form-urlencoded': { schema: NewRequestBody, example: NEW_REQUEST_EXAMPLE },
              'application/json': { schema: NewRequestBody, example: NEW_REQUEST_EXAMPLE },
            },
          },
        },
        responses: {
          201: {
            ...answer('A new case: its id and when it is due.', Created, 'service_requests'),
            headers: z.object({ Location: z.string().openapi({ description: "the request's URL" }) }),
          },
          200: {
            ...answer('A retry of a request already made: the same case.', Created, 'service_requests'),
            headers: z.object({ 'Idempotent-Replayed': z.literal('true') }),
          },
        },
        errors: {
          400: ['invalid_payload', 'malformed_json', 'invalid_encoding', 'outside_city', 'unknown_grid'],
          403: ['outside_scope', 'wrong_source'],
          404: ['unknown_service', 'unknown_jurisdiction'],
          409: ['case_exists', 'event_id_reused', 'version_conflict'],
          413: ['payload_too_large'],
          415: ['unsupported_encoding', 'unsupported_media_type'],
          422: ['idempotency_key_reused', 'deadline_in_past'],
          503: ['storage_full', 'store_unavailable'],
        },
      }),
    );
    r.registerPath(
      call(READERS, {
        method: 'get',
        path: '/open311/v2/requests.{format}',
        operationId: 'open311FindRequests',
        summary: 'Find service requests',
        description:
          'Within the key\'s region, newest first. Without `service_request_id`: the last 90 days (a window may span at most 90 days), at most 1,000; a `Link: <…>; rel="next"` header gives the next page.',
        request: {
          params: z.object({ format }),
          query: z.strictObject({
            api_key: z.string().optional().openapi({ description: 'the key, where no header carries it' }),
            ...common,
            service_request_id: z.string().optional().openapi({ description: 'ids, comma-separated: overrides the other filters' }),
            service_code: z.string().optional().openapi({ description: 'service codes, comma-separated' }),
            start_date: z.string().optional().openapi({ description: 'w3 date-time with offset', example: '2026-11-23T00:00:00+08:00' }),
            end_date: z.string().optional().openapi({ description: 'w3 date-time with offset' }),
            status: z.string().optional().openapi({ description: '`open`, `closed` or both, comma-separated' }),
          }),
        },
        responses: { 200: answer('The service requests.', z.array(ServiceRequest), 'service_requests') },
        errors: { 400: ['invalid_payload'], 404: ['unknown_jurisdiction'] },
      }),
    );
    r.registerPath(
      call(READERS, {
        method: 'get',
        path: '/open311/v2/requests/{file}',
        operationId: 'open311GetRequest',
        summary: 'One service request',
        request: {
          params: z.object({ file: z.string().openapi({ description: '`<service_request_id>.json` or `.xml`', example: 'C1.json' }) }),
          query: z.strictObject(common),
        },
        responses: { 200: answer("A list holding the one request (the spec's shape).", z.array(ServiceRequest).length(1), 'service_requests') },
        errors: { 400: ['invalid_payload'], 404: ['unknown_case', 'unknown_jurisdiction'] },
      }),
    );
  },
};
