// A load feeder for a running Gridwall server, shared by `npm run bench:wall` and the wall's long-run
// test: N grid workers walking inside their (real) grids, each posting a fix every second, and a
// steady stream of case reports, each closed a few seconds later (6 more events: the ticker and the
// KPIs churn while the number of open cases stays level). Everything goes over the public HTTP API
// with the ingest key, like a real source. `seedHeat` opens one case in each of N distinct grids,
// spread over the city, and leaves them open: heat everywhere.
import type { GridIndex } from '../../server/geo/gridIndex.ts';
import type { GridRecord } from '../../shared/geoDataset.ts';
import { grids as cityGrids } from './factories.ts';

export interface LoadTarget {
  url: string;
  ingestKey: string;
}

export interface WallLoadOptions {
  /** Moving workers; each posts a fix every second (in 10 slices, every 100 ms). */
  workers: number;
  /** Case reports per second. */
  casesPerSecond: number;
  /** Each report runs to closure this long after it was sent; default 5 s. */
  closeAfterMs?: number;
  /** Ids are `<prefix>-<n>`: fresh per load, so two loads on one server never collide. */
  prefix?: string;
  grids?: Pick<GridIndex, 'grids'>;
}

export interface LoadStats {
  fixes: number;
  cases: number;
  events: number;
  failures: number;
  /** Fixes not sent because 64 requests were already in flight. */
  skippedFixes: number;
  /** The first refusal, for the report. */
  firstError?: string;
}

export interface WallLoad {
  stats(): LoadStats;
  /** Stops posting and waits for what is in flight (at most 10 s). */
  stop(): Promise<LoadStats>;
}

const TICK_MS = 100;
const MAX_IN_FLIGHT = 64;
/** About 30 m a step at Tianjin's latitude: a brisk walk, once a second. */
const STEP_DEG = 0.0003;
/** A worker stays within about 100 m of his grid's label point (a point inside the grid, so inside
 * the city): no point-in-polygon test per step, which would cost the feeder more than the server. */
const PATROL_DEG = 0.001;
/** Grid stride for spreading reports over the city: a prime that divides no grid count here. */
const STRIDE = 7919;
const FOLLOW_UP: Record<string, unknown>[] = [
  { type: 'accepted' },
  { type: 'dispatched', unit: '街道综合执法队' },
  { type: 'started' },
  { type: 'resolved', note: '已处置' },
  { type: 'verified', passed: true },
  { type: 'evaluated', satisfied: true },
];

function poster(target: LoadTarget, stats: LoadStats) {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${target.ingestKey}` };
  /** Resolves true when the server accepted the batch. */
  return async (path: string, body: unknown): Promise<boolean> => {
    try {
      const res = await fetch(`${target.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      const text = await res.text();
      if (res.ok) return true;
      stats.failures += 1;
      stats.firstError ??= `${path} ${res.status} ${text.slice(0, 200)}`;
    } catch (err) {
      stats.failures += 1;
      stats.firstError ??= `${path} ${(err as Error).message}`;
    }
    return false;
  };
}

function report(caseId: string, grid: GridRecord, at: string) {
  return {
    eventId: `${caseId}:1`,
    caseId,
    type: 'reported',
    at,
    gridCode: grid.code,
    category: 'appearance.garbage',
    urgency: 'ordinary',
    source: 'hotline_12345',
    summary: '小区门口生活垃圾堆放未清运',
  };
}

const runId = () => `${process.pid.toString(36)}${Date.now().toString(36)}`;

/** Opens one case in each of `gridCount` distinct grids spread over the city; they stay open. */
export async function seedHeat(target: LoadTarget, gridCount: number, grids: Pick<GridIndex, 'grids'> = cityGrids): Promise<LoadStats> {
  const stats: LoadStats = { fixes: 0, cases: 0, events: 0, failures: 0, skippedFixes: 0 };
  const post = poster(target, stats);
  const n = Math.min(gridCount, grids.grids.length);
  const prefix = `H${runId()}`;
  const at = new Date().toISOString();
  for (let from = 0; from < n; from += 1000) {
    const events = [];
    for (let k = from; k < Math.min(n, from + 1000); k++) events.push(report(`${prefix}-${k}`, grids.grids[(k * STRIDE) % grids.grids.length]!, at));
    await post('/api/v1/events', { events });
    stats.cases += events.length;
    stats.events += events.length;
  }
  if (stats.failures) throw new Error(`seeding heat failed: ${stats.firstError}`);
  return stats;
}

