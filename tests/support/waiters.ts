// Waiting on what a test client records: `until` resolves when the predicate holds (checked now and
// after every `notify`), rejects with `timedOut`'s error after the timeout, or at once when `failure`
// says the client was refused; `untilReached` waits for a count to reach a target for as long as it
// keeps growing (a busy machine stretches the time a catch-up takes, not whether it progresses). One
// mechanism for screens, consoles, resuming screens and receivers.
export function createWaiters(timedOut: (what: string, timeoutMs: number) => Error, failure: () => Error | null = () => null, defaultTimeoutMs = 30_000) {
  const waiters = new Set<() => void>();
  const api = {
    notify: () => [...waiters].forEach((check) => check()),
    /** Resolves when `count()` reaches `target`; rejects only when it has not grown for `stallMs`. */
    async untilReached(count: () => number, target: number, what: string, stallMs = defaultTimeoutMs): Promise<void> {
      for (let seen = count(); seen < target; seen = count()) {
        const from = seen;
        await api.until(() => count() >= target || count() > from, `${what} (stuck at ${from} of ${target})`, stallMs);
      }
    },
    until(predicate: () => boolean, what: string, timeoutMs = defaultTimeoutMs): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(timedOut(what, timeoutMs)), timeoutMs);
        const done = (err?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (err) reject(err);
          else resolve();
        };
        const check = () => {
          const failed = failure();
          if (failed) done(failed);
          else if (predicate()) done();
        };
        waiters.add(check);
        check();
      });
    },
  };
  return api;
}
