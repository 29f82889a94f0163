// Trends, alerts, the three heat metrics and worker states on real sockets, on both engines: what a
// screen holds (snapshot plus every message after it) converges to a recomputation from the stored
// log written here independently of the projections (invariant 5); a district wall gets only its
// district's; the HTTP routes answer with the same values, and refuse a bad region or a missing token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../shared/categories.ts';
import { applyCaseEvent, isOpen, owes, type CaseState } from '../../shared/caseLifecycle.ts';
import { SOURCE_CHANNELS, type CaseEvent } from '../../shared/caseEvent.ts';
import { WORKER_STATES, type AlertList, type HeatEntries, type Trends } from '../../shared/protocol.ts';
import { ENGINES } from '../support/engines.ts';
import { fix, grids, reported, uniqueId } from '../support/factories.ts';
import { connectScreen, startTestServer, type Screen, type TestServer } from '../support/testServer.ts';

const HEPING = '120101';
const BINHAI = '120116';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const hepingGrid = grids.grids.find((g) => g.code.startsWith(HEPING))!;
const STREET = hepingGrid.code.slice(0, 9);
const binhaiGrid = grids.grids.find((g) => g.code.startsWith(BINHAI))!;
const ticks = { trendsMs: 400, alertsMs: 1000, alertCheckMs: 200 };

/** The events of this story, dated relative to `t` (the test's start). */
function story(t: number) {
  const iso = (ms: number) => new Date(ms).toISOString();
  const rep = (id: string, atMs: number, extra: Partial<Extract<CaseEvent, { type: 'reported' }>> = {}) =>
    reported(id, { at: iso(atMs), gridCode: hepingGrid.code, ...extra });
  const next = (id: string, n: number, atMs: number, e: object) => ({ eventId: `${id}:${n}`, caseId: id, at: iso(atMs), ...e }) as CaseEvent;
  const events: CaseEvent[] = [];
  // history: the first report three days and two hours ago, then one noise report on each of the
  // three previous days at this time of day (the spike's baseline and the rising lists' "before")
  events.push(rep(uniqueId('H'), t - 3 * DAY - 2 * HOUR, { category: 'opinion.suggestion', gridCode: binhaiGrid.code }));
  for (let k = 3; k >= 1; k--) events.push(rep(uniqueId('H'), t - k * DAY - 20 * MIN, { category: 'environment.noise' }));
  // overdue: past their deadline an hour ago; one urgent (critical), one ordinary (a warning)
  const late = uniqueId('LATE');
  events.push(rep(late, t - 3 * HOUR, { deadline: iso(t - 2 * HOUR), urgency: 'urgent', category: 'facility.manhole' }));
  events.push(
    rep(uniqueId('LATE'), t - 3 * HOUR, { deadline: iso(t - 2 * HOUR), category: 'traffic.parking', gridCode: binhaiGrid.code, source: 'photo_app' }),
  );
  // resolved before its deadline and waiting for verification: past the deadline now, but the
  // department owes nothing, so it is not overdue
  const settled = uniqueId('RES');
  events.push(
    rep(settled, t - 3 * HOUR, { deadline: iso(t - 2 * HOUR), category: 'facility.road' }),
    next(settled, 2, t - 170 * MIN, { type: 'accepted' }),
    next(settled, 3, t - 165 * MIN, { type: 'dispatched', unit: '区住建委' }),
    next(settled, 4, t - 160 * MIN, { type: 'started' }),
    next(settled, 5, t - 150 * MIN, { type: 'resolved' }),
  );
  // escalated to the district
  const whistled = uniqueId('ESC');
  events.push(
    rep(whistled, t - 40 * MIN, { category: 'dispute.wage', gridCode: binhaiGrid.code, source: 'hotline_8890' }),
    next(whistled, 2, t - 39 * MIN, { type: 'accepted' }),
    next(whistled, 3, t - 38 * MIN, { type: 'dispatched', unit: '街道' }),
    next(whistled, 4, t - 37 * MIN, { type: 'escalated', level: 'district', by: '街道吹哨' }),
  );
  // the burst: 12 noise reports in one Heping street in the last half hour
  for (let i = 0; i < 12; i++)
    events.push(rep(uniqueId('N'), t - 30 * MIN + i * MIN, { category: 'environment.noise', source: i % 2 ? 'hotline_12345' : 'grid_worker' }));
  return { events, late, settled, whistled };
}

