// History for a new demo: on a first start (an empty log) the simulator writes the days before now
// as the live simulator would have made them, at real-world pace: cases arriving with the city's
// rhythm and hot-issue bursts, each following its plan (caseScript.ts) up to now, and the tracks of
// one worker in 50 over the last day, a fix every 4 minutes while on shift. All of it goes through
// the public ingest API in time order, like any source. Events are generated and sent as a stream
// (a heap holds the planned steps not yet due): sending starts at once and memory stays flat. The
// cases still open at the end are handed to the live simulator with their plans, so the first live
// minute carries the history on: today's figures match yesterday's at the same hour, and the
// backlog stays at its level instead of draining.
import TinyQueue from 'tinyqueue';
import type { CaseEventInput, PositionFix, SourceCaseEvent } from '../../shared/caseEvent.ts';
import { seededRng } from '../../shared/seededRng.ts';
import { shanghaiDayStart } from '../../shared/shanghaiTime.ts';
import type { DepartmentRegistry } from '../../shared/departments.ts';
import type { SlaPolicy } from '../../shared/slaRules.ts';
import type { WorkCalendar } from '../../shared/workCalendar.ts';
import type { GridIndex } from '../geo/gridIndex.ts';
import type { GridWorker } from '../geo/workerRoster.ts';
import type { Logger } from '../observability/logger.ts';
import type { CityProfileFile } from '../config/cityProfile.ts';
import { createCityModel } from './cityModel.ts';
import { type OpenPlan, stepEventId } from './simulator.ts';
import { createPatrols } from './workerShifts.ts';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
/** One worker in this many gets a backfilled track (all of them would be millions of fixes). */
export const TRACKED_SHARE = 50;
/** A backfilled fix every so often: under the 5-minute offline window, so a tracked worker stays on the map in a playback. */
export const TRACK_STEP_MS = 4 * MIN;
/** Tracks cover the last day (playback's reach in practice); cases cover every backfilled day. */
export const TRACK_HOURS = 26;
const BATCH = 1000;
const LANES = 2;

export interface BackfillDeps {
  baseUrl: string;
  ingestKey: string;
  grids: Pick<GridIndex, 'grids' | 'locate'>;
  roster: readonly GridWorker[];
  /** Whole Shanghai days before today, and today up to now. */
  days: number;
  casesPerMin: number;
  profile: CityProfileFile;
  /** The department registry and its duty list: who each case is dispatched to. */
  departments: DepartmentRegistry;
  calendar: () => WorkCalendar;
  /** The server's time-limit rules (as the live simulator's). */
  sla?: SlaPolicy;
  /** Caps the roster as the live simulator does. */
  workers?: number;
  /** Hot-issue bursts as live (default); off for a history of the steady intake alone. */
  bursts?: boolean;
  logger: Logger;
  /** Checked between batches: the server is stopping. */
  stopped?: () => boolean;
  /** Told as each day is written (the wall says the history is loading). */
  onDay?: (day: number, days: number) => void;
  /** Told when the tracks are written, before the cases: the live workers may start sending fixes. */
  onTracks?: () => void;
  now?: number;
  seed?: number;
}

export interface BackfillResult {
  cases: number;
  events: number;
  fixes: number;
  ms: number;
  /** The cases still open at `now`, with the rest of their plans, for the live simulator. */
  open: Map<string, OpenPlan>;
}

interface Due {
  at: number;
  lane: number;
  wire: CaseEventInput;
}

