// The feed's health at a glance: live or not, how old the newest data is, and which screen this is
// (for the operator walking the hall); the clock, unless the wall's title has one; the clock's
// offset to the server in a tooltip (a number for the operator, not for the hall).
import { useEffect, useState } from 'react';
import type { FeedState } from '../../components/FeedStatusBanner.tsx';
import { WallClock } from '../../components/WallClock.tsx';
import { localName } from '../../i18n/localName.ts';
import { locale, t } from '../../i18n/messages.ts';
import { useWallStore } from '../../store/wallStore.ts';

export function StatusPanel({ feed, wallName, screen, clock }: { feed: FeedState; wallName: string; screen: string; clock: boolean }) {
  const lastMessageAt = useWallStore((s) => s.feed.lastMessageAt);
  const offset = useWallStore((s) => s.clockOffsetMs);
  const playback = useWallStore((s) => s.wallState?.playback != null);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const age = lastMessageAt === null ? null : Math.max(0, Math.round((now - lastMessageAt) / 1000));
  return (
    <section className={`panel status-panel feed-${feed}`} data-testid="status">
      {clock ? <WallClock /> : null}
      <div className="status-feed">
        <i className="status-dot" />
        <span data-testid="status-feed">{playback && feed === 'live' ? t.feedPlayback : t.feedState[feed]}</span>
        {age !== null ? <span className="status-age">{t.lastUpdate(age)}</span> : null}
      </div>
      <div className="status-meta" title={`${localName(wallName, locale)} · ${t.clockOffset(Math.round(offset))} · ${t.clockOffsetDetail(Math.round(offset))}`}>
        {Math.abs(offset) >= 1000 ? <span className="status-offset">{t.clockOffset(Math.round(offset))}</span> : null}
        <span>{t.screenOf(screen)}</span>
      </div>
    </section>
  );
}
