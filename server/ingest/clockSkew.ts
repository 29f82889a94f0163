// A timestamp from the future would freeze a case (later events look out of order) or pin a
// worker's position (latest wins): refuse what is ahead of the server clock by more than a
// source's plausible clock skew.
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

import { Refusal } from '../../shared/refusal.ts';

export function futureTimestamps(instants: string[], field: string, now = Date.now()): { path: string; message: string }[] {
  return instants.flatMap((at, i) =>
    Date.parse(at) > now + MAX_CLOCK_SKEW_MS
      ? [{ path: `${field}.${i}.at`, message: `${field}.${i}.at: ${at} is more than 5 minutes ahead of the server clock (${new Date(now).toISOString()})` }]
      : [],
  );
}

/** Throws a refusal (HTTP 400) naming every timestamp too far ahead; nothing of the batch is applied. */
export function refuseFutureTimestamps(instants: string[], field: string): void {
  const future = futureTimestamps(instants, field);
  if (future.length) throw new Refusal('future_timestamp', future[0]!.message, future);
}