// ---- the independent recomputation from the stored log ----
function foldLog(events: CaseEvent[]) {
  const cases = new Map<string, CaseState>();
  for (const e of events) {
    const r = applyCaseEvent(cases.get(e.caseId), e);
    if (!r.ok) throw new Error(r.message);
    cases.set(e.caseId, r.state);
  }
  return [...cases.values()];
}
const inScope = (code: string, scope: string) => scope === '1201' || code.startsWith(scope);
const majorOf = (sub: string) => sub.split('.')[0]!;

function expectedHeat(cases: CaseState[], now: number, scope: string) {
  const heat = new Map<number, number[]>();
  for (const c of cases) {
    if (!inScope(c.gridCode, scope)) continue;
    const i = grids.indexOf(c.gridCode)!;
    const v = heat.get(i) ?? [0, 0, 0];
    if (isOpen(c)) v[0]! += 1;
    if (c.reportedAt > now - HOUR) v[1]! += 1;
    if (owes(c) && c.deadline < now) v[2]! += 1; // overdue: owed and past the deadline
    heat.set(i, v);
  }
  for (const [i, v] of heat) if (v.every((x) => x === 0)) heat.delete(i);
  return heat;
}

function expectedTrends(cases: CaseState[], at: number, scope: string) {
  const mine = cases.filter((c) => inScope(c.gridCode, scope));
  // 30-minute buckets with Shanghai edges, the last the one containing `at`
  const shanghai = (ms: number) => ms + 8 * HOUR;
  const lastBucket = Math.floor(shanghai(at) / (30 * MIN));
  const total = new Array<number>(48).fill(0);
  const byMajor = new Map<string, number>();
  for (const c of mine) {
    const b = Math.floor(shanghai(c.reportedAt) / (30 * MIN)) - lastBucket + 47;
    if (b < 0 || b > 47) continue;
    total[b]! += 1;
    byMajor.set(majorOf(c.category), (byMajor.get(majorOf(c.category)) ?? 0) + 1);
  }
  // the last 24 h ends with the 10-minute bucket now fills
  const end = Math.floor(at / (10 * MIN)) * 10 * MIN + 10 * MIN;
  const sources = Object.fromEntries(
    SOURCE_CHANNELS.map((s) => [s, mine.filter((c) => c.source === s && c.reportedAt >= end - DAY && c.reportedAt < end).length]),
  );
  const first = Math.min(...cases.map((c) => c.reportedAt));
  const days = Math.max(0, Math.min(7, Math.floor((end - DAY - first) / DAY)));
  const perSub = new Map<string, number[]>();
  for (const c of mine) {
    const d = Math.floor((end - 1 - c.reportedAt) / DAY);
    if (d < 0 || d > days) continue;
    const row = perSub.get(c.category) ?? new Array<number>(days + 1).fill(0);
    row[d]! += 1;
    perSub.set(c.category, row);
  }
  const rising = [...perSub]
    .map(([key, row]) => ({ key, now: row[0]!, before: row.slice(1).reduce((a, b) => a + b, 0) / days }))
    .filter((r) => r.now >= 5 && r.now > r.before)
    .sort((a, b) => b.now - b.before - (a.now - a.before))
    .map((r) => ({ key: r.key, now: r.now, before: r.before }));
  return { total, byMajor, sources, days, rising };
}

