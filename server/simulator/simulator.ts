// The built-in simulator: grid workers patrolling their grids (now and then standing still or
// silent: workerRhythm.ts) and cases arriving with a day-shaped rate, with a hot-issue burst in one
// street every 10-20 minutes (hotIssueBursts.ts), and moving through the loop. It posts through the public ingest API with an
// ingest key, exactly like a real source; it has no side door into the store.
import { CATEGORY_CODES } from '../../shared/categories.ts';
import type { CaseEventInput, PositionFix, SourceCaseEvent } from '../../shared/caseEvent.ts';
import { applyCaseEvent, type CaseState } from '../../shared/caseLifecycle.ts';
import type { GridRecord } from '../../shared/geoDataset.ts';
import { shanghaiHour } from '../../shared/shanghaiTime.ts';
import type { SimulatorConfig } from '../config/config.ts';
import type { GridIndex } from '../geo/gridIndex.ts';
import type { GridWorker } from '../geo/workerRoster.ts';
import type { Logger } from '../observability/logger.ts';
import { asFoldedLocally, nextStep } from './caseScript.ts';
import { intakeFactor } from './dayShape.ts';
import { seededRng } from '../../shared/seededRng.ts';
import { STEP_DEG, createReportMaker } from './caseReports.ts';
import { createHotIssueBursts } from './hotIssueBursts.ts';
import { nextActivity, type Rhythm } from './workerRhythm.ts';

const TICK_MS = 1000;
/** A share of cases stalls for hours in the real world, whatever the speed-up: the overdue ones. */
const STALL_SHARE = 0.08;
const STALL_MS = 3 * 3_600_000;
/** A phone sends a fix every 5 s or so. */
const FIX_SHARE_PER_TICK = 0.2;

interface Worker {
  id: string;
  grid: GridRecord;
  lon: number;
  lat: number;
  active: boolean;
  rhythm: Rhythm;
}
interface Pending {
  dueAt: number;
  state: CaseState;
}

export interface SimulatorDeps {
  baseUrl: string;
  ingestKey: string;
  grids: Pick<GridIndex, 'grids' | 'locate'>;
  roster: readonly GridWorker[];
  /** Cases left open by an earlier run: the simulator carries them on. */
  openCases: CaseState[];
  config: SimulatorConfig;
  logger: Logger;
  seed?: number;
}

