// How long to wait before the next attempt at an alert: exponential back-off with jitter, 1 s, 2 s,
// 4 s … capped at 5 minutes, each drawn from the upper half of its step ("equal jitter": never much
// sooner than the schedule, yet nodes and endpoints failing together do not retry in lockstep). A
// receiver's Retry-After is honoured up to the cap.
export const FIRST_RETRY_MS = 1000;
export const MAX_RETRY_MS = 5 * 60_000;

/** The wait after the `failures`-th failed attempt (1 for the first). */
export function retryDelay(failures: number, retryAfterMs?: number, random: () => number = Math.random): number {
  const step = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(failures - 1, 30));
  const jittered = step / 2 + random() * (step / 2);
  return Math.round(Math.min(MAX_RETRY_MS, Math.max(jittered, retryAfterMs ?? 0)));
}