function expectedAlerts(cases: CaseState[], at: number, scope: string) {
  const mine = cases.filter((c) => inScope(c.gridCode, scope) && isOpen(c));
  const overdue = mine.filter((c) => owes(c) && c.deadline < at).map((c) => `overdue:${c.caseId}`);
  const escalated = mine.filter((c) => c.status === 'escalated').map((c) => `escalated:${c.caseId}`);
  // spikes: last 60 minutes against the same 60 minutes on each previous day wholly in the history
  const first = Math.min(...cases.map((c) => c.reportedAt));
  const spikes: string[] = [];
  const regions = (code: string) => [code.slice(0, 6), code.slice(0, 9)];
  const count = (region: string, sub: string, end: number) =>
    cases.filter((c) => c.gridCode.startsWith(region) && c.category === sub && c.reportedAt > end - HOUR && c.reportedAt <= end).length;
  const pairs = new Set(cases.flatMap((c) => regions(c.gridCode).map((r) => `${r}|${c.category}`)));
  for (const pair of pairs) {
    const [region, sub] = pair.split('|') as [string, string];
    if (!inScope(region, scope)) continue;
    const n = count(region, sub, at);
    const samples: number[] = [];
    for (let k = 1; k <= 14 && at - k * DAY - HOUR >= first; k++) samples.push(count(region, sub, at - k * DAY));
    if (samples.length < 3) continue; // (this story has three days of history)
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    const sd = Math.sqrt(samples.reduce((a, b) => a + (b - mean) ** 2, 0) / samples.length);
    if (n >= 5 && (n - mean) / Math.max(sd, Math.sqrt(mean), 1) >= 3) spikes.push(`spike:${region}:${sub}`);
  }
  return { overdue, escalated, spikes };
}

/** A screen's heat: its snapshot with every delta applied, latest wins. */
function heatOf(screen: Screen) {
  const heat = new Map<number, number[]>();
  const apply = (entries: HeatEntries) => {
    for (const [i, ...v] of entries) heat.set(i, v);
  };
  apply(screen.snapshots[0]!.heat);
  for (const d of screen.heat) apply(d.changes);
  for (const [i, v] of heat) if (v.every((x) => x === 0)) heat.delete(i);
  return heat;
}

/** A screen's worker states by worker id: its snapshot's bytes, then every change. */
function workerStatesOf(screen: Screen): Map<string, string> {
  const snap = screen.snapshots[0]!;
  const ids = [...snap.workerIds, ...screen.rosters.flatMap((r) => r.ids)];
  const states = [...new Uint8Array(snap.workerStates)];
  for (const changes of screen.workerStates) for (const [i, s] of changes) states[i] = s;
  return new Map(ids.map((id, i) => [id, WORKER_STATES[states[i] ?? 2]!]));
}

