// What must hold after any barrage of hostile input: the server answers /healthz, the event log
// is exactly what it was, every projection a fresh screen is sent (heat, KPIs, ticker, workers,
// trends, alerts, the wall's state) is what it was AND what folding the log afresh gives, and no
// prototype was polluted in the (in-process) server.
import { expect } from 'vitest';
import { createCaseProjection } from '../../../server/projections/caseProjection.ts';
import type { StoredCaseEvent } from '../../../shared/caseEvent.ts';
import { decodePositionFrame } from '../../../shared/positionFrame.ts';
import type { WallSnapshot } from '../../../shared/protocol.ts';
import type { WallState } from '../../../shared/wallControl.ts';
import { grids } from '../../support/factories.ts';
import { connectScreen, startTestServer, type TestServer } from '../../support/testServer.ts';

const gridCodes = grids.grids.map((g) => g.code);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const sortHeat = (h: WallSnapshot['heat']) => [...h].sort((a, b) => a[0] - b[0]);

export async function readLog(server: TestServer): Promise<StoredCaseEvent[]> {
  const store = await server.openStore();
  try {
    return await store.log.readEvents(0, 10_000_000);
  } finally {
    await store.close();
  }
}

/** The parts of a fresh screen's snapshot that describe the state (not the moment it was sent). */
export interface Observed {
  seq: number;
  heat: WallSnapshot['heat'];
  kpis: WallSnapshot['kpis'];
  ticker: WallSnapshot['ticker'];
  workerIds: string[];
  positions: { indices: number[]; coords: number[] };
  workerStates: number[];
  trendTotals: { '7d': number; '30d': number };
  alerts: string[];
  wallVersions: Record<string, number>;
}

/** A fuzz server: trends and alerts are recomputed often, so a snapshot's are never older than what the check looks at. */
export function startFuzzServer(env: Record<string, string> = {}): Promise<TestServer> {
  return startTestServer({ env, pushTicks: { trendsMs: 300, alertsMs: 300, alertCheckMs: 100 } });
}

/** A fresh screen's snapshot, taken again until its (cached) trends and alerts were computed after `since`. */
async function observe(
  server: TestServer,
  wall: string,
  screen: string,
  since = Date.now(),
): Promise<{ observed: Omit<Observed, 'wallVersions'>; state: WallState | undefined; serverTime: number }> {
  for (let tries = 0; ; tries++) {
    const seen = await observeOnce(server, wall, screen);
    if ((seen.trendsAt >= since && seen.alertsAt >= since) || tries >= 40) return seen;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function observeOnce(server: TestServer, wall: string, screen: string) {
  const s = connectScreen(server, { wall, screen });
  try {
    await s.until(() => s.snapshots.length === 1, 'a snapshot');
    const snap = s.snapshots[0]!;
    const frame = decodePositionFrame(snap.positions);
    return {
      serverTime: snap.serverTime,
      trendsAt: snap.trends.at,
      alertsAt: snap.alerts.at,
      state: s.wallStates[0],
      observed: {
        seq: snap.seq,
        heat: sortHeat(snap.heat),
        kpis: snap.kpis,
        ticker: snap.ticker,
        workerIds: snap.workerIds,
        positions: { indices: [...frame.indices], coords: [...frame.coords] },
        workerStates: [...new Uint8Array(snap.workerStates)],
        trendTotals: { '7d': sum(snap.trends.periods['7d'].total), '30d': sum(snap.trends.periods['30d'].total) },
        alerts: snap.alerts.alerts.map((a) => `${a.id}/${a.severity}`),
      },
    };
  } finally {
    s.close();
  }
}

export interface Baseline {
  log: StoredCaseEvent[];
  observed: Observed;
  objectProto: string[];
  arrayProto: string[];
}

/** A fresh screen on each of these walls (its wall state is part of what must not change). */
const WALLS = [
  { wall: 'demo', screen: '1-1' },
  { wall: 'hall-3x2', screen: '1-1' },
];

export async function captureState(server: TestServer): Promise<Baseline> {
  const log = await readLog(server);
  const views = await Promise.all(WALLS.map((w) => observe(server, w.wall, w.screen)));
  const wallVersions = Object.fromEntries(views.map((v, i) => [WALLS[i]!.wall, v.state?.version ?? -1]));
  const { observed, serverTime } = views[0]!;
  expectRecomputed(log, observed, serverTime);
  return {
    log,
    observed: { ...observed, wallVersions },
    objectProto: Object.getOwnPropertyNames(Object.prototype).sort(),
    arrayProto: Object.getOwnPropertyNames(Array.prototype).sort(),
  };
}

/** The screen's heat, KPIs and ticker equal a fresh fold of the log (as server/projections/rebuild.ts folds it). */
export function expectRecomputed(log: StoredCaseEvent[], observed: Omit<Observed, 'wallVersions'>, at: number): void {
  const fold = createCaseProjection(grids.grids.length, grids.indexOf, gridCodes);
  fold.apply(log);
  expect(observed.seq, 'snapshot seq = log end').toBe(log.at(-1)?.seq ?? 0);
  expect(observed.heat, 'heat = fold of the log').toEqual(sortHeat(fold.heatEntries()));
  // the observed screen shows the whole city: its KPIs say so
  expect(observed.kpis, 'KPIs = fold of the log').toEqual({ ...fold.kpis(at, observed.kpis.workersOnline), region: '1201' });
  expect(observed.ticker, 'ticker = fold of the log').toEqual(fold.ticker());
}

/** Nothing any hostile input did is visible: health, log, projections, prototypes. */
export async function expectUnchanged(server: TestServer, before: Baseline): Promise<void> {
  await expectHealthy(server);
  const after = await captureState(server);
  expect(after.log.length, 'events in the log').toBe(before.log.length);
  expect(after.log, 'the event log').toEqual(before.log);
  expect(after.observed, 'what a fresh screen is sent').toEqual(before.observed);
  expectNoPollution(before);
}

export function expectNoPollution(before?: Pick<Baseline, 'objectProto' | 'arrayProto'>): void {
  const probe = {} as Record<string, unknown>;
  for (const key of ['polluted', 'isAdmin', 'role', 'token', 'ok', 'toString2']) expect(probe[key], `Object.prototype.${key}`).toBeUndefined();
  expect(Object.getPrototypeOf(probe)).toBe(Object.prototype);
  expect(typeof probe.toString).toBe('function');
  if (before) {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before.objectProto);
    expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(before.arrayProto);
  }
}

export async function expectHealthy(server: TestServer): Promise<void> {
  const res = await fetch(`${server.url}/healthz`);
  expect(res.status, '/healthz').toBe(200);
  expect(await res.json()).toMatchObject({ status: 'ok' });
}
