// The built-in simulator: grid workers on their shifts (workerShifts.ts) and cases arriving with the
// city's rhythm (cityRhythm.ts: hour, weekday, holiday, season), each following its planned path
// through the loop (caseScript.ts), with a hot-issue burst a few times a day (hotIssueBursts.ts).
// Grid workers report what they find in their own grid, standing by it a few minutes. It posts
// through the public ingest API with an ingest key, exactly like a real source; it has no side door
// into the store. Cases left open by the history backfill or an earlier run are carried on by their
// plans, so the first live minute continues the history instead of starting a new city.
import type { CaseEventInput, PositionFix, SourceCaseEvent } from '../../shared/caseEvent.ts';
import type { CaseState } from '../../shared/caseLifecycle.ts';
import { seededRng } from '../../shared/seededRng.ts';
import type { DepartmentRegistry } from '../../shared/departments.ts';
import type { SlaPolicy } from '../../shared/slaRules.ts';
import type { WorkCalendar } from '../../shared/workCalendar.ts';
import type { SimulatorConfig } from '../config/config.ts';
import type { GridIndex } from '../geo/gridIndex.ts';
import type { GridWorker } from '../geo/workerRoster.ts';
import type { Logger } from '../observability/logger.ts';
import { gridWeight, type ReportChoice } from './caseReports.ts';
import type { PlannedStep } from './caseScript.ts';
import type { CityProfileFile } from '../config/cityProfile.ts';
import { createCityModel } from './cityModel.ts';
import { createPatrols, type PatrolWorker } from './workerShifts.ts';
import type { ActiveRehearsal, Scenario } from '../../shared/rehearsal.ts';
import { createScenarioIntake } from './scenarioIntake.ts';

const TICK_MS = 1000;
/** Case events waiting to be sent beyond which the simulator stops making more (the server is not taking them). */
const MAX_OUTBOX = 50_000;
/** A phone sends a fix every 5 s or so. */
const FIX_SHARE_PER_TICK = 0.2;

/** A case the simulator moves on: its steps still to come, the next first. */
export interface OpenPlan {
  caseId: string;
  steps: PlannedStep[];
  /** Index of the step in its whole plan (the event id's suffix, stable across restarts). */
  first: number;
}

export interface SimulatorDeps {
  baseUrl: string;
  ingestKey: string;
  grids: Pick<GridIndex, 'grids' | 'locate'>;
  roster: readonly GridWorker[];
  /** Cases left open by an earlier run: their plans are carried on. */
  openCases: CaseState[];
  config: SimulatorConfig;
  profile: CityProfileFile;
  /** The department registry and its duty list: who each case is dispatched to. */
  departments: DepartmentRegistry;
  calendar: () => WorkCalendar;
  /** The server's time-limit rules, so that the cases' extension requests are ones it takes. */
  sla?: SlaPolicy;
  logger: Logger;
  seed?: number;
  /** The clock (tests drive it); the real one by default. */
  clock?: () => number;
  /** Workers patrol from the start, but cases wait for carryOn (the history is being written). */
  awaitHistory?: boolean;
  /** Hot-issue bursts (default on); off for the steady intake alone. */
  bursts?: boolean;
  /** The rehearsal running, if any, and the scenarios it may name: its reports join the city's. */
  rehearsal?: { current(now: number): ActiveRehearsal | undefined; scenarios: ReadonlyMap<string, Scenario> };
}

/** The id of a plan's step: stable, so a step sent twice (a retry, a restart) is a duplicate. */
export const stepEventId = (caseId: string, index: number) => `${caseId}:s${index}`;

