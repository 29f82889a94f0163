// How a simulated grid worker spends the day (profile: config/simulation.json "workers"). Each
// worker has a shift, fixed by a hash of his id (so every restart and the history agree): most
// full-time workers the day shift, some the afternoon/evening shift, a few the night duty; the
// part-timers a morning round. On weekends and holidays only a rota of each shift works. On shift
// he walks his grid in legs along the compass directions (a city's street pattern; the geography
// has no street network), stops now and then (3-12 minutes: talking to residents), makes two to
// four home visits (入户, 15-40 minutes), takes a lunch break on the day shift, and rarely loses
// his phone's signal; a stop with the phone on is what the wall shows as idle after 3 minutes.
// Off shift his phone sends nothing, and the wall counts him offline.
import type { GridRecord } from '../../shared/geoDataset.ts';
import { shanghaiDay } from '../../shared/shanghaiTime.ts';
import type { WorkCalendar } from '../../shared/workCalendar.ts';
import type { GridWorker, WorkerRole } from '../geo/workerRoster.ts';
import { minutesOf, type CityProfileFile } from '../config/cityProfile.ts';
import { dayKind, type DayKind, type Rng } from './cityRhythm.ts';

const MIN = 60_000;
const OFFSET_MS = 8 * 3_600_000;
const M_PER_DEG_LAT = 111_320;
/** Short stops and lost signal, per decision (one after each leg of a few minutes). */
const STOP_CHANCE = 0.06;
const SILENCE_CHANCE = 0.006;
const STOP_MS: [number, number] = [3 * MIN, 12 * MIN];
const SILENCE_MS: [number, number] = [6 * MIN, 20 * MIN];
/** A worker who found a case stands by it while he reports it. */
export const REPORTING_MS: [number, number] = [4 * MIN, 10 * MIN];

type Shift = CityProfileFile['workers']['shifts'][number];
export type Activity = 'off' | 'walking' | 'standing' | 'silent';

export interface PatrolWorker {
  id: string;
  grid: GridRecord;
  shift: Shift;
  /** Whether he is on the rota for weekends and holidays. */
  offDays: boolean;
  lon: number;
  lat: number;
  activity: Activity;
  until: number;
  /** 0 north, 1 east, 2 south, 3 west. */
  heading: number;
  movedAt: number;
  /** The Shanghai day of his last lunch, and the home visits left in this shift. */
  lunchOn: string;
  visitsLeft: number;
}

const minuteOfDay = (at: number) => Math.floor(((at + OFFSET_MS) % 86_400_000) / MIN);
const within = (minute: number, from: number, to: number) => (from <= to ? minute >= from && minute < to : minute >= from || minute < to);

/** The share of a role's workers on shift at a minute of a kind of day. */
export function onShiftShare(profile: CityProfileFile, minute: number, kind: DayKind, role: WorkerRole): number {
  let share = 0;
  for (const s of profile.workers.shifts)
    if (s.role === role && within(minute, minutesOf(s.from), minutesOf(s.to))) share += s.share * (kind === 'workday' ? 1 : s.offDaysShare);
  return share;
}

/** A stable number in [0, 1) from a string (FNV-1a), so a worker's shift survives restarts. */
export function hashUnit(text: string, salt = 0): number {
  let h = 0x811c9dc5 ^ salt;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 4294967296;
}

