// Time-lapse playback of the past on the whole wall: presets (yesterday in 60 s, the last 24 h in
// 2 min, the last 7 days in 5 min) or a custom period in the last 30 days played in a chosen time;
// while playing, the clock, a scrub slider (seek on release), pause/resume, speed, back to live.
import { useEffect, useRef, useState } from 'react';
import { PLAYBACK_MAX_AGE_MS, playTime, type PlaybackClock } from '../../shared/wallControl.ts';
import { send } from './consoleCommands.ts';
import { ct } from './consoleMessages.ts';
import { isPending, useConsoleStore } from './consoleStore.ts';
import { PlayClock, usePlayFrame } from './PlayClock.tsx';
import {
  PRESETS,
  fromShanghaiInput,
  periodProblem,
  presetPeriod,
  shanghaiStamp,
  speedFor,
  speedText,
  stepSpeed,
  toShanghaiInput,
  type PlaybackPeriod,
  type PresetId,
} from './playbackPlan.ts';

const DURATIONS_S = [30, 60, 120, 300, 600];
const serverNow = () => Date.now() + useConsoleStore.getState().clockOffsetMs;
const presetName: Record<PresetId, string> = { yesterday: ct.presetYesterday, last24h: ct.presetLast24h, last7d: ct.presetLast7d };

function startPlayback(period: PlaybackPeriod, seconds: number) {
  return send({ type: 'playback', from: period.from, to: period.to, speed: speedFor(period, seconds * 1000) });
}

export function PlaybackControls() {
  const playback = useConsoleStore((s) => s.state?.playback ?? null);
  const preparing = useConsoleStore((s) => isPending(s, 'playback'));
  return (
    <section className="console-card playback-card" data-testid="playback">
      {playback ? <NowPlaying key={`${playback.from}-${playback.to}`} clock={playback} /> : <p className="card-empty playback-live">● {ct.notPlaying}</p>}
      {preparing ? (
        <div className="preparing" data-testid="playback-preparing" role="status">
          <i className="spinner" />
          {ct.preparing}
        </div>
      ) : null}
      <PlaybackForm disabled={preparing} />
    </section>
  );
}

/** Whether the playback has reached its end (re-rendered at that moment): the wall then shows its last instant. */
function useEnded(clock: PlaybackClock): boolean {
  const [, redraw] = useState(0);
  const left = clock.paused ? Infinity : (clock.to - playTime(clock, serverNow())) / clock.speed;
  useEffect(() => {
    if (!Number.isFinite(left) || left <= 0) return;
    const timer = setTimeout(() => redraw((n) => n + 1), left + 50);
    return () => clearTimeout(timer);
  }, [left]);
  return playTime(clock, serverNow()) >= clock.to;
}

/** The seconds left before the server takes the wall back to live (an ended playback's hold), counted down; null when it will not. */
function useLiveIn(clock: PlaybackClock, ended: boolean): number | null {
  const [, redraw] = useState(0);
  useEffect(() => {
    if (!ended || clock.liveAt === undefined) return;
    const timer = setInterval(() => redraw((n) => n + 1), 250);
    return () => clearInterval(timer);
  }, [ended, clock.liveAt]);
  return ended && clock.liveAt !== undefined ? Math.max(0, Math.ceil((clock.liveAt - serverNow()) / 1000)) : null;
}

