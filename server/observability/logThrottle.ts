// At most one log line per key every `everyMs`, with the count of those held back since: for
// anything that can repeat in a flood (refused requests, a Redis outage on every publish).
import type { Logger } from './logger.ts';

export function createLogThrottle(everyMs: number, maxKeys = 10_000) {
  const last = new Map<string, { at: number; since: number }>();
  /** null: hold this one back; else log it, saying how many were held back since the last line. */
  return (key: string): { notLoggedSince: number } | null => {
    const now = Date.now();
    const seen = last.get(key);
    if (seen && now - seen.at < everyMs) {
      seen.since += 1;
      return null;
    }
    last.set(key, { at: now, since: 0 });
    if (last.size > maxKeys) last.clear(); // many keys (addresses): forget, never grow without bound
    return { notLoggedSince: seen?.since ?? 0 };
  };
}

/** A warning logged at most once a minute per message (a Redis outage would otherwise log on every publish). */
export function throttledWarn(logger: Pick<Logger, 'warn'>, everyMs = 60_000): (message: string, err?: Error) => void {
  const throttle = createLogThrottle(everyMs);
  return (message, err) => {
    if (throttle(message)) logger.warn({ err: err?.message }, message);
  };
}
