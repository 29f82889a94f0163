// A number that moves to its new value over a short time instead of jumping, so a change on the
// wall catches the eye; it lands exactly on the value.
import { useEffect, useRef, useState } from 'react';

const DURATION_MS = 600;

export function useCountUp(target: number | undefined): number | undefined {
  const [shown, setShown] = useState(target);
  const from = useRef(target);
  useEffect(() => {
    if (target === undefined || from.current === undefined || from.current === target) {
      from.current = target;
      setShown(target);
      return;
    }
    const start = performance.now();
    const origin = from.current;
    let frame = 0;
    const step = (now: number) => {
      const k = Math.min(1, (now - start) / DURATION_MS);
      const eased = 1 - (1 - k) ** 3;
      setShown(k >= 1 ? target : Math.round(origin + (target - origin) * eased));
      if (k < 1) frame = requestAnimationFrame(step);
      else from.current = target;
    };
    frame = requestAnimationFrame(step);
    return () => {
      cancelAnimationFrame(frame);
      from.current = target;
    };
  }, [target]);
  return shown;
}
