// The hall clock: server time (offset measured over the socket) in Shanghai time.
import { useEffect, useState } from 'react';
import { shanghaiClock, shanghaiDay } from '../../shared/shanghaiTime.ts';
import { useWallStore } from '../store/wallStore.ts';

export function WallClock() {
  const offset = useWallStore((s) => s.clockOffsetMs);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const server = now + offset;
  return (
    <div className="wall-clock">
      <span className="wall-clock-day">{shanghaiDay(server)}</span>
      <span className="wall-clock-time" data-primary>
        {shanghaiClock(server)}
      </span>
    </div>
  );
}
