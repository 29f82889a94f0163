// The pure parts of webhook delivery: the signature a receiver checks (and refuses when tampered
// with, stale or malformed), and the retry schedule (exponential, jittered, capped, Retry-After).
import { describe, expect, it } from 'vitest';
import { signatureHeader, verifyWebhookSignature } from '../../server/webhooks/webhookSignature.ts';
import { MAX_RETRY_MS, retryDelay } from '../../server/webhooks/retryDelay.ts';

const SECRET = 'whsec_0123456789abcdef';
const BODY = JSON.stringify({ id: 'C-1:4', type: 'case.escalated' });
const NOW = Date.parse('2026-11-24T02:00:00Z');

describe('webhook signatures', () => {
  it('verify for the body they were made for, at a time within the tolerance', () => {
    const header = signatureHeader(SECRET, BODY, NOW);
    expect(header).toMatch(/^t=\d{10},v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(SECRET, BODY, header, NOW + 299_000)).toEqual({ ok: true });
  });

  it('are refused for another body, another secret, a stale or future timestamp, or a malformed header', () => {
    const header = signatureHeader(SECRET, BODY, NOW);
    expect(verifyWebhookSignature(SECRET, BODY.replace('4', '5'), header, NOW)).toMatchObject({ ok: false, why: 'the signature does not match the body' });
    expect(verifyWebhookSignature('whsec_another-secret-0000', BODY, header, NOW)).toMatchObject({ ok: false });
    expect(verifyWebhookSignature(SECRET, BODY, header, NOW + 301_000)).toMatchObject({ ok: false, why: expect.stringContaining('a replay?') });
    expect(verifyWebhookSignature(SECRET, BODY, header, NOW - 301_000)).toMatchObject({ ok: false });
    // the timestamp is inside the MAC: moving it forward breaks the signature
    const moved = header.replace(/t=(\d+)/, (_m, t: string) => `t=${Number(t) + 200}`);
    expect(verifyWebhookSignature(SECRET, BODY, moved, NOW + 200_000)).toMatchObject({ ok: false, why: 'the signature does not match the body' });
    for (const bad of [undefined, '', 'v1=abc', 't=abc,v1=00', `t=${NOW / 1000}`]) expect(verifyWebhookSignature(SECRET, BODY, bad, NOW).ok).toBe(false);
  });
});

describe('the retry schedule', () => {
  it('doubles from 1 s, each wait in the upper half of its step, capped at 5 minutes', () => {
    for (const [failures, step] of [
      [1, 1000],
      [2, 2000],
      [3, 4000],
      [9, 256_000],
      [10, MAX_RETRY_MS],
      [50, MAX_RETRY_MS],
    ] as const) {
      expect(retryDelay(failures, undefined, () => 0)).toBe(step / 2);
      expect(retryDelay(failures, undefined, () => 0.999_999)).toBeCloseTo(step, -1);
    }
  });

  it("waits at least as long as the receiver's Retry-After, never past the cap", () => {
    expect(retryDelay(1, 30_000, () => 0.5)).toBe(30_000);
    expect(retryDelay(1, 3_600_000, () => 0.5)).toBe(MAX_RETRY_MS);
  });
});
