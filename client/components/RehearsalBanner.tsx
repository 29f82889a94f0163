// A rehearsal (演练) running in the city says so on every screen of every wall: an orange frame
// round the screen and a banner at its foot with the scenario and the minutes left, in Chinese
// whatever the locale, large enough to read from the back of the hall — nobody may take a drill's
// cases for real ones. The minutes count down on the server's clock; the server ends it.
import { useEffect, useState } from 'react';
import { rehearsalParts } from '../../shared/rehearsal.ts';
import { useWallStore } from '../store/wallStore.ts';

/** What a rehearsal shows now (server time: 演练：暴雨内涝, 剩余 42 分钟), refreshed every few seconds; null when none runs. */
export function useRehearsalParts(): { what: string; left: string } | null {
  const rehearsal = useWallStore((s) => s.rehearsal);
  const offset = useWallStore((s) => s.clockOffsetMs);
  // drawn again every few seconds; the time is read as it is drawn (never a time kept from before it started)
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!rehearsal) return;
    const timer = setInterval(() => setTick((n) => n + 1), 5000);
    return () => clearInterval(timer);
  }, [rehearsal]);
  return rehearsal ? rehearsalParts(rehearsal, Date.now() + offset) : null;
}

export function RehearsalBanner() {
  const parts = useRehearsalParts();
  const name = useWallStore((s) => s.rehearsal?.name ?? '');
  if (!parts) return null;
  return (
    <>
      <div className="rehearsal-frame" aria-hidden="true" />
      <div className="rehearsal-banner" role="status" lang="zh-CN" data-testid="rehearsal-banner" data-rehearsal={name}>
        {parts.what} · {parts.left}
      </div>
    </>
  );
}
