// A month of simulated cases, the same on both store engines, gives the same KPIs: the simulator's
// history (a seeded month, every class, returns, escalations, extensions, failed verifications,
// unsatisfied visits sent back, cases nobody rated) posted through the ingest API of a server on
// each engine, with the case watch held back while it arrives (as an import would be); then each
// server restarted with the watch free, raising the overdue marks and default closes the month
// calls for; then every period's figures for the city and three districts compared, and compared
// again after another restart (from the checkpoint).
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/observability/logger.ts';
import { backfillHistory } from '../../server/simulator/backfill.ts';
import { workerRoster } from '../../server/geo/workerRoster.ts';
import { ENGINES } from '../support/engines.ts';
import { grids, simCity } from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

const NOW = Date.now();
const SEED = 20_261_207;
const REGIONS = ['1201', '120101', '120104', '120116'];
const PERIODS = ['today', 'week', '30d'];

async function month(engine: (typeof ENGINES)[number]): Promise<TestServer> {
  const held = await startTestServer({ engine, env: { CASE_WATCH_QUIET_S: '3600' } });
  await backfillHistory({
    baseUrl: held.url,
    ingestKey: held.secrets.ingestKey,
    grids,
    roster: workerRoster(grids.grids),
    days: 30,
    casesPerMin: 0.3,
    workers: 0,
    bursts: false, // the steady intake alone: 13,000 cases and some 90,000 events in a month
    ...simCity,
    logger: createLogger('silent'),
    now: NOW,
    seed: SEED,
  });
  await held.stop();
  return startTestServer({ location: held.location, secrets: held.secrets });
}

async function settled(server: TestServer) {
  // the watch raises at most 1,000 events a second: wait until the log stops growing
  let seq = -1;
  for (;;) {
    await new Promise((r) => setTimeout(r, 1500));
    const now = (await (await fetch(`${server.url}/healthz`)).json()).seq as number;
    if (now === seq) return;
    seq = now;
  }
}

async function figures(server: TestServer) {
  const out: Record<string, unknown> = {};
  for (const region of REGIONS)
    for (const period of PERIODS) {
      const res = await fetch(`${server.url}/api/v1/kpis?region=${region}&period=${period}`, {
        headers: { authorization: `Bearer ${server.secrets.screenToken}` },
      });
      const body = await res.json();
      out[`${region}/${period}`] = { figures: body.figures, byUrgency: body.averageHandlingHoursByUrgency, bySource: body.bySource, now: body.now };
    }
  return out;
}

/** The figures of every server, read until they agree (a deadline may pass between two reads). */
async function agreed(servers: TestServer[]) {
  let last: Record<string, unknown>[] = [];
  for (let i = 0; i < 10; i++) {
    last = await Promise.all(servers.map(figures));
    if (last.every((f) => JSON.stringify(f) === JSON.stringify(last[0]))) break;
  }
  return last;
}

describe('a month of simulated cases on both engines', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.dispose();
  });

  it('gives the same KPIs on each engine, and again after a restart', async () => {
    servers.push(...(await Promise.all(ENGINES.map(month))));
    await Promise.all(servers.map(settled));
    const [first, ...others] = await agreed(servers);
    for (const other of others) expect(other).toEqual(first);

    // the month exercised the rules it is meant to: every figure has something to count
    const city = (first!['1201/30d'] as { figures: Record<string, number | null> }).figures;
    expect(city.reported).toBeGreaterThan(5000);
    for (const k of [
      'due',
      'dueOnTime',
      'resolved',
      'closed',
      'visits',
      'defaultClosed',
      'rehandled',
      'returned',
      'escalations',
      'extensions',
      'becameOverdue',
    ])
      expect(city[k], k).toBeGreaterThan(0);
    expect(city.onTimeRate).toBeGreaterThan(0.5);
    expect(city.onTimeRate).toBeLessThan(1);
    expect(city.satisfaction).toBeGreaterThan(0.9);

    // restarted from its checkpoint, the embedded store's server says the same
    const sqlite = servers[0]!;
    await sqlite.stop();
    servers[0] = await startTestServer({ location: sqlite.location, secrets: sqlite.secrets });
    const [again] = await agreed([servers[0]!, ...servers.slice(1)]);
    expect(again).toEqual(first);
  }, 240_000);
});