/** Starts feeding; returns at once. */
export function startWallLoad(target: LoadTarget, opts: WallLoadOptions): WallLoad {
  const grids = opts.grids ?? cityGrids;
  const closeAfter = opts.closeAfterMs ?? 5000;
  const prefix = opts.prefix ?? `L${runId()}`;
  const stats: LoadStats = { fixes: 0, cases: 0, events: 0, failures: 0, skippedFixes: 0 };
  const post = poster(target, stats);

  // worker w patrols grid (w * STRIDE) mod grids: spread over the whole city, several per grid past 17,701
  const home = Array.from({ length: opts.workers }, (_, w) => grids.grids[(w * STRIDE) % grids.grids.length]!);
  const pos = new Float64Array(opts.workers * 2);
  home.forEach((g, w) => {
    pos[2 * w] = g.centroid[0];
    pos[2 * w + 1] = g.centroid[1];
  });
  /** One step in a random direction, turned back towards home when it would leave the patrol circle. */
  const walk = (w: number) => {
    const [hx, hy] = home[w]!.centroid;
    const a = Math.random() * 2 * Math.PI;
    let lon = pos[2 * w]! + Math.cos(a) * STEP_DEG;
    let lat = pos[2 * w + 1]! + Math.sin(a) * STEP_DEG;
    if ((lon - hx) ** 2 + (lat - hy) ** 2 > PATROL_DEG ** 2) {
      lon = pos[2 * w]! + (hx - pos[2 * w]!) * 0.5;
      lat = pos[2 * w + 1]! + (hy - pos[2 * w + 1]!) * 0.5;
    }
    pos[2 * w] = lon;
    pos[2 * w + 1] = lat;
  };

  let caseNo = 0;
  let caseDebt = 0;
  const toClose: { caseId: string; due: number }[] = [];
  const inFlight = new Set<Promise<boolean>>();
  const send = (path: string, body: unknown) => {
    const p = post(path, body).finally(() => inFlight.delete(p));
    inFlight.add(p);
    return p;
  };

  let tick = 0;
  let stopped = false;
  const start = performance.now();
  const slices = 1000 / TICK_MS;
  const step = () => {
    if (stopped) return;
    const now = Date.now();
    const at = new Date(now).toISOString();
    // this tick's slice of the workers: every worker once a second
    const slice = tick % slices;
    const fixes = [];
    for (let w = slice; w < opts.workers; w += slices) {
      walk(w);
      fixes.push({ workerId: `${prefix}W${w}`, gridCode: home[w]!.code, lon: pos[2 * w]!, lat: pos[2 * w + 1]!, at });
    }
    // positions are latest-wins: a server that cannot keep up loses a slice rather than a queue growing here
    if (inFlight.size < MAX_IN_FLIGHT) {
      for (let k = 0; k < fixes.length; k += 20_000) void send('/api/v1/positions', { fixes: fixes.slice(k, k + 20_000) });
      stats.fixes += fixes.length;
    } else stats.skippedFixes += fixes.length;

    caseDebt += (opts.casesPerSecond * TICK_MS) / 1000;
    const nc = Math.floor(caseDebt);
    caseDebt -= nc;
    // reports first, in their own request: a case is closed only once its report was stored (a
    // closure racing its report on a busy server would be refused as an unknown case)
    const reports: ReturnType<typeof report>[] = [];
    for (let k = 0; k < nc; k++) {
      const caseId = `${prefix}-${++caseNo}`;
      reports.push(report(caseId, grids.grids[(caseNo * STRIDE) % grids.grids.length]!, at));
    }
    if (reports.length) {
      void send('/api/v1/events', { events: reports }).then((ok) => {
        if (ok) for (const r of reports) toClose.push({ caseId: r.caseId, due: now + closeAfter });
      });
      stats.cases += nc;
      stats.events += nc;
    }
    const closures: unknown[] = [];
    while (toClose.length && toClose[0]!.due <= now) {
      const { caseId } = toClose.shift()!;
      FOLLOW_UP.forEach((e, i) => closures.push({ ...e, eventId: `${caseId}:${i + 2}`, caseId, at }));
    }
    for (let k = 0; k < closures.length; k += 996) void send('/api/v1/events', { events: closures.slice(k, k + 996) });
    stats.events += closures.length;

    tick += 1;
    // keep the rate: the next tick is due at start + tick * 100 ms, whatever this one cost
    timer = setTimeout(step, Math.max(0, start + tick * TICK_MS - performance.now()));
  };
  let timer = setTimeout(step, 0);

  return {
    stats: () => ({ ...stats }),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await Promise.race([Promise.all([...inFlight]), new Promise((r) => setTimeout(r, 10_000))]);
      return { ...stats };
    },
  };
}
