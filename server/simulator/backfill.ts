// History for a new demo: on a first start (an empty log) the simulator writes the days before now
// as the live simulator would have made them, at real-world pace: cases arriving with the day's
// shape and hot-issue bursts, each moving through the loop with realistic delays (still open at
// the end if its next step falls after now: the live simulator carries it on), and the tracks of a
// share of the workers, one fix every few minutes. All of it goes through the public ingest API in
// time order, like any source. So "yesterday in 60 s", the 24-hour trends and the rising lists have
// something to show within a minute or so of the first start (it runs while the wall already serves).
import { CATEGORY_CODES } from '../../shared/categories.ts';
import type { CaseEventInput, PositionFix, SourceCaseEvent } from '../../shared/caseEvent.ts';
import { applyCaseEvent } from '../../shared/caseLifecycle.ts';
import { seededRng } from '../../shared/seededRng.ts';
import { shanghaiDayStart, shanghaiHour } from '../../shared/shanghaiTime.ts';
import type { GridIndex } from '../geo/gridIndex.ts';
import type { GridWorker } from '../geo/workerRoster.ts';
import type { Logger } from '../observability/logger.ts';
import { STEP_DEG, createReportMaker } from './caseReports.ts';
import { asFoldedLocally, nextStep } from './caseScript.ts';
import { intakeFactor } from './dayShape.ts';
import { createHotIssueBursts } from './hotIssueBursts.ts';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
/** One worker in this many gets a backfilled track (all of them would be millions of fixes). */
export const TRACKED_SHARE = 50;
/** A backfilled fix every so often: under the 5-minute offline window, so a tracked worker stays on the map in a playback. */
export const TRACK_STEP_MS = 4 * MIN;
/** A share of cases stalls for hours, as live. */
const STALL_SHARE = 0.08;
const STALL_MS = 3 * 3_600_000;

export interface BackfillDeps {
  baseUrl: string;
  ingestKey: string;
  grids: Pick<GridIndex, 'grids' | 'locate'>;
  roster: readonly GridWorker[];
  /** Whole Shanghai days before today, and today up to now. */
  days: number;
  casesPerMin: number;
  /** Caps the roster as the live simulator does. */
  workers?: number;
  /** Hot-issue bursts as live (default); off for a history of the steady intake alone. */
  bursts?: boolean;
  logger: Logger;
  /** Checked between batches: the server is stopping. */
  stopped?: () => boolean;
  now?: number;
  seed?: number;
}

export async function backfillHistory(deps: BackfillDeps): Promise<{ cases: number; events: number; fixes: number; ms: number }> {
  const started = performance.now();
  const now = deps.now ?? Date.now();
  const from = shanghaiDayStart(now) - deps.days * DAY;
  const rng = seededRng(deps.seed ?? now);
  const reports = createReportMaker(deps.grids, rng);
  const bursts = createHotIssueBursts(deps.grids.grids, reports.pickGrid, rng, from);
  const events: { at: number; wire: CaseEventInput }[] = [];
  let cases = 0;

  /** A case from its report on, each step after its realistic delay, up to now. */
  function caseFrom(at: number, grid: Parameters<typeof reports.report>[2], category: string) {
    cases += 1;
    const { event, wire } = reports.report(`SIM-H${cases}`, at, grid, category);
    let result = applyCaseEvent(undefined, event);
    events.push({ at, wire });
    while (result.ok) {
      const state = result.state;
      const step = nextStep(state, rng);
      if (!step) return;
      at += step.delayMs + (rng() < STALL_SHARE / 6 ? STALL_MS : 0);
      if (at >= now) return; // still open: the live simulator carries it on
      const next = { ...step.event, eventId: `${state.caseId}:${state.version + 1}`, caseId: state.caseId, at: new Date(at).toISOString() } as SourceCaseEvent;
      result = applyCaseEvent(state, asFoldedLocally(state, next));
      if (result.ok) events.push({ at, wire: next });
    }
  }

  for (let t = from; t < now; t += MIN) {
    const expected = deps.casesPerMin * intakeFactor(shanghaiHour(t));
    let n = Math.floor(expected) + (rng() < expected % 1 ? 1 : 0);
    while (n-- > 0) caseFrom(Math.min(now - 1, t + Math.floor(rng() * MIN)), reports.pickGrid(), CATEGORY_CODES[Math.floor(rng() * CATEGORY_CODES.length)]!);
    if (deps.bursts !== false) for (const b of bursts.due(t + MIN)) if (b.dueAt < now) caseFrom(Math.floor(b.dueAt), b.grid, b.category);
  }
  // in time order, so each case's events come in its order (its steps are later than its report)
  events.sort((a, b) => a.at - b.at);

  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${deps.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${deps.ingestKey}` },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`backfill: ${path} answered ${res.status}: ${await res.text()}`);
  };
  deps.logger.info(
    { from: new Date(from).toISOString(), cases, events: events.length },
    'simulator: backfilling the history of a new store (first start only)',
  );
  const stopped = deps.stopped ?? (() => false);
  for (let i = 0; i < events.length && !stopped(); i += 1000) {
    await post('/api/v1/events', { events: events.slice(i, i + 1000).map((e) => e.wire) });
    if (i % 100_000 === 0 && i) deps.logger.info({ posted: i, of: events.length }, 'simulator: backfilling');
  }

  // tracks: a share of the workers walking their grids, a fix every few minutes
  const byCode = new Map(deps.grids.grids.map((g) => [g.code, g]));
  const tracked = deps.roster
    .slice(0, deps.workers ?? Infinity)
    .filter((_, i) => i % TRACKED_SHARE === 0)
    .map((w) => {
      const grid = byCode.get(w.gridCode)!;
      return { id: w.id, grid, lon: grid.centroid[0], lat: grid.centroid[1] };
    });
  let fixes = 0;
  let batch: PositionFix[] = [];
  for (let t = from; t < now && !stopped(); t += TRACK_STEP_MS) {
    const at = new Date(t).toISOString();
    for (const w of tracked) {
      const lon = w.lon + (rng() - 0.5) * STEP_DEG * 4;
      const lat = w.lat + (rng() - 0.5) * STEP_DEG * 4;
      if (reports.inGrid(w.grid, lon, lat)) [w.lon, w.lat] = [lon, lat];
      else [w.lon, w.lat] = [(w.lon + w.grid.centroid[0]) / 2, (w.lat + w.grid.centroid[1]) / 2];
      batch.push({ workerId: w.id, gridCode: w.grid.code, lon: w.lon, lat: w.lat, at });
    }
    if (batch.length >= 15_000) {
      await post('/api/v1/positions', { fixes: batch });
      fixes += batch.length;
      batch = [];
    }
  }
  if (batch.length) await post('/api/v1/positions', { fixes: batch });
  fixes += batch.length;
  const ms = performance.now() - started;
  deps.logger.info({ cases, events: events.length, fixes, s: Math.round(ms / 100) / 10 }, 'simulator: history backfilled');
  return { cases, events: events.length, fixes, ms };
}
