// What the simulated city reports at a given moment, from its profile (cityProfile.ts): the intake
// rate by hour and kind of day (working day, Saturday, Sunday, holiday by the official calendar),
// the sub-category (heating only in its season), the channel (grid workers only as many as are on
// shift) and the urgency. Pure functions of the profile, the calendar, the instant and the rng.
import type { SourceChannel, Urgency } from '../../shared/caseEvent.ts';
import { CATEGORY_CODES } from '../../shared/categories.ts';
import { shanghaiDay, shanghaiHour } from '../../shared/shanghaiTime.ts';
import { isWorkingDay, type WorkCalendar } from '../../shared/workCalendar.ts';
import type { CityProfileFile } from '../config/cityProfile.ts';
import { onShiftShare } from './workerShifts.ts';

export type Rng = () => number;
export type DayKind = 'workday' | 'saturday' | 'sunday' | 'holiday';

const OFFSET_MS = 8 * 3_600_000;

/** The kind of Shanghai day the instant falls on: a weekday off is a holiday, a make-up Saturday a working day. */
export function dayKind(at: number, calendar: WorkCalendar): DayKind {
  const date = shanghaiDay(at);
  const weekday = new Date(at + OFFSET_MS).getUTCDay();
  if (isWorkingDay(date, calendar)) return 'workday';
  if (weekday === 6) return 'saturday';
  if (weekday === 0) return 'sunday';
  return 'holiday';
}

/** Whether a MM-DD season (which may wrap the new year) holds the instant's Shanghai day. */
export function inSeason(at: number, season: { from: string; to: string }): boolean {
  const md = shanghaiDay(at).slice(5);
  return season.from <= season.to ? md >= season.from && md <= season.to : md >= season.from || md <= season.to;
}

/** Picks an index by weight (weights need not add up to 1); -1 when all are zero. */
export function pickWeighted(weights: readonly number[], rng: Rng): number {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) return -1;
  let x = rng() * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i]!;
    if (x < 0) return i;
  }
  return weights.length - 1;
}

export function createCityRhythm(profile: CityProfileFile, calendar: () => WorkCalendar) {
  const urgencies = Object.keys(profile.urgency.shares) as Urgency[];
  const urgencyWeights = urgencies.map((u) => profile.urgency.shares[u]);
  const sources = Object.keys(profile.sources.shares) as SourceChannel[];
  const videoCategories = profile.sources.videoCategories;
  // the grid workers' share is as large as the day shift at its fullest; other hours scale it down
  const fullShift = Math.max(...Array.from({ length: 24 }, (_, h) => onShiftShare(profile, h * 60 + 30, 'workday', 'full_time')));

  /** Sub-category weights of the day (seasonal ones zero out of season), cached per Shanghai day. */
  let weightsDay = '';
  let weights: number[] = [];
  function categoryWeights(at: number): number[] {
    const day = shanghaiDay(at);
    if (day !== weightsDay) {
      weightsDay = day;
      weights = CATEGORY_CODES.map((c) => {
        const season = profile.categories.seasons[c];
        return season && !inSeason(at, season) ? 0 : (profile.categories.weights[c] ?? 0);
      });
    }
    return weights;
  }

  return {
    /** Relative intake at the instant: the hour's shape times the kind of day (1 = a working day's mean). */
    intakeFactor(at: number): number {
      return profile.intake.hourly[shanghaiHour(at)]! * profile.intake.day[dayKind(at, calendar())];
    },
    urgency: (rng: Rng): Urgency => urgencies[pickWeighted(urgencyWeights, rng)]!,
    /** The channel of a report at the instant: grid workers report only while on shift. */
    source(at: number, rng: Rng): SourceChannel {
      const minute = Math.floor(((at + OFFSET_MS) % 86_400_000) / 60_000);
      const onShift = onShiftShare(profile, minute, dayKind(at, calendar()), 'full_time') / fullShift;
      return sources[
        pickWeighted(
          sources.map((s) => (profile.sources.shares[s] ?? 0) * (s === 'grid_worker' ? onShift : 1)),
          rng,
        )
      ]!;
    },
    /** The sub-category of a report through the channel at the instant (video analytics see only a few kinds). */
    category(at: number, source: SourceChannel, rng: Rng): string {
      const w = categoryWeights(at);
      if (source === 'video_alert')
        return (
          videoCategories[
            pickWeighted(
              videoCategories.map((c) => w[CATEGORY_CODES.indexOf(c)]!),
              rng,
            )
          ] ?? videoCategories[0]!
        );
      return CATEGORY_CODES[pickWeighted(w, rng)]!;
    },
  };
}

export type CityRhythm = ReturnType<typeof createCityRhythm>;