describe.each(ENGINES)('trends, alerts, heat and worker states on %s', (engine) => {
  let server: TestServer;
  let city: Screen;
  let heping: Screen;
  let binhai: Screen;
  let t: number;
  let s: ReturnType<typeof story>;
  const workerId = (name: string) => `${name}-${engine}`;
  const latest = <T extends { at: number }>(list: T[]) => list.at(-1)!;

  beforeAll(async () => {
    server = await startTestServer({ engine, pushTicks: ticks });
    city = connectScreen(server);
    heping = connectScreen(server, { scope: HEPING });
    binhai = connectScreen(server, { scope: BINHAI });
    await Promise.all([city, heping, binhai].map((x) => x.until(() => x.snapshots.length > 0, 'a snapshot')));
    t = Date.now();
    s = story(t);
    const res = await server.post('/api/v1/events', { events: s.events });
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    // workers: one stands still for 4 minutes, one walks 200 m, one fell silent 6 minutes ago, and
    // one whose last fix is 8 seconds short of 5 minutes old: offline soon, by the clock alone
    const [lon, lat] = hepingGrid.centroid;
    const at = (ms: number) => new Date(ms).toISOString();
    const w = (name: string, ms: number, dLat = 0) => fix(workerId(name), { gridCode: hepingGrid.code, lon, lat: lat + dLat, at: at(ms) });
    expect(
      (
        await server.post('/api/v1/positions', {
          fixes: [w('STILL', t - 4 * MIN), w('WALK', t - 4 * MIN), w('GONE', t - 6 * MIN), w('FADING', t - 5 * MIN + 8000)],
        })
      ).status,
    ).toBe(200);
    expect((await server.post('/api/v1/positions', { fixes: [w('STILL', t - 10_000, 0.00005), w('WALK', t - 10_000, 0.002)] })).status).toBe(200);
    const posted = Date.now();
    // everything computed after the last post has been sent (the overdue marks are raised meanwhile)
    for (const x of [city, heping, binhai])
      await x.until(() => x.trends.some((tr) => tr.at > posted) && x.alerts.some((a) => a.at > posted + ticks.alertsMs), 'trends and alerts after the posts');
    for (const x of [city, heping]) await x.until(() => workerStatesOf(x).get(workerId('FADING')) === 'offline', 'the fading worker offline', 30_000);
  });
  afterAll(async () => {
    for (const x of [city, heping, binhai]) x?.close();
    await server?.dispose();
  });

  const storedCases = async () => {
    const store = await server.openStore();
    const events = (await store.log.readEvents(0, 1_000_000)).map((e) => e.event);
    await store.close();
    return foldLog(events);
  };

  it('converges to the log: heat with its three metrics, trends and alerts of every scope', async () => {
    const cases = await storedCases();
    for (const [screen, scope] of [
      [city, '1201'],
      [heping, HEPING],
      [binhai, BINHAI],
    ] as const) {
      const now = Date.now();
      expect(heatOf(screen)).toEqual(expectedHeat(cases, now, scope));

      const trends: Trends = latest(screen.trends);
      const want = expectedTrends(cases, trends.at, scope);
      expect(trends.scope).toBe(scope);
      expect(trends.periods['24h'].total).toEqual(want.total);
      expect(new Map(trends.periods['24h'].categories.map((c) => [c.key, c.counts.reduce((a, b) => a + b, 0)]))).toEqual(want.byMajor);
      expect(trends.periods['24h'].categories.every((c) => CATEGORIES.some((m) => m.code === c.key))).toBe(true);
      expect(trends.periods['7d'].total.reduce((a, b) => a + b, 0)).toBe(cases.filter((c) => inScope(c.gridCode, scope)).length);
      expect(trends.sources).toEqual(want.sources);
      expect(trends.risingBaselineDays).toBe(want.days);
      expect(trends.risingCategories.map(({ key, now: n, before }) => ({ key, now: n, before }))).toEqual(want.rising);

      const alerts: AlertList = latest(screen.alerts);
      const expected = expectedAlerts(cases, alerts.at, scope);
      const ids = (kind: string) =>
        alerts.alerts
          .filter((a) => a.reason.kind === kind)
          .map((a) => a.id)
          .sort();
      expect(ids('overdue')).toEqual(expected.overdue.sort());
      expect(ids('escalated')).toEqual(expected.escalated.sort());
      expect(ids('spike')).toEqual(expected.spikes.sort());
      expect(alerts.counts).toEqual({ overdue: expected.overdue.length, escalated: expected.escalated.length, spike: expected.spikes.length });
    }
  });

  it("words nothing: alerts are data, with the spike rule's numbers, most pressing first, and no personal text", () => {
    const alerts = latest(city.alerts);
    const spike = alerts.alerts.find((a) => a.id === `spike:${STREET}:environment.noise`)!;
    expect(spike).toMatchObject({
      severity: 'critical',
      reason: { kind: 'spike', count: 12, baseline: 'same_hour_previous_days', baselineSamples: 3, baselineMean: 1, baselineSd: 0, z: 11, windowMinutes: 60 },
    });
    expect(alerts.alerts.find((a) => a.id === `overdue:${s.late}`)).toMatchObject({
      severity: 'critical',
      since: t - 2 * HOUR,
      reason: { urgency: 'urgent', overdueMinutes: expect.any(Number) },
    });
    expect(alerts.alerts.find((a) => a.id === `escalated:${s.whistled}`)).toMatchObject({
      severity: 'critical',
      reason: { level: 'district', escalatedAt: t - 37 * MIN },
    });
    expect(alerts.alerts.some((a) => a.id.includes(s.settled))).toBe(false);
    const severities = alerts.alerts.map((a) => a.severity);
    expect(severities).toEqual([...severities].sort()); // every critical before every warning
    expect(JSON.stringify(city.alerts)).not.toMatch(/summary|垃圾|电话/);
    // `since` stays while an alert holds
    const sinceOf = (list: AlertList) => list.alerts.find((a) => a.id === spike.id)?.since;
    expect(new Set(city.alerts.filter((l) => sinceOf(l) !== undefined).map(sinceOf)).size).toBe(1);
  });

  it("keeps each scope to itself: a district wall gets only its district's heat, trends, alerts and workers", () => {
    const codeOf = (i: number) => grids.grids[i]!.code;
    for (const [screen, scope] of [
      [heping, HEPING],
      [binhai, BINHAI],
    ] as const) {
      expect([...heatOf(screen).keys()].every((i) => codeOf(i).startsWith(scope))).toBe(true);
      expect(screen.trends.every((tr) => tr.scope === scope && tr.ranking.level === 'street' && tr.ranking.rows.every((r) => r.code.startsWith(scope)))).toBe(
        true,
      );
      for (const list of screen.alerts) {
        expect(list.scope).toBe(scope);
        for (const a of list.alerts) expect(a.reason.kind === 'spike' ? a.reason.regionCode : a.reason.gridCode).toMatch(new RegExp(`^${scope}`));
      }
    }
    expect(latest(binhai.alerts).counts).toEqual({ overdue: 1, escalated: 1, spike: 0 });
    expect(latest(heping.alerts).counts).toEqual({ overdue: 1, escalated: 0, spike: 2 }); // the street's spike and its district's
    expect(
      latest(city.trends)
        .ranking.rows.map((r) => r.code)
        .sort(),
    ).toHaveLength(16);
    // the Binhai wall knows nothing of Heping's workers: blank ids, offline states, no changes
    expect([...workerStatesOf(binhai)].filter(([id]) => id !== '')).toEqual([]);
    expect(binhai.workerStates.flat()).toEqual([]);
  });

  it('judges worker states on the server: idle, patrolling, offline, and offline by the clock', () => {
    const states = workerStatesOf(heping);
    expect(states.get(workerId('STILL'))).toBe('idle');
    expect(states.get(workerId('WALK'))).toBe('patrolling');
    expect(states.get(workerId('GONE'))).toBe('offline');
    expect(states.get(workerId('FADING'))).toBe('offline');
    // FADING was sent as idle first (online, unmoved), then offline with no fix in between
    const fading = [...heping.snapshots[0]!.workerIds, ...heping.rosters.flatMap((r) => r.ids)].indexOf(workerId('FADING'));
    expect(
      heping.workerStates
        .flat()
        .filter(([i]) => i === fading)
        .map(([, st]) => WORKER_STATES[st]),
    ).toEqual(['idle', 'offline']);
  });

  it('serves the same trends and alerts over HTTP, and refuses a bad region or a missing token', async () => {
    const get = async (path: string, token: string | null = server.secrets.screenToken) => {
      const res = await fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      return { status: res.status, body: await res.json() };
    };
    const trends = await get(`/api/v1/trends?region=${HEPING}`);
    expect(trends.status).toBe(200);
    expect(trends.body).toMatchObject({ scope: HEPING, periods: { '24h': { total: latest(heping.trends).periods['24h'].total } } });
    const alerts = await get(`/api/v1/alerts?region=${STREET}`);
    expect(alerts.status).toBe(200);
    // a street wall: its spike (critical, z 11), then its urgent overdue case; not the district's spike
    expect(alerts.body.alerts.map((a: { id: string }) => a.id)).toEqual([`spike:${STREET}:environment.noise`, `overdue:${s.late}`]);
    expect((await get('/api/v1/alerts')).body.scope).toBe('1201');

    for (const path of ['/api/v1/trends?region=12010', '/api/v1/alerts?region=120101001001', '/api/v1/trends?region=abc']) {
      const bad = await get(path);
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'invalid_payload', details: [{ path: 'region' }] });
      expect(bad.body.error.message).toMatch(/^region: the city \(1201\), a district \(6 digits\) or a street \(9 digits\)/);
    }
    expect((await get('/api/v1/trends?region=1201&x=1')).body.error.code).toBe('invalid_payload');
    const unknown = await get('/api/v1/alerts?region=120199');
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'unknown_region' } } });
    for (const path of ['/api/v1/trends', '/api/v1/alerts']) {
      expect(await get(path, null)).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
      expect((await get(path, 'st_wrong-token-0123456789')).status).toBe(401);
    }
  });
});