export async function backfillHistory(deps: BackfillDeps): Promise<BackfillResult> {
  const started = performance.now();
  const now = deps.now ?? Date.now();
  const from = shanghaiDayStart(now) - deps.days * DAY;
  const rng = seededRng(deps.seed ?? now);
  const city = createCityModel({ grids: deps.grids, profile: deps.profile, departments: deps.departments, calendar: deps.calendar, sla: deps.sla, rng });
  const bursts = city.bursts(from);
  const stopped = deps.stopped ?? (() => false);
  // planned events not yet sent, earliest first (ties in the order they were planned: a case's steps stay in order)
  let order = 0;
  const heap = new TinyQueue<Due & { order: number }>([], (a, b) => a.at - b.at || a.order - b.order);
  const open = new Map<string, OpenPlan>();
  let cases = 0;
  let events = 0;

  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${deps.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${deps.ingestKey}` },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`backfill: ${path} answered ${res.status}: ${await res.text()}`);
  };

  /** A case from its report on: its steps before now go into the heap, the rest to the live simulator. */
  function caseAt(at: number, choice: Parameters<typeof city.reports.report>[2] = {}) {
    cases += 1;
    const caseId = `SIM-H${cases}`;
    const { event, wire } = city.reports.report(caseId, at, choice);
    const lane = cases % LANES;
    heap.push({ at, lane, wire, order: order++ });
    const steps = city.scripts.plan({ caseId, reportedAt: at, urgency: event.urgency, category: event.category, gridCode: event.gridCode });
    let i = 0;
    for (; i < steps.length && steps[i]!.at < now; i++) {
      const s = steps[i]!;
      const wireStep = { ...s.event, eventId: stepEventId(caseId, i + 2), caseId, at: new Date(s.at).toISOString() } as SourceCaseEvent;
      heap.push({ at: s.at, lane, wire: wireStep, order: order++ });
    }
    if (i < steps.length) open.set(caseId, { caseId, steps: steps.slice(i), first: i + 2 });
  }

  // tracks first: a share of the workers on their shifts over the last day, a fix every few minutes
  // (before the live simulator's first fixes: a worker's fix older than his last one is not stored)
  const patrols = createPatrols({ profile: deps.profile, calendar: deps.calendar, inGrid: city.reports.inGrid, rng });
  const byCode = new Map(deps.grids.grids.map((g) => [g.code, g]));
  const tracked = deps.roster
    .slice(0, deps.workers ?? Infinity)
    .filter((_, i) => i % TRACKED_SHARE === 0)
    .map((w) => patrols.patrol(w, byCode.get(w.gridCode)!));
  let fixes = 0;
  let track: PositionFix[] = [];
  for (let t = Math.max(from, now - TRACK_HOURS * 3_600_000); t < now && !stopped(); t += TRACK_STEP_MS) {
    const at = new Date(t).toISOString();
    for (const w of tracked) if (patrols.advance(w, t)) track.push({ workerId: w.id, gridCode: w.grid.code, lon: w.lon, lat: w.lat, at });
    if (track.length >= 15_000) {
      await post('/api/v1/positions', { fixes: track });
      fixes += track.length;
      track = [];
    }
  }
  if (track.length) await post('/api/v1/positions', { fixes: track });
  fixes += track.length;
  deps.onTracks?.();

  deps.logger.info(
    { from: new Date(from).toISOString(), days: deps.days, casesPerMin: deps.casesPerMin },
    'simulator: backfilling the history of a new store (first start only)',
  );
  // two lanes, each case in one: a case's events go in its order, one request at a time per lane, while
  // the other lane's request is parsed and checked (one lane left the server idle a fifth of the time)
  const lanes = Array.from({ length: LANES }, () => ({ batch: [] as CaseEventInput[], inFlight: Promise.resolve() }));
  const push = async (due: Due) => {
    const lane = lanes[due.lane]!;
    lane.batch.push(due.wire);
    events += 1;
    if (lane.batch.length < BATCH) return;
    const batch = lane.batch;
    lane.batch = [];
    await lane.inFlight;
    lane.inFlight = post('/api/v1/events', { events: batch });
    lane.inFlight.catch(() => undefined); // a refusal is thrown where the lane is awaited next, not as an unhandled rejection
  };
  let nextLog = from + DAY;
  const totalDays = deps.days; // whole days before today; today's part is written last
  deps.onDay?.(0, totalDays);
  for (let t = from; t < now && !stopped(); t += MIN) {
    const expected = deps.casesPerMin * city.rhythm.intakeFactor(t);
    let n = Math.floor(expected) + (rng() < expected % 1 ? 1 : 0);
    while (n-- > 0) caseAt(Math.min(now - 1, t + Math.floor(rng() * MIN)));
    if (deps.bursts !== false)
      for (const b of bursts.due(t + MIN)) if (b.dueAt < now) caseAt(Math.floor(b.dueAt), { grid: b.grid, category: b.category, source: 'hotline_12345' });
    // everything due before the next minute's reports is final in order: send it
    const upTo = Math.min(now, t + MIN);
    while (heap.length && heap.peek()!.at < upTo) await push(heap.pop()!);
    if (t >= nextLog) {
      nextLog += DAY;
      deps.onDay?.(Math.min(totalDays, Math.round((t - from) / DAY)), totalDays);
      deps.logger.info({ upTo: new Date(t).toISOString(), cases, events }, 'simulator: backfilling');
    }
  }
  while (heap.length && !stopped()) await push(heap.pop()!);
  for (const lane of lanes) {
    await lane.inFlight;
    if (lane.batch.length && !stopped()) await post('/api/v1/events', { events: lane.batch });
  }

  const ms = performance.now() - started;
  if (stopped())
    deps.logger.warn(
      { cases, events, s: Math.round(ms / 100) / 10 },
      'simulator: history interrupted (a later start does not resume it: start on an empty data folder for a whole one)',
    );
  else deps.logger.info({ cases, events, fixes, open: open.size, s: Math.round(ms / 100) / 10 }, 'simulator: history backfilled');
  return { cases, events, fixes, ms, open };
}
