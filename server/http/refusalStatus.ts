// The HTTP status of each refusal the core speaks (shared/refusal.ts). A route that means something
// else by a code (an unknown region named in the path is 404, in a body 422) throws an ApiError with
// its own status; everything else is answered from this table.
const STATUS: Record<string, number> = {
  invalid_payload: 400,
  malformed_json: 400,
  future_timestamp: 400,
  invalid_encoding: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  outside_scope: 403,
  wrong_source: 403,
  unknown_worker: 403,
  not_found: 404,
  // a case's lifecycle says no (shared/caseLifecycle.ts), or another writer came first
  unknown_case: 409,
  case_exists: 409,
  illegal_transition: 409,
  out_of_order: 409,
  stale_version: 409,
  event_id_reused: 409,
  version_conflict: 409,
  extension_too_late: 409,
  payload_too_large: 413,
  unsupported_encoding: 415,
  deadline_in_past: 422,
  unknown_grid: 422,
  unknown_department: 422,
  outside_city: 422,
  unknown_region: 422,
  period_not_kept: 400,
  unknown_wall: 422,
  unknown_scenario: 422,
  expired: 422,
  rate_limited: 429,
  storage_full: 503,
  store_unavailable: 503,
};

/** The status a refusal is answered with (409: the request was understood and refused by the state of things). */
export function statusOf(code: string): number {
  return STATUS[code] ?? 409;
}
