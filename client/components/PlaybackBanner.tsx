// A wall playing back the past says so on every screen: an amber frame round each screen, the moment
// shown on every panel's title line (PlaybackTag) and, in the title strip, the whole banner: the
// moment, the speed and how far through the period it is. Nobody in the hall may take a replay for
// the city now, and nothing of the banner lies over a figure. The play time is computed from the
// wall's clock (the same on every screen), not from the data's arrival. An ended playback counts
// down the seconds before the server takes the wall back to live (its clock's liveAt), and the wall
// says it is live again once it is (WallNotices, over the screen for a few seconds).
import { useEffect, useRef, useState } from 'react';
import { shanghaiClock, shanghaiDay } from '../../shared/shanghaiTime.ts';
import { type PlaybackClock, SYSTEM_WHO, playTime } from '../../shared/wallControl.ts';
import { t } from '../i18n/messages.ts';
import { useWallStore } from '../store/wallStore.ts';
import './PlaybackBanner.css';

/** How long a passing notice stays. */
const NOTICE_MS = 6000;

/** "1,440倍速" (a day in a minute), "0.5倍速": how a duty leader says it. */
function speedText(speed: number): string {
  const n = speed >= 10 ? Math.round(speed).toLocaleString('zh-CN') : speed.toFixed(speed < 1 ? 2 : 1).replace(/\.0+$/, '');
  return t.playbackSpeed(n);
}

/** The day and time shown: a period that ends on a midnight ends at "24:00:00" of its day, not at 00:00:00 of the next. */
function moment(at: number, clock: PlaybackClock): { day: string; time: string } {
  if (at >= clock.to && shanghaiClock(clock.to) === '00:00:00') return { day: shanghaiDay(clock.to - 1), time: '24:00:00' };
  return { day: shanghaiDay(at), time: shanghaiClock(at) };
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

/** The moment a playback shows, ticking with the wall's clock, and its words (null when live). */
function usePlayAt(tickMs: number): { at: number; shown: { day: string; time: string }; clock: PlaybackClock; serverNow: number } | null {
  const clock = useWallStore((s) => s.wallState?.playback ?? null);
  const offset = useWallStore((s) => s.clockOffsetMs);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!clock) return;
    const timer = setInterval(() => setNow(Date.now()), tickMs);
    return () => clearInterval(timer);
  }, [clock, tickMs]);
  if (!clock) return null;
  const serverNow = now + offset;
  const at = playTime(clock, serverNow);
  return { at, shown: moment(at, clock), clock, serverNow };
}

/** "回放 12-07 00:03" in a panel's title line while the wall plays back (nothing when live). */
export function PlaybackTag() {
  const play = usePlayAt(1000);
  if (!play) return null;
  return (
    <span className="playback-tag" data-testid="playback-tag" data-play-at={play.at}>
      {t.playback} {play.shown.day.slice(5)} {play.shown.time.slice(0, 5)}
    </span>
  );
}

/** The whole playback banner, in the title strip. */
export function PlaybackBanner() {
  const play = usePlayAt(250);
  const notice = useWallStore((s) => s.notice);
  if (!play) return null;
  const { at, shown, clock, serverNow } = play;
  const showNotice = notice && Date.now() - notice.at < NOTICE_MS;
  const ended = at >= clock.to;
  const share = (at - clock.from) / Math.max(1, clock.to - clock.from);
  const liveIn = ended && clock.liveAt !== undefined ? Math.max(0, Math.ceil((clock.liveAt - serverNow) / 1000)) : null;
  return (
    <div className="playback-banner" role="status" data-testid="playback-banner" data-play-at={at} data-ended={ended}>
      <span className="playback-line">
        <span className="playback-mark">{t.playback}</span>
        <span className="playback-time">
          {shown.day} {shown.time}
        </span>
      </span>
      <span className="playback-line">
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
      </span>
      <span className="playback-progress">
        <span style={{ width: `${(share * 100).toFixed(1)}%` }} />
      </span>
      {showNotice ? <span className="playback-notice">{notice.message}</span> : null}
    </div>
  );
}

/** Passing notices over the screen: a refused key press, the wall back to live after a playback. */
export function WallNotices() {
  const notice = useWallStore((s) => s.notice);
  const playing = useWallStore((s) => s.wallState?.playback != null);
  const backLiveAt = useBackLiveAt();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  if (playing) return null;
  if (notice && now - notice.at < NOTICE_MS)
    return (
      <div className="wall-notice" role="status">
        {notice.message}
      </div>
    );
  if (backLiveAt !== null && now - backLiveAt < NOTICE_MS)
    return (
      <div className="wall-notice back-live-banner" role="status" data-testid="back-live">
        {t.playbackBackLive}
      </div>
    );
  return null;
}
