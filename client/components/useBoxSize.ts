// The size of an element's box in CSS pixels, kept up to date as it changes (a panel laid out by the
// wall, a window resized on the desk): for lists that show as many rows as fit wholly.
import { useEffect, useRef, useState } from 'react';

export function useBoxSize<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setSize({ width: el.clientWidth, height: el.clientHeight }));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, size] as const;
}
