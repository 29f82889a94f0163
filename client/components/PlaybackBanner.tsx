// A wall playing back the past says so on every screen, with the moment shown, the speed and how
// far through the period it is: nobody in the hall may take a replay for the city now. The play
// time is computed from the wall's clock (the same on every screen), not from the data's arrival.
// An ended playback counts down the seconds before the server takes the wall back to live (its
// clock's liveAt), and the wall says it is live again once it is.
import { useEffect, useRef, useState } from 'react';
import { shanghaiClock, shanghaiDay } from '../../shared/shanghaiTime.ts';
import { SYSTEM_WHO, playTime } from '../../shared/wallControl.ts';
import { t } from '../i18n/messages.ts';
import { useWallStore } from '../store/wallStore.ts';
import './PlaybackBanner.css';

/** How long a passing notice stays. */
const NOTICE_MS = 6000;

function speedText(speed: number): string {
  return speed >= 10 ? `×${Math.round(speed).toLocaleString('zh-CN')}` : `×${speed.toFixed(speed < 1 ? 2 : 1).replace(/\.0+$/, '')}`;
}

/** When the server last took this wall back to live after a playback (null: not in this visit). */
function useBackLiveAt(): number | null {
  const state = useWallStore((s) => s.wallState);
  const played = useRef(false);
  const [at, setAt] = useState<number | null>(null);
  useEffect(() => {
    if (!state) return;
    if (state.playback) {
      played.current = true;
      setAt(null);
    } else if (played.current) {
      played.current = false;
      if (state.by === SYSTEM_WHO) setAt(Date.now());
    }
  }, [state]);
  return at;
}

export function PlaybackBanner() {
  const clock = useWallStore((s) => s.wallState?.playback ?? null);
  const offset = useWallStore((s) => s.clockOffsetMs);
  const notice = useWallStore((s) => s.notice);
  const backLiveAt = useBackLiveAt();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  if (!clock) {
    if (notice && now - notice.at < NOTICE_MS)
      return (
        <div className="wall-notice" role="status">
          {notice.message}
        </div>
      );
    if (backLiveAt !== null && now - backLiveAt < NOTICE_MS)
      return (
        <div className="playback-banner back-live-banner" role="status" data-testid="back-live">
          {t.playbackBackLive}
        </div>
      );
    return null;
  }
  const showNotice = notice && now - notice.at < NOTICE_MS;
  const serverNow = now + offset;
  const at = playTime(clock, serverNow);
  const ended = at >= clock.to;
  const share = (at - clock.from) / Math.max(1, clock.to - clock.from);
  const liveIn = ended && clock.liveAt !== undefined ? Math.max(0, Math.ceil((clock.liveAt - serverNow) / 1000)) : null;
  return (
    <div className="playback-banner" role="status" data-testid="playback-banner" data-play-at={at} data-ended={ended}>
      <span className="playback-mark">{t.playback}</span>
      <span className="playback-time">
        {shanghaiDay(at)} {shanghaiClock(at)}
      </span>
      {liveIn !== null ? (
        <span className="playback-live-in" data-testid="playback-live-in" data-seconds={liveIn}>
          {t.playbackLiveIn(liveIn)}
        </span>
      ) : (
        <>
          <span className="playback-speed">{ended ? t.playbackEnded : clock.paused ? t.playbackPaused : speedText(clock.speed)}</span>
          <span className="playback-not-live">{t.playbackNotLive}</span>
        </>
      )}
      <span className="playback-progress">
        <span style={{ width: `${(share * 100).toFixed(1)}%` }} />
      </span>
      {showNotice ? <span className="playback-notice">{notice.message}</span> : null}
    </div>
  );
}
