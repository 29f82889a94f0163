// One delivery attempt: a signed POST with a deadline. Only a 2xx answer delivers; anything else (a
// 3xx too: a signed alert is not sent on to wherever a redirect points), a timeout or a connection
// error is a failure to retry. The answer's body is not read: an integrator's reply means nothing here.
import { signatureHeader, SIGNATURE_HEADER } from './webhookSignature.ts';

export type AttemptResult =
  | { ok: true; status: number }
  /**
   * `kind`: the metric label (http_4xx, http_5xx, timeout, network), or `aborted`: cut short by this
   * process (stopping, or no longer the node that delivers), neither success nor failure.
   * `retryAfterMs`: the receiver's Retry-After, if it sent one.
   */
  | { ok: false; kind: string; detail: string; retryAfterMs?: number };

export interface AttemptRequest {
  url: string;
  secret: string;
  body: string;
  deliveryId: string;
  eventType: string;
  attempt: number;
  timeoutMs: number;
  /** Aborted when this process stops delivering. */
  signal: AbortSignal;
}

export async function attemptDelivery(r: AttemptRequest): Promise<AttemptResult> {
  const timeout = AbortSignal.timeout(r.timeoutMs);
  try {
    const res = await fetch(r.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.any([timeout, r.signal]),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Gridwall-Webhooks/1',
        'gridwall-delivery': r.deliveryId,
        'gridwall-event': r.eventType,
        'gridwall-attempt': String(r.attempt),
        [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(r.secret, r.body, Date.now()),
      },
      body: r.body,
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    return {
      ok: false,
      kind: `http_${Math.floor(res.status / 100)}xx`,
      detail: `HTTP ${res.status}`,
      retryAfterMs: retryAfterMs(res.headers.get('retry-after')),
    };
  } catch (err) {
    if (r.signal.aborted) return { ok: false, kind: 'aborted', detail: 'stopped delivering' };
    if (timeout.aborted) return { ok: false, kind: 'timeout', detail: `no answer within ${r.timeoutMs} ms` };
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, kind: 'network', detail: cause?.code ?? cause?.message ?? (err as Error).message };
  }
}

/** A Retry-After header (seconds, or an HTTP date) in ms; undefined when absent or unreadable. */
function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