export function createSimulator(deps: SimulatorDeps) {
  const { config, logger } = deps;
  const rng = seededRng(deps.seed ?? Date.now());
  const { grids } = deps.grids;
  const reports = createReportMaker(deps.grids, rng);
  const { pickGrid, inGrid } = reports;

  // The grid workers of the roster: one full-time worker per grid plus part-timers (SIM_WORKERS caps the number).
  const byCode = new Map(grids.map((g) => [g.code, g]));
  const workers: Worker[] = deps.roster.slice(0, config.workers ?? Infinity).map((w) => {
    const grid = byCode.get(w.gridCode)!;
    return { id: w.id, grid, lon: grid.centroid[0], lat: grid.centroid[1], active: rng() > 0.04, rhythm: { activity: 'walking', until: 0 } as Rhythm };
  });
  const bursts = createHotIssueBursts(grids, pickGrid, rng, Date.now());

  // cases carried over (from a restart, or the history backfill: tens of thousands) go on within their
  // usual next delay, sped up as live ones are, not all within the first minute
  const pending: Pending[] = deps.openCases.map((state) => ({
    dueAt: Date.now() + rng() * Math.max(60_000, (nextStep(state, rng)?.delayMs ?? 0) / config.speed),
    state,
  }));
  const outbox: CaseEventInput[] = [];
  const runId = Date.now().toString(36);
  let caseCounter = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  async function post(path: string, body: unknown): Promise<boolean> {
    try {
      const res = await fetch(`${deps.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${deps.ingestKey}` },
        body: JSON.stringify(body),
      });
      if (!res.ok) logger.warn({ path, status: res.status, body: await res.text() }, 'simulator post refused');
      return res.ok || (res.status >= 400 && res.status < 500); // a refusal is final; retry only transport errors and 5xx
    } catch (err) {
      logger.warn({ err, path }, 'simulator post failed; will retry');
      return false;
    }
  }

  function schedule(state: CaseState, now: number) {
    const step = nextStep(state, rng);
    if (!step) return;
    const stall = rng() < STALL_SHARE / 6 ? STALL_MS : 0;
    pending.push({ dueAt: now + step.delayMs / config.speed + stall, state });
  }

  /** `wire` is what is posted: a located report goes without its grid code, for the server to find. */
  function emit(state: CaseState | undefined, event: SourceCaseEvent, now: number, wire: CaseEventInput = event) {
    const result = applyCaseEvent(state, state ? asFoldedLocally(state, event) : event);
    if (!result.ok) return logger.error({ event, reason: result.message }, 'simulator produced an illegal event');
    outbox.push(wire);
    schedule(result.state, now);
  }

  function newCases(now: number) {
    const expected = (config.casesPerMin / 60) * (TICK_MS / 1000) * intakeFactor(shanghaiHour(now));
    let n = Math.floor(expected) + (rng() < expected % 1 ? 1 : 0);
    while (n-- > 0) reportCase(now, pickGrid(), CATEGORY_CODES[Math.floor(rng() * CATEGORY_CODES.length)]!);
    for (const b of bursts.due(now)) reportCase(now, b.grid, b.category);
  }

  function reportCase(now: number, grid: GridRecord, category: string) {
    caseCounter += 1;
    const { event, wire } = reports.report(`SIM-${runId}-${caseCounter}`, now, grid, category);
    emit(undefined, event, now, wire);
  }

  function dueSteps(now: number) {
    const due = pending.filter((p) => p.dueAt <= now);
    if (!due.length) return;
    const keep = pending.filter((p) => p.dueAt > now);
    pending.length = 0;
    pending.push(...keep);
    for (const { state } of due) {
      const step = nextStep(state, rng);
      if (!step) continue;
      const at = new Date(Math.max(now, state.updatedAt)).toISOString();
      emit(state, { ...step.event, eventId: `${state.caseId}:${state.version + 1}`, caseId: state.caseId, at } as SourceCaseEvent, now);
    }
  }

  function moveWorkers(now: number): PositionFix[] {
    const at = new Date(now).toISOString();
    const fixes: PositionFix[] = [];
    for (const w of workers) {
      if (!w.active) continue;
      w.rhythm = nextActivity(w.rhythm, now, rng);
      if (w.rhythm.activity === 'silent' || rng() > FIX_SHARE_PER_TICK) continue;
      if (w.rhythm.activity === 'standing') {
        // still sending fixes, from where he stands
        fixes.push({ workerId: w.id, gridCode: w.grid.code, lon: w.lon, lat: w.lat, at });
        continue;
      }
      // a step of a few tens of metres, kept inside his own grid (else a step back towards its centre)
      const lon = w.lon + (rng() - 0.5) * STEP_DEG;
      const lat = w.lat + (rng() - 0.5) * STEP_DEG;
      if (inGrid(w.grid, lon, lat)) [w.lon, w.lat] = [lon, lat];
      else [w.lon, w.lat] = [(w.lon + w.grid.centroid[0]) / 2, (w.lat + w.grid.centroid[1]) / 2];
      fixes.push({ workerId: w.id, gridCode: w.grid.code, lon: w.lon, lat: w.lat, at });
    }
    return fixes;
  }

  async function tick() {
    const now = Date.now();
    newCases(now);
    dueSteps(now);
    const batch = outbox.splice(0, 1000);
    if (batch.length && !(await post('/api/v1/events', { events: batch }))) outbox.unshift(...batch);
    const fixes = moveWorkers(now);
    if (fixes.length) await post('/api/v1/positions', { fixes });
  }

  return {
    start() {
      logger.info({ workers: workers.length, casesPerMin: config.casesPerMin, speed: config.speed, carriedOver: pending.length }, 'simulator started');
      timer = setInterval(() => {
        inFlight = inFlight.then(tick);
      }, TICK_MS);
    },
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
