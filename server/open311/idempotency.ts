// A retried POST must not make a second case. The case id is derived from the request, so that a
// retry names the case the first attempt made:
//   - with an `Idempotency-Key` header (the IETF draft's), from that key: the same key is the same
//     request for ever, and the same key with a different request is refused (422);
//   - without one (a client that speaks only the spec, which has no such field), from everything the
//     request says — its parameters, personal ones included — within a 10-minute window: the same
//     report from the same device, account or person sent again within 10 to 20 minutes is the
//     same case (a citizen who re-sends a report word for word that soon means the same thing).
// Each id is an HMAC keyed by the caller's own token: nobody without the token can compute it, so a
// case id reveals nothing of the personal fields that went into it, and keys never collide.
import { createHmac } from 'node:crypto';
import { Open311Error } from './errors.ts';
import type { Params } from './params.ts';

export const FINGERPRINT_WINDOW_MS = 10 * 60_000;
/** The IETF draft's key is a structured-field string; a plain token is taken too. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export interface RequestIds {
  /** The id a new case gets. */
  create: string;
  /** Every id under which this request may already have made a case (create included). */
  candidates: string[];
  /** Whether the client gave the key (then a different request under it is refused). */
  explicit: boolean;
}

const caseIdOf = (token: string, material: string) => `o311-${createHmac('sha256', token).update(material).digest('hex').slice(0, 24)}`;

/** The header's key, unquoted; null when absent; the spec's error when malformed. */
export function idempotencyKeyOf(header: string | undefined): string | null {
  if (header === undefined) return null;
  const key = header.trim().replace(/^"(.*)"$/, '$1');
  if (!KEY_PATTERN.test(key)) throw new Open311Error(400, 'Idempotency-Key: 1 to 255 printable ASCII characters (e.g. a UUID)', 'invalid_payload');
  return key;
}

export function requestIds(token: string, key: string | null, params: Params, now: number): RequestIds {
  if (key !== null) {
    const id = caseIdOf(token, `key\u0000${key}`);
    return { create: id, candidates: [id], explicit: true };
  }
  // the request's own words, in a stable order; the key itself is not part of what was asked
  const material = JSON.stringify([...params].filter(([name]) => name !== 'api_key').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const window = Math.floor(now / FINGERPRINT_WINDOW_MS);
  const [current, previous] = [window, window - 1].map((w) => caseIdOf(token, `request\u0000${w}\u0000${material}`)) as [string, string];
  return { create: current, candidates: [current, previous], explicit: false };
}
