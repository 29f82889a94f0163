// The built-in simulator: grid workers patrolling their grids and cases arriving with a
// day-shaped rate and moving through the loop. It posts through the public ingest API with an
// ingest key, exactly like a real source; it has no side door into the store.
import { CATEGORY_CODES } from '../../shared/categories.ts';
import type { CaseEvent, PositionFix, Urgency } from '../../shared/caseEvent.ts';
import { applyCaseEvent, type CaseState } from '../../shared/caseLifecycle.ts';
import type { GridRecord } from '../../shared/geoDataset.ts';
import { CITY_CENTRAL_DISTRICTS } from '../../shared/regions.ts';
import { shanghaiHour } from '../../shared/shanghaiTime.ts';
import type { SimulatorConfig } from '../config.ts';
import type { Logger } from '../observability/logger.ts';
import { nextStep } from './caseScript.ts';
import { intakeFactor } from './dayShape.ts';
import { seededRng } from './rng.ts';
import { caseSummary } from './summaries.ts';

const TICK_MS = 1000;
/** A share of cases stalls for hours in the real world, whatever the speed-up: the overdue ones. */
const STALL_SHARE = 0.08;
const STALL_MS = 3 * 3_600_000;
const SOURCES = ['grid_worker', 'hotline_12345', 'hotline_8890', 'photo_app', 'video_alert', 'department'] as const;

interface Worker { id: string; grid: GridRecord; lon: number; lat: number; active: boolean; bbox: [number, number, number, number] }
interface Pending { dueAt: number; state: CaseState }

export interface SimulatorDeps {
  baseUrl: string;
  ingestKey: string;
  grids: readonly GridRecord[];
  /** Cases left open by an earlier run: the simulator carries them on. */
  openCases: CaseState[];
  config: SimulatorConfig;
  logger: Logger;
  seed?: number;
}

export function createSimulator(deps: SimulatorDeps) {
  const { config, logger } = deps;
  const rng = seededRng(deps.seed ?? Date.now());
  const grids = deps.grids;
  const weights = grids.map((g) => (CITY_CENTRAL_DISTRICTS.has(g.code.slice(0, 6)) ? 25 : 1));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const pickGrid = () => {
    let r = rng() * totalWeight;
    for (let i = 0; i < grids.length; i++) if ((r -= weights[i]!) <= 0) return grids[i]!;
    return grids[grids.length - 1]!;
  };

  // Workers spread evenly over the grids (about one per grid by default, as in the real platform).
  const workerCount = config.workers ?? grids.length;
  const workers: Worker[] = Array.from({ length: workerCount }, (_, i) => {
    const grid = grids[Math.floor((i * grids.length) / workerCount) % grids.length]!;
    return { id: `W${String(i + 1).padStart(5, '0')}`, grid, lon: grid.centroid[0], lat: grid.centroid[1], active: rng() > 0.04, bbox: ringBbox(grid.ring) };
  });

  const pending: Pending[] = deps.openCases.map((state) => ({ dueAt: Date.now() + rng() * 60_000, state }));
  const outbox: CaseEvent[] = [];
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

  function emit(state: CaseState | undefined, event: CaseEvent, now: number) {
    const result = applyCaseEvent(state, event);
    if (!result.ok) return logger.error({ event, reason: result.message }, 'simulator produced an illegal event');
    outbox.push(event);
    schedule(result.state, now);
  }

  function newCases(now: number) {
    const expected = (config.casesPerMin / 60) * (TICK_MS / 1000) * intakeFactor(shanghaiHour(now));
    let n = Math.floor(expected) + (rng() < expected % 1 ? 1 : 0);
    while (n-- > 0) {
      caseCounter += 1;
      const caseId = `SIM-${runId}-${caseCounter}`;
      const category = CATEGORY_CODES[Math.floor(rng() * CATEGORY_CODES.length)]!;
      const u = rng();
      const urgency: Urgency = u < 0.1 ? 'urgent' : u < 0.25 ? 'general' : 'ordinary';
      emit(undefined, {
        eventId: `${caseId}:1`, caseId, type: 'reported', at: new Date(now).toISOString(), gridCode: pickGrid().code,
        category, urgency, source: SOURCES[Math.floor(rng() * SOURCES.length)]!, summary: caseSummary(category, rng),
      }, now);
    }
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
      emit(state, { ...step.event, eventId: `${state.caseId}:${state.version + 1}`, caseId: state.caseId, at } as CaseEvent, now);
    }
  }

  function moveWorkers(now: number): PositionFix[] {
    const at = new Date(now).toISOString();
    const fixes: PositionFix[] = [];
    for (const w of workers) {
      if (!w.active || rng() > 1 / 3) continue;
      const [minLon, minLat, maxLon, maxLat] = w.bbox;
      w.lon = clamp(w.lon + (rng() - 0.5) * 0.0008, minLon, maxLon);
      w.lat = clamp(w.lat + (rng() - 0.5) * 0.0006, minLat, maxLat);
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

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function ringBbox(ring: number[]): [number, number, number, number] {
  const lons = ring.filter((_, i) => i % 2 === 0);
  const lats = ring.filter((_, i) => i % 2 === 1);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}
