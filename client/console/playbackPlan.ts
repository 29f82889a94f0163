// Playback periods in Shanghai time, pure: the presets (yesterday in 60 s, the last 24 h in 2 min,
// the last 7 days in 5 min), a custom period's checks, and the speed that plays a period in a
// given time. `now` is server time (local time + the measured clock offset), as the wall's.
import { PLAYBACK_MAX_AGE_MS, PLAYBACK_SPEEDS } from '../../shared/wallControl.ts';
import { shanghaiDayStart } from '../../shared/shanghaiTime.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OFFSET_MS = 8 * HOUR;

export type PresetId = 'yesterday' | 'last24h' | 'last7d';

export interface PlaybackPeriod {
  from: number;
  to: number;
}

export const PRESETS: readonly { id: PresetId; seconds: number }[] = [
  { id: 'yesterday', seconds: 60 },
  { id: 'last24h', seconds: 120 },
  { id: 'last7d', seconds: 300 },
];

/** Whole minutes: a period that reads well on the buttons and in the log. */
const minute = (ms: number) => Math.floor(ms / 60_000) * 60_000;

export function presetPeriod(id: PresetId, now: number): PlaybackPeriod {
  switch (id) {
    case 'yesterday': {
      const today = shanghaiDayStart(now);
      return { from: today - DAY, to: today };
    }
    case 'last24h':
      return { from: minute(now) - DAY, to: minute(now) };
    case 'last7d':
      return { from: minute(now) - 7 * DAY, to: minute(now) };
  }
}

/** The speed that plays `period` in `durationMs`, within what the server accepts. */
export function speedFor(period: PlaybackPeriod, durationMs: number): number {
  const speed = (period.to - period.from) / Math.max(1, durationMs);
  return Math.min(PLAYBACK_SPEEDS.max, Math.max(PLAYBACK_SPEEDS.min, speed));
}

export type PeriodProblem = 'invalid' | 'tooOld' | 'future';

/** What is wrong with a period, or null. A minute of slack for clocks and the time to press the button. */
export function periodProblem(period: PlaybackPeriod, now: number): PeriodProblem | null {
  if (!Number.isFinite(period.from) || !Number.isFinite(period.to) || period.to <= period.from) return 'invalid';
  if (period.from < now - PLAYBACK_MAX_AGE_MS + 60_000) return 'tooOld';
  if (period.to > now + 60_000) return 'future';
  return null;
}

/** A `datetime-local` input's value for an instant, in Shanghai time (never the tablet's zone). */
export function toShanghaiInput(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 16);
}

/** The instant a `datetime-local` value names in Shanghai time, or null. */
export function fromShanghaiInput(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])) - OFFSET_MS;
}

/** ×1440, ×2016, ×0.5: a speed as people say it. */
export function speedText(speed: number): string {
  return speed >= 10 ? String(Math.round(speed)) : String(+speed.toFixed(1));
}

/** The next speed up or down from `speed` (twice or half), within the server's range. */
export function stepSpeed(speed: number, factor: 2 | 0.5): number {
  return Math.min(PLAYBACK_SPEEDS.max, Math.max(PLAYBACK_SPEEDS.min, speed * factor));
}

/** 'MM-DD HH:MM:SS' in Shanghai (a playback's clock; the year is in the period's heading). */
export function shanghaiStamp(ms: number, seconds = true): string {
  const iso = new Date(ms + OFFSET_MS).toISOString();
  return `${iso.slice(5, 10)} ${iso.slice(11, seconds ? 19 : 16)}`;
}
