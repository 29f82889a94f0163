// Honest staleness: a screen that lost its feed says so loudly and when it happened; it never
// keeps showing old figures as if they were live.
import { useEffect, useState } from 'react';
import { shanghaiClock } from '../../shared/shanghaiTime.ts';
import { t } from '../i18n/messages.ts';
import { useWallStore } from '../store/wallStore.ts';

/** KPIs arrive every second; this much silence on an open socket means the feed is stuck. */
export const STALE_AFTER_MS = 5000;

export type FeedState = 'connecting' | 'live' | 'stale' | 'lost';

/** Every panel of a screen whose feed is lost or stale says how old its data is: this is the text. */
export function dataAsOf(feed: { state: FeedState }, lastMessageAt: number | null, clockOffsetMs: number): string | null {
  if ((feed.state !== 'lost' && feed.state !== 'stale') || lastMessageAt === null) return null;
  return t.dataAsOf(shanghaiClock(lastMessageAt + clockOffsetMs));
}

export function useFeedState(): { state: FeedState; since: number | null } {
  const { connected, everConnected, lostSince, lastMessageAt, clockOffsetMs } = useWallStore();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const server = (local: number | null) => (local === null ? null : local + clockOffsetMs);
  if (!connected && everConnected) return { state: 'lost', since: server(lostSince) };
  if (!connected) return { state: 'connecting', since: null };
  if (lastMessageAt !== null && now - lastMessageAt > STALE_AFTER_MS) return { state: 'stale', since: server(lastMessageAt) };
  return { state: 'live', since: null };
}

/** Socket.IO's words for a server it could not reach (no refusal by the server: that one says why, and is shown as it is). */
const TRANSPORT_ERROR = /^(websocket error|xhr poll error|xhr post error|timeout)$/i;

export function FeedStatusBanner({ feed }: { feed: { state: FeedState; since: number | null } }) {
  const error = useWallStore((s) => s.error);
  if (feed.state === 'live') return null;
  const time = feed.since === null ? '' : shanghaiClock(feed.since);
  const text = feed.state === 'lost' ? t.feedLostSince(time) : feed.state === 'stale' ? t.feedStale(time) : t.connecting;
  return (
    <div className={`feed-banner feed-${feed.state}`} role="alert" data-testid="feed-banner">
      {text}
      {error && feed.state !== 'stale' ? (
        <span className="feed-error" title={error}>
          {TRANSPORT_ERROR.test(error) ? t.serverUnreachable : error}
        </span>
      ) : null}
    </div>
  );
}
