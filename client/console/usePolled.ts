// A read the console repeats while a view is open: at once, then every `everyMs`, each answer kept
// with the key it was read for (so a view never shows the previous region's answer as this one's);
// the reads in flight are abandoned when the key changes or the view closes. A failed read keeps the
// last answer. `read` is made again at every render: the key alone says what it reads.
import { useEffect, useState } from 'react';

export function usePolled<T>(key: string, read: (signal: AbortSignal) => Promise<T>, everyMs: number): T | null {
  const [answer, setAnswer] = useState<{ key: string; value: T } | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    const load = () =>
      read(abort.signal).then(
        (value) => setAnswer({ key, value }),
        () => undefined,
      );
    void load();
    const timer = setInterval(load, everyMs);
    return () => {
      abort.abort();
      clearInterval(timer);
    };
  }, [key, everyMs]);
  return answer?.key === key ? answer.value : null;
}
