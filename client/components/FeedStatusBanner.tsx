// Honest staleness: a screen that lost its feed says so loudly, once, and since when; it never
// keeps showing old figures as if they were live. The feed worker judges the state on data actually
// received (client/feed/feed.worker.ts); this only shows it.
import { shanghaiClock } from '../../shared/shanghaiTime.ts';
import type { FeedState } from '../feed/feedMessages.ts';
import { t } from '../i18n/messages.ts';
import { useWallStore } from '../store/wallStore.ts';

export type { FeedState } from '../feed/feedMessages.ts';

export function useFeedState(): { state: FeedState; since: number | null } {
  const state = useWallStore((s) => s.feed.state);
  const since = useWallStore((s) => s.feed.since);
  return { state, since };
}

/** Socket.IO's words for a server it could not reach (no refusal by the server: that one says why, and is shown as it is). */
const TRANSPORT_ERROR = /^(websocket error|xhr poll error|xhr post error|timeout)$/i;

/** The screen's one word on its feed: nothing while live; lost, delayed or connecting, with since when. */
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
