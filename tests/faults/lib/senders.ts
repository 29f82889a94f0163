// Ingest traffic for the fault suites: batches of a few kinds (whole closed cases, cases left open
// part-way, bare reports), posted by concurrent senders that record which batches were acknowledged.
import type { CaseEvent } from '../../../shared/caseEvent.ts';
import { closedCase, grids, uniqueId } from '../../support/factories.ts';
import type { SentBatch } from './logChecks.ts';

/** The n-th batch: a closed case (7 events), one left dispatched (3), or a bare report (1), on a spread of grids. */
export function batchFor(n: number, prefix: string): CaseEvent[] {
  const caseId = uniqueId(prefix);
  const gridCode = grids.grids[(n * 37) % grids.grids.length]!.code;
  const events = closedCase(caseId).map((e) => (e.type === 'reported' ? { ...e, gridCode } : e));
  return n % 3 === 0 ? events : n % 3 === 1 ? events.slice(0, 3) : events.slice(0, 1);
}

export interface PostResult {
  status: number | 'failed';
  body: any;
  retryAfter: string | null;
  /** How long the answer took. */
  ms: number;
}

export async function postEvents(url: string, key: string, events: unknown[], timeoutMs = 15_000): Promise<PostResult> {
  const t0 = performance.now();
  try {
    const res = await fetch(`${url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ events }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, retryAfter: res.headers.get('retry-after'), ms: performance.now() - t0 };
  } catch (err) {
    // refused, cut off or timed out: not acknowledged, so it may or may not be stored
    return { status: 'failed', body: (err as Error).message, retryAfter: null, ms: performance.now() - t0 };
  }
}

/**
 * `senders` loops posting new batches until `stop()` says so; every batch is recorded in `sent`
 * with whether it was acknowledged. `onAck` runs after each acknowledgement.
 */
export async function runSenders(opts: {
  url: () => string;
  key: string;
  senders: number;
  prefix: string;
  sent: SentBatch[];
  stop: () => boolean;
  onAck?: () => void | Promise<void>;
  onResult?: (r: PostResult, batch: SentBatch) => void;
}): Promise<void> {
  let n = 0;
  await Promise.all(
    Array.from({ length: opts.senders }, async () => {
      while (!opts.stop()) {
        const batch: SentBatch = { events: batchFor(n++, opts.prefix), acked: false };
        opts.sent.push(batch);
        const r = await postEvents(opts.url(), opts.key, batch.events);
        batch.acked = r.status === 200;
        opts.onResult?.(r, batch);
        if (batch.acked) await opts.onAck?.();
        else if (r.status === 'failed' || r.status === 503) await new Promise((res) => setTimeout(res, 50));
      }
    }),
  );
}

/** Sends every unacknowledged batch again until each is acknowledged; each answer must count it whole, stored or duplicate. */
export async function resendUnacknowledged(url: string, key: string, sent: SentBatch[], attempts = 40): Promise<{ stored: number; duplicate: number }> {
  let stored = 0;
  let duplicate = 0;
  for (const batch of sent.filter((b) => !b.acked)) {
    for (let i = 0; ; i++) {
      const r = await postEvents(url, key, batch.events);
      if (r.status === 200) {
        // all or nothing: a crashed batch was stored whole or not at all
        if (r.body.stored !== 0 && r.body.stored !== batch.events.length)
          throw new Error(`batch of ${batch.events.length} half stored: ${JSON.stringify(r.body)}`);
        if (r.body.stored + r.body.duplicates.length !== batch.events.length) throw new Error(`unexpected answer ${JSON.stringify(r.body)}`);
        if (r.body.stored) stored += 1;
        else duplicate += 1;
        batch.acked = true;
        break;
      }
      if (i >= attempts) throw new Error(`batch never acknowledged: ${JSON.stringify(r)}`);
      await new Promise((res) => setTimeout(res, 250));
    }
  }
  return { stored, duplicate };
}
