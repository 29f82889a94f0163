// A wall playing back the past says so on every screen, with the moment shown, the speed and how
// far through the period it is: nobody in the hall may take a replay for the city now. The play
// time is computed from the wall's clock (the same on every screen), not from the data's arrival.
import { useEffect, useState } from 'react';
import { shanghaiClock, shanghaiDay } from '../../shared/shanghaiTime.ts';
import { playTime } from '../../shared/wallControl.ts';
import { t } from '../i18n/messages.ts';
import { useWallStore } from '../store/wallStore.ts';

function speedText(speed: number): string {
  return speed >= 10 ? `×${Math.round(speed).toLocaleString('zh-CN')}` : `×${speed.toFixed(speed < 1 ? 2 : 1).replace(/\.0+$/, '')}`;
}

export function PlaybackBanner() {
  const clock = useWallStore((s) => s.wallState?.playback ?? null);
  const offset = useWallStore((s) => s.clockOffsetMs);
  const notice = useWallStore((s) => s.notice);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const showNotice = notice && now - notice.at < 6000;
  if (!clock)
    return showNotice ? (
      <div className="wall-notice" role="status">
        {notice.message}
      </div>
    ) : null;
  const at = playTime(clock, now + offset);
  const ended = at >= clock.to;
  const share = (at - clock.from) / Math.max(1, clock.to - clock.from);
  return (
    <div className="playback-banner" role="status" data-testid="playback-banner" data-play-at={at}>
      <span className="playback-mark">{t.playback}</span>
      <span className="playback-time">
        {shanghaiDay(at)} {shanghaiClock(at)}
      </span>
      <span className="playback-speed">{ended ? t.playbackEnded : clock.paused ? t.playbackPaused : speedText(clock.speed)}</span>
      <span className="playback-not-live">{t.playbackNotLive}</span>
      <span className="playback-progress">
        <span style={{ width: `${(share * 100).toFixed(1)}%` }} />
      </span>
      {showNotice ? <span className="playback-notice">{notice.message}</span> : null}
    </div>
  );
}