export function createPatrols(deps: {
  profile: CityProfileFile;
  calendar: () => WorkCalendar;
  inGrid: (grid: GridRecord, lon: number, lat: number) => boolean;
  rng: Rng;
}) {
  const { profile, rng } = deps;
  const w = profile.workers;
  const between = ([lo, hi]: readonly [number, number]) => lo + rng() * (hi - lo);
  const meanLegMin = (w.legMetres[0] + w.legMetres[1]) / 2 / w.walkMetresPerSecond / 60;
  /** The kind of each Shanghai day asked about (every worker asks every tick). */
  const kinds = new Map<number, DayKind>();
  const kindOf = (at: number): DayKind => {
    const day = Math.floor((at + OFFSET_MS) / 86_400_000);
    let k = kinds.get(day);
    if (k === undefined) kinds.set(day, (k = dayKind(at, deps.calendar())));
    return k;
  };

  function shiftOf(worker: GridWorker): Shift {
    const shifts = w.shifts.filter((s) => s.role === worker.role);
    let x = hashUnit(worker.id, 1);
    for (const s of shifts) if ((x -= s.share) < 0) return s;
    return shifts[shifts.length - 1]!;
  }

  /** Whether the worker is on shift at the instant (a night shift belongs to the day it started). */
  function onShift(p: PatrolWorker, at: number): boolean {
    const from = minutesOf(p.shift.from);
    const to = minutesOf(p.shift.to);
    const minute = minuteOfDay(at);
    if (!within(minute, from, to)) return false;
    const started = from > to && minute < to ? at - 24 * 60 * MIN : at;
    return p.offDays || kindOf(started) === 'workday';
  }

  /** His next activity once the last one is over. */
  function decide(p: PatrolWorker, at: number) {
    const minute = minuteOfDay(at);
    const day = shanghaiDay(at);
    const lunch = w.lunch;
    // a lunch break on a shift that spans the lunch hour
    if (
      p.lunchOn !== day &&
      within(minutesOf(lunch.from), minutesOf(p.shift.from), minutesOf(p.shift.to)) &&
      within(minute, minutesOf(lunch.from), minutesOf(lunch.to))
    ) {
      p.lunchOn = day;
      return stay(p, 'standing', at + between(lunch.minutes) * MIN);
    }
    const shiftMin = (minutesOf(p.shift.to) - minutesOf(p.shift.from) + 1440) % 1440 || 1440;
    const visitChance = p.visitsLeft > 0 ? p.visitsLeft / Math.max(1, shiftMin / (meanLegMin + 2)) : 0;
    const x = rng();
    if (x < visitChance) {
      p.visitsLeft -= 1;
      return stay(p, 'standing', at + between(w.homeVisits.minutes) * MIN);
    }
    if (x < visitChance + SILENCE_CHANCE) return stay(p, 'silent', at + between(SILENCE_MS));
    if (x < visitChance + SILENCE_CHANCE + STOP_CHANCE) return stay(p, 'standing', at + between(STOP_MS));
    // a leg along a street: straight on, or a turn at the corner
    if (rng() < 0.5) p.heading = (p.heading + (rng() < 0.5 ? 1 : 3)) % 4;
    return stay(p, 'walking', at + (between(w.legMetres) / w.walkMetresPerSecond) * 1000);
  }

  function stay(p: PatrolWorker, activity: Activity, until: number) {
    p.activity = activity;
    p.until = until;
  }

  /** Walks him on from where he was, along his heading; at his grid's edge he turns back. */
  function walk(p: PatrolWorker, at: number) {
    const metres = (Math.min(at - p.movedAt, 10 * MIN) / 1000) * w.walkMetresPerSecond;
    const dLat = metres / M_PER_DEG_LAT;
    const dLon = dLat / Math.cos((p.lat * Math.PI) / 180);
    const [lon, lat] = [p.lon + [0, dLon, 0, -dLon][p.heading]!, p.lat + [dLat, 0, -dLat, 0][p.heading]!];
    if (deps.inGrid(p.grid, lon, lat)) [p.lon, p.lat] = [lon, lat];
    else p.heading = (p.heading + 2) % 4;
  }

  return {
    shiftOf,
    onShift,
    /** A worker of the roster, at his grid's centre (its office) and off shift until the clock says. */
    patrol(worker: GridWorker, grid: GridRecord): PatrolWorker {
      return {
        id: worker.id,
        grid,
        shift: shiftOf(worker),
        offDays: hashUnit(worker.id, 2) < shiftOf(worker).offDaysShare,
        lon: grid.centroid[0],
        lat: grid.centroid[1],
        activity: 'off',
        until: 0,
        heading: Math.floor(hashUnit(worker.id, 3) * 4),
        movedAt: 0,
        lunchOn: '',
        visitsLeft: 0,
      };
    },
    /** Brings him to the instant; true when his phone sends a fix now (on shift and not silent). */
    advance(p: PatrolWorker, at: number): boolean {
      if (!onShift(p, at)) {
        p.activity = 'off';
        return false;
      }
      if (p.activity === 'off') {
        // a new shift: from the grid's office, with the day's home visits ahead
        p.lon = p.grid.centroid[0];
        p.lat = p.grid.centroid[1];
        p.movedAt = at;
        p.visitsLeft = Math.round(between(w.homeVisits.perShift));
        decide(p, at);
      }
      if (p.activity === 'walking') walk(p, at);
      p.movedAt = at;
      if (at >= p.until) decide(p, at);
      return p.activity !== 'silent';
    },
    /** He found something and reports it: he stands by it for a few minutes. */
    reportFound(p: PatrolWorker, at: number) {
      stay(p, 'standing', at + between(REPORTING_MS));
    },
  };
}

export type Patrols = ReturnType<typeof createPatrols>;
