// The playback clock as the wall shows it, ticking every frame without re-rendering React: the
// play time is computed locally from the wall's PlaybackClock and the measured server clock offset.
import { useEffect, useRef } from 'react';
import { playTime, type PlaybackClock } from '../../shared/wallControl.ts';
import { useConsoleStore } from './consoleStore.ts';
import { shanghaiStamp } from './playbackPlan.ts';

/** Calls `frame(playTime)` on every animation frame while a playback runs (once when paused). */
export function usePlayFrame(clock: PlaybackClock | null, frame: (at: number) => void) {
  const offset = useConsoleStore((s) => s.clockOffsetMs);
  const latest = useRef(frame);
  latest.current = frame;
  useEffect(() => {
    if (!clock) return;
    let raf = 0;
    const tick = () => {
      latest.current(playTime(clock, Date.now() + offset));
      if (!clock.paused) raf = requestAnimationFrame(tick);
    };
    tick();
    return () => cancelAnimationFrame(raf);
  }, [clock, offset]);
}

export function PlayClock({ clock, className, testId }: { clock: PlaybackClock; className?: string; testId?: string }) {
  const ref = useRef<HTMLSpanElement>(null);
  usePlayFrame(clock, (at) => {
    const text = shanghaiStamp(at);
    if (ref.current && ref.current.textContent !== text) ref.current.textContent = text;
  });
  return <span ref={ref} className={className} data-testid={testId} />;
}