export function createSimulator(deps: SimulatorDeps) {
  const { config, logger } = deps;
  const clock = deps.clock ?? Date.now;
  const rng = seededRng(deps.seed ?? clock());
  const city = createCityModel({ grids: deps.grids, profile: deps.profile, departments: deps.departments, calendar: deps.calendar, sla: deps.sla, rng });
  const patrols = createPatrols({ profile: deps.profile, calendar: deps.calendar, inGrid: city.reports.inGrid, rng });
  const byCode = new Map(deps.grids.grids.map((g) => [g.code, g]));
  const workers: PatrolWorker[] = deps.roster.slice(0, config.workers ?? Infinity).map((w) => patrols.patrol(w, byCode.get(w.gridCode)!));
  const bursts = city.bursts(clock());
  const scenarioIntake = deps.rehearsal && createScenarioIntake(deps.grids.grids, deps.rehearsal.scenarios, rng, (g) => gridWeight(g, deps.profile));

  // cases an earlier run left open, from their stored state (the history's come by carryOn)
  const pending: OpenPlan[] = [];
  for (const state of deps.openCases) {
    // planned in real time (the history, a run at speed 1) or at this run's speed
    const { steps, first } = city.scripts.planFrom(state, [1, config.speed]);
    if (steps.length) pending.push({ caseId: state.caseId, steps, first });
  }
  const outbox: CaseEventInput[] = [];
  const runId = clock().toString(36);
  let caseCounter = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  /** The workers on patrol at the last tick: who may find the next case. */
  let walking: PatrolWorker[] = [];
  /** Reports are made for each second up to now from here (a catch-up after the history, or a slow tick). */
  let intakeFrom = deps.awaitHistory ? Infinity : clock();
  let rehearsalFrom = clock();

  /** 'ok'; 'retry' (no answer, 5xx, 408, 429: the same again later); or the refusal's body (final). */
  async function post(path: string, body: unknown): Promise<'ok' | 'retry' | { details?: { path?: string }[] }> {
    try {
      const res = await fetch(`${deps.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${deps.ingestKey}` },
        body: JSON.stringify(body),
      });
      if (res.ok) return 'ok';
      const text = await res.text();
      if (res.status >= 500 || res.status === 408 || res.status === 429) {
        logger.warn({ path, status: res.status }, 'simulator post not taken; will retry');
        return 'retry';
      }
      logger.warn({ path, status: res.status, body: text.slice(0, 2000) }, 'simulator post refused');
      return ((JSON.parse(text) as { error?: { details?: { path?: string }[] } }).error ?? {}) as { details?: { path?: string }[] };
    } catch (err) {
      logger.warn({ err, path }, 'simulator post failed; will retry');
      return 'retry';
    }
  }

  /**
   * Sends a batch of case events. A batch is all or nothing: where the server refuses some of its
   * events (its details name them, `events.<i>…`), only their cases are dropped, with the rest of
   * their plans, and the others go again; false when it should be sent again later.
   */
  async function sendEvents(batch: CaseEventInput[]): Promise<boolean> {
    for (let tries = 0; batch.length && tries < 4; tries++) {
      const answer = await post('/api/v1/events', { events: batch });
      if (answer === 'ok') return true;
      if (answer === 'retry') return false;
      const refused = new Set(
        (answer.details ?? []).flatMap((d) => {
          const i = /^events\.(\d+)/.exec(d.path ?? '')?.[1];
          return i === undefined ? [] : [batch[Number(i)]?.caseId ?? ''];
        }),
      );
      if (!refused.size) return true; // nothing says which: the batch is lost, as any refused post
      for (let i = pending.length - 1; i >= 0; i--) if (refused.has(pending[i]!.caseId)) pending.splice(i, 1);
      batch = batch.filter((e) => !refused.has(e.caseId));
      logger.warn({ cases: [...refused].slice(0, 10), dropped: refused.size }, 'simulator: refused cases dropped, the rest of the batch sent again');
    }
    return true;
  }

  function reportCase(now: number, choice: ReportChoice = {}) {
    caseCounter += 1;
    const caseId = `SIM-${runId}-${caseCounter}`;
    const { event, wire } = city.reports.report(caseId, now, choice);
    outbox.push(wire);
    const steps = city.scripts.plan({ caseId, reportedAt: now, urgency: event.urgency, category: event.category, gridCode: event.gridCode }, config.speed);
    if (steps.length) pending.push({ caseId, steps, first: 2 });
  }

  /** The reports of each second since the last tick (at most ten minutes of them), then the bursts due. */
  function newCases(now: number) {
    // a rehearsal scales the city's intake (a quiet night) and adds its own reports (a storm's)
    // (over the time since the last tick: a late tick, or a test's 10-second steps, must not lose reports)
    const since = Math.min(600_000, Math.max(TICK_MS, now - rehearsalFrom));
    rehearsalFrom = now;
    const rehearsal = intakeFrom === Infinity ? undefined : scenarioIntake?.tick(deps.rehearsal!.current(now), now, since);
    // each report at its own moment of the tick, not all at the tick's one instant (the ticker would
    // stamp a storm's reports with one and the same second)
    for (const r of rehearsal?.reports ?? []) reportCase(now - Math.floor(rng() * since), r);
    for (let t = Math.max(intakeFrom, now - 600_000); t + TICK_MS <= now; t += TICK_MS) {
      intakeFrom = t + TICK_MS;
      const expected = (config.casesPerMin / 60) * (TICK_MS / 1000) * city.rhythm.intakeFactor(t) * (rehearsal?.intakeFactor ?? 1);
      let n = Math.floor(expected) + (rng() < expected % 1 ? 1 : 0);
      while (n-- > 0) {
        const at = t + Math.floor(rng() * TICK_MS);
        const source = city.reports.source(at);
        if (source === 'grid_worker' && walking.length) {
          // a worker on patrol found it in his own grid, and stands by it while he reports it
          const w = walking[Math.floor(rng() * walking.length)]!;
          patrols.reportFound(w, now);
          reportCase(at, { source, grid: w.grid });
        } else reportCase(at, { source: source === 'grid_worker' ? 'hotline_12345' : source });
      }
    }
    if (intakeFrom !== Infinity && deps.bursts !== false)
      for (const b of bursts.due(now)) reportCase(Math.floor(b.dueAt), { grid: b.grid, category: b.category, source: 'hotline_12345' }); // when it was due, not the tick's instant
  }

  function dueSteps(now: number) {
    for (let i = 0; i < pending.length; ) {
      const p = pending[i]!;
      while (p.steps.length && p.steps[0]!.at <= now) {
        const s = p.steps.shift()!;
        outbox.push({ ...s.event, eventId: stepEventId(p.caseId, p.first), caseId: p.caseId, at: new Date(s.at).toISOString() } as SourceCaseEvent);
        p.first += 1;
      }
      if (p.steps.length) i++;
      else {
        pending[i] = pending[pending.length - 1]!;
        pending.pop();
      }
    }
  }

  function moveWorkers(now: number): PositionFix[] {
    const at = new Date(now).toISOString();
    const fixes: PositionFix[] = [];
    walking = [];
    for (const w of workers) {
      // a phone sends every 5 s or so: the worker is brought up to now when it does
      if (w.activity !== 'off' && rng() > FIX_SHARE_PER_TICK && now < w.until) {
        if (w.activity === 'walking') walking.push(w);
        continue;
      }
      if (!patrols.advance(w, now)) continue;
      if (w.activity === 'walking') walking.push(w);
      fixes.push({ workerId: w.id, gridCode: w.grid.code, lon: w.lon, lat: w.lat, at });
    }
    return fixes;
  }

  async function tick(now = clock()) {
    // while the server takes nothing (a store away), the city waits rather than piling up reports
    if (outbox.length < MAX_OUTBOX) {
      newCases(now);
      if (intakeFrom !== Infinity) dueSteps(now);
    }
    const batch = outbox.splice(0, 1000);
    if (batch.length && !(await sendEvents(batch))) outbox.unshift(...batch);
    const fixes = moveWorkers(now);
    for (let i = 0; i < fixes.length; i += 15_000) await post('/api/v1/positions', { fixes: fixes.slice(i, i + 15_000) }); // a lost fix is replaced by the next
  }

  return {
    /** One tick at the clock's time (what the timer runs each second; tests call it). */
    tick: () => (inFlight = inFlight.then(() => tick())),
    /**
     * Takes over the history's open cases with their plans, and makes the reports of every second
     * since the history's end: the city goes on without a gap.
     */
    carryOn(plans: Iterable<OpenPlan>, since: number) {
      for (const p of plans) pending.push(p);
      intakeFrom = since;
    },
    /** Open cases it is moving on, and workers on shift now. */
    stats: () => ({ open: pending.length, onShift: workers.filter((w) => w.activity !== 'off').length, workers: workers.length }),
    start() {
      if (timer) return; // started already
      logger.info({ workers: workers.length, casesPerMin: config.casesPerMin, speed: config.speed, carriedOver: pending.length }, 'simulator started');
      // one tick at a time: a tick still running when the next is due makes that one skip (the
      // next catches the intake up), so slow ticks never queue up
      let running = false;
      timer = setInterval(() => {
        if (running) return;
        running = true;
        inFlight = inFlight.then(() => tick()).finally(() => (running = false));
      }, TICK_MS);
    },
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
