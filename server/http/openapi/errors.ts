// The one error shape `{error: {code, message, details?}}` (server/http/apiError.ts) with the codes
// each status can carry, described from one table, and the error sets whole groups of routes share.
import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from './zod.ts';

/** What every error answer can say, by code (docs/http-api.md lists them too). */
export const ERROR_CODES: Record<string, string> = {
  invalid_payload: 'the body, query or a path parameter fails validation; `details` names each field',
  malformed_json: 'the body is not JSON',
  invalid_encoding: 'the body is not valid UTF-8',
  future_timestamp: 'a time more than 5 minutes ahead of the server clock',
  invalid_wall: 'a malformed wall id',
  unauthorized: 'no key, or an unknown, revoked or expired one (the message says which)',
  forbidden: 'a key of a role that may not do this',
  outside_scope: "a region, case, worker or grid outside the key's scope",
  wrong_source: "a report whose `source` is not one of the ingest key's channels",
  not_found: 'no such path in this API',
  unknown_region: 'no such region in the geography',
  unknown_case: "no such case (or one outside the key's scope)",
  unknown_wall: 'no such wall; the message names the walls there are',
  unknown_scenario: 'no such rehearsal scenario; the message names the scenarios there are',
  rehearsal_running: 'a rehearsal runs already: stop it first',
  not_rehearsing: 'no rehearsal is running',
  unknown_worker: 'no such worker in the roster',
  unknown_key: 'no usable key with this id made by this server',
  outside_city: 'a point outside every grid of the city',
  case_exists: 'a report for a case that exists',
  illegal_transition: "an event the case's status does not allow (the whole batch is refused)",
  out_of_order: "an event older than the case's last change",
  stale_version: '`caseVersion` written against an older state of the case',
  event_id_reused: 'a different event under a stored event id',
  version_conflict: 'another writer changed the case meanwhile, several times: send the batch again',
  already_rotated: 'the key was rotated already: rotate its replacement',
  own_key: 'an admin key cannot revoke itself',
  payload_too_large: "the body is over this endpoint's limit",
  unsupported_encoding: 'a content encoding or charset the server does not read',
  deadline_in_past: 'a report whose own deadline has passed',
  unknown_grid: 'a grid code that is not in the geography',
  unknown_department: 'a dispatch naming a department code that is not in the registry (config/departments.json)',
  expired: '`expiresAt` lies in the past',
  rate_limited: 'over a rate limit, or too many refused tokens from this address: wait `Retry-After` seconds',
  storage_full: "the store's disk is full: nothing was stored; send it again later",
  store_unavailable: 'the store cannot be reached: nothing was stored; send it again shortly',
};

export const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  503: 'Service unavailable',
};

const errorDetail = z
  .object({
    path: z.string().openapi({ description: 'the offending field, e.g. `events.0.at`' }),
    message: z.string(),
    code: z.string().optional().openapi({ description: 'where refusals differ per field (e.g. `unknown_grid` or `outside_city`)' }),
  })
  .openapi('ErrorDetail');

/** The error body with the codes one status can carry. */
export function errorBody(codes: readonly [string, ...string[]]) {
  return z.strictObject({
    error: z.strictObject({
      code: z.enum(codes),
      message: z.string().openapi({ description: 'an English sentence saying what is wrong' }),
      details: z.array(errorDetail).optional(),
    }),
  });
}

/** The generic error body (every status, every code): a component for clients to share. */
export const ErrorBody = z
  .strictObject({
    error: z.strictObject({ code: z.string(), message: z.string(), details: z.array(errorDetail).optional() }),
  })
  .openapi('Error', { description: 'Every error: `{error: {code, message, details?}}`; a refused request changes nothing.' });

const retryAfter = z.object({ 'Retry-After': z.string().openapi({ description: 'seconds to wait before sending it again', example: '5' }) });

export type ErrorTable = Partial<Record<number, readonly string[]>>;

/** Error responses from a table status -> codes; each code is described from ERROR_CODES. */
export function errorResponses(table: ErrorTable, examples: Partial<Record<number, unknown>> = {}): Record<string, ResponseConfig> {
  const out: Record<string, ResponseConfig> = {};
  for (const [status, codes] of Object.entries(table).sort(([a], [b]) => Number(a) - Number(b))) {
    const list = [...new Set(codes)] as [string, ...string[]];
    if (!list.length) continue;
    const n = Number(status);
    out[status] = {
      description: `${STATUS_TEXT[n] ?? 'Error'}: ${list.map((c) => `\`${c}\` (${ERROR_CODES[c] ?? 'see the message'})`).join('; ')}`,
      ...((n === 429 || n === 503) && { headers: retryAfter }),
      content: { 'application/json': { schema: errorBody(list), ...(examples[n] !== undefined && { example: examples[n] }) } },
    };
  }
  return out;
}

/** Merges error tables: the codes of one status from every table. */
export function mergeErrors(...tables: ErrorTable[]): ErrorTable {
  const out: Record<number, string[]> = {};
  for (const t of tables) for (const [s, codes] of Object.entries(t)) out[Number(s)] = [...(out[Number(s)] ?? []), ...(codes ?? [])];
  return out;
}

/** What an operation behind a key can always answer: no key, a key of another role, a rate limit. */
export const AUTH_ERRORS: ErrorTable = { 401: ['unauthorized'], 403: ['forbidden'], 429: ['rate_limited'] };
/** What any endpoint that reads a JSON body can answer before the route sees it (server/http/jsonBody.ts). */
export const BODY_ERRORS: ErrorTable = {
  400: ['invalid_payload', 'malformed_json', 'invalid_encoding'],
  413: ['payload_too_large'],
  415: ['unsupported_encoding'],
};
/** A write to the store that cannot be made: nothing was stored. */
export const STORE_ERRORS: ErrorTable = { 503: ['storage_full', 'store_unavailable'] };
