// At most one log line per key every `everyMs`, with the count of those held back since: for
// anything that can repeat in a flood (refused requests, a Redis outage on every publish).
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
