// The signature on every webhook request, the scheme Stripe's webhooks made familiar:
//   Gridwall-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the endpoint's secret>
// The timestamp is inside the MAC, so a receiver that refuses a `t` too far from its clock refuses a
// replayed request; each attempt is signed afresh (same body, same delivery id, new `t`).
// `verifyWebhookSignature` is what a receiver runs (docs/webhooks.md shows the same in a few lines).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Gridwall-Signature';
/** How far a receiver should let `t` be from its own clock (docs/webhooks.md's advice; the tests' receiver uses it). */
export const DEFAULT_TOLERANCE_S = 300;

const mac = (secret: string, t: number, body: string) => createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');

/** The header value for this body, signed at `nowMs`. */
export function signatureHeader(secret: string, body: string, nowMs: number): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${mac(secret, t, body)}`;
}

/** Whether a request's signature header is valid for this raw body, and fresh (within `toleranceS` of `nowMs`). */
export function verifyWebhookSignature(
  secret: string,
  rawBody: string,
  header: string | undefined,
  nowMs = Date.now(),
  toleranceS = DEFAULT_TOLERANCE_S,
): { ok: true } | { ok: false; why: string } {
  if (!header) return { ok: false, why: `no ${SIGNATURE_HEADER} header` };
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  const given = parts.filter(([k]) => k === 'v1').map(([, v]) => v ?? '');
  if (!Number.isInteger(t) || !given.length) return { ok: false, why: 'a malformed signature header' };
  if (Math.abs(nowMs / 1000 - t) > toleranceS) return { ok: false, why: `the timestamp is more than ${toleranceS} s from this clock (a replay?)` };
  const expected = Buffer.from(mac(secret, t, rawBody), 'hex');
  const matches = given.some((v) => {
    const b = Buffer.from(v, 'hex');
    return b.length === expected.length && timingSafeEqual(b, expected);
  });
  return matches ? { ok: true } : { ok: false, why: 'the signature does not match the body' };
}