function NowPlaying({ clock }: { clock: PlaybackClock }) {
  const ended = useEnded(clock);
  const liveIn = useLiveIn(clock, ended);
  const slider = useRef<HTMLInputElement>(null);
  const [dragAt, setDragAt] = useState<number | null>(null);
  const dragging = useRef(false);
  const progress = useRef<HTMLDivElement>(null);
  const goingLive = useConsoleStore((s) => isPending(s, 'live'));

  usePlayFrame(clock, (at) => {
    if (!dragging.current && slider.current) slider.current.value = String(at);
    if (progress.current) progress.current.style.width = `${((at - clock.from) / Math.max(1, clock.to - clock.from)) * 100}%`;
  });

  // seek when the thumb is let go (the native change event), not on every move
  useEffect(() => {
    const el = slider.current!;
    const onChange = () => {
      const at = Math.round(Number(el.value));
      dragging.current = false;
      setDragAt(null);
      void send({ type: 'seek', at });
    };
    el.addEventListener('change', onChange);
    return () => el.removeEventListener('change', onChange);
  }, []);

  return (
    <div className="now-playing" data-testid="now-playing">
      <p className="playback-period">{ct.playbackOf(shanghaiStamp(clock.from, false), shanghaiStamp(clock.to, false))}</p>
      {liveIn !== null ? (
        <p className="field-note playback-live-in" data-testid="live-in" role="status">
          {ct.liveIn(liveIn)}
        </p>
      ) : null}
      <div className="playback-clock-row">
        <span className="big-clock">{dragAt !== null ? shanghaiStamp(dragAt) : <PlayClock clock={clock} testId="play-clock" />}</span>
        <span className="playback-speed" data-testid="playback-speed">
          ×{speedText(clock.speed)}
          <small>{ct.perSecond(ct.span(clock.speed * 1000))}</small>
        </span>
      </div>
      <div className="scrub">
        <div className="scrub-fill" ref={progress} />
        <input
          ref={slider}
          type="range"
          className="scrub-input"
          data-testid="scrub"
          aria-label={ct.scrub}
          min={clock.from}
          max={clock.to}
          step={1000}
          defaultValue={clock.anchorAt}
          onPointerDown={() => (dragging.current = true)}
          onInput={(e) => {
            dragging.current = true;
            setDragAt(Number(e.currentTarget.value));
          }}
        />
      </div>
      <div className="playback-buttons">
        {clock.paused || ended ? (
          <button type="button" className="cmd btn-primary" data-testid="resume" onClick={() => void send({ type: 'resume' })}>
            ▶ {ended ? ct.replay : ct.resume}
          </button>
        ) : (
          <button type="button" className="cmd btn-primary" data-testid="pause" onClick={() => void send({ type: 'pause' })}>
            ‖ {ct.pause}
          </button>
        )}
        <button
          type="button"
          className="cmd btn-secondary"
          data-testid="slower"
          onClick={() => void send({ type: 'speed', speed: stepSpeed(clock.speed, 0.5) })}
        >
          {ct.slower}
        </button>
        <button type="button" className="cmd btn-secondary" data-testid="faster" onClick={() => void send({ type: 'speed', speed: stepSpeed(clock.speed, 2) })}>
          {ct.faster}
        </button>
      </div>
      <button type="button" className="cmd btn-live btn-live-big" data-testid="back-to-live" aria-busy={goingLive} onClick={() => void send({ type: 'live' })}>
        ● {ct.backToLive}
      </button>
    </div>
  );
}

function PlaybackForm({ disabled }: { disabled: boolean }) {
  const [custom, setCustom] = useState(() => {
    const p = presetPeriod('yesterday', serverNow());
    return { from: toShanghaiInput(p.from), to: toShanghaiInput(p.to) };
  });
  const [seconds, setSeconds] = useState(60);
  const period = { from: fromShanghaiInput(custom.from) ?? Number.NaN, to: fromShanghaiInput(custom.to) ?? Number.NaN };
  const problem = periodProblem(period, serverNow());
  const now = serverNow();
  const limits = { min: toShanghaiInput(now - PLAYBACK_MAX_AGE_MS + 120_000), max: toShanghaiInput(now) };
  return (
    <div className="playback-form">
      <h3 className="field-title">{ct.playbackPresets}</h3>
      <div className="preset-grid">
        {PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            className="cmd preset-btn"
            data-preset={p.id}
            disabled={disabled}
            onClick={() => void startPlayback(presetPeriod(p.id, serverNow()), p.seconds)}
          >
            <b>{presetName[p.id]}</b>
            <small>{ct.inDuration(ct.seconds(p.seconds))}</small>
          </button>
        ))}
      </div>
      <h3 className="field-title">{ct.custom}</h3>
      <div className="custom-period">
        <label>
          <span>{ct.from}</span>
          <input
            type="datetime-local"
            className="text-input"
            data-testid="custom-from"
            value={custom.from}
            min={limits.min}
            max={limits.max}
            onChange={(e) => setCustom({ ...custom, from: e.target.value })}
          />
        </label>
        <label>
          <span>{ct.to}</span>
          <input
            type="datetime-local"
            className="text-input"
            data-testid="custom-to"
            value={custom.to}
            min={limits.min}
            max={limits.max}
            onChange={(e) => setCustom({ ...custom, to: e.target.value })}
          />
        </label>
      </div>
      <h3 className="field-title">{ct.duration}</h3>
      <div className="segmented">
        {DURATIONS_S.map((s) => (
          <button key={s} type="button" className={`seg${s === seconds ? ' is-on' : ''}`} aria-pressed={s === seconds} onClick={() => setSeconds(s)}>
            {ct.seconds(s)}
          </button>
        ))}
      </div>
      <p className={problem ? 'field-error' : 'field-note'} data-testid="custom-note">
        {problem === 'invalid'
          ? ct.periodInvalid
          : problem === 'tooOld'
            ? ct.periodTooOld
            : problem === 'future'
              ? ct.periodFuture
              : `${ct.span(period.to - period.from)} · ${ct.speedOf(speedText(speedFor(period, seconds * 1000)))} · ${ct.perSecond(ct.span(speedFor(period, seconds * 1000) * 1000))}`}
      </p>
      <button
        type="button"
        className="cmd btn-primary"
        data-testid="start-playback"
        disabled={disabled || problem !== null}
        onClick={() => void startPlayback(period, seconds)}
      >
        ▶ {ct.start}
      </button>
    </div>
  );
}
