// Waiting on what a test client records: `until` resolves when the predicate holds (checked now and
// after every `notify`), rejects with `timedOut`'s error after the timeout, or at once when `failure`
// says the client was refused. One mechanism for screens, consoles, resuming screens and receivers.
export function createWaiters(timedOut: (what: string, timeoutMs: number) => Error, failure: () => Error | null = () => null, defaultTimeoutMs = 10_000) {
  const waiters = new Set<() => void>();
  return {
    notify: () => [...waiters].forEach((check) => check()),
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
}
