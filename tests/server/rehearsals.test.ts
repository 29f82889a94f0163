// Rehearsal scenarios as data: every file of config/scenarios loads and validates, a bad one is
// refused with the file, the field and why; a running scenario's intake gives its configured rates
// (seeded rng, expectations worked out by hand below), only in its districts or streets, ramping up
// and down; a quiet night scales the normal intake; and the holder runs one rehearsal at a time,
// ends it by itself at its time, and lets only a presenter key of the whole city start or stop one.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../server/auth/accessKeys.ts';
import { loadScenarios } from '../../server/config/scenarioFiles.ts';
import { createScenarioIntake, scenarioStrength, type ScenarioReport } from '../../server/simulator/scenarioIntake.ts';
import type { ControlMessage } from '../../server/bus/bus.ts';
import { createRehearsals, rehearsalCommand, shareRehearsals } from '../../server/walls/rehearsals.ts';
import { REHEARSAL_MARK, minutesLeft, rehearsalLine, scenarioSchema, type ActiveRehearsal, type Scenario } from '../../shared/rehearsal.ts';
import { seededRng } from '../../shared/seededRng.ts';
import { loadGridIndex } from '../../server/geo/gridIndex.ts';

const MIN = 60_000;
const T = Date.parse('2026-07-20T08:00:00Z');
const cityGrids = loadGridIndex('public').grids;
const regionExists = (code: string) => cityGrids.some((g) => g.code.startsWith(code));

/** Runs the intake tick by tick (1 s) over [from, to) of a rehearsal; every report and the factors seen. */
function run(scenarios: ReadonlyMap<string, Scenario>, active: ActiveRehearsal | undefined, from: number, to: number, seed = 7) {
  const intake = createScenarioIntake(cityGrids, scenarios, seededRng(seed));
  const reports: (ScenarioReport & { at: number })[] = [];
  const factors: number[] = [];
  for (let now = from + 1000; now <= to; now += 1000) {
    const out = intake.tick(active, now, 1000);
    factors.push(out.intakeFactor);
    reports.push(...out.reports.map((r) => ({ ...r, at: now })));
  }
  return { reports, factors };
}

const scenario = (over: Record<string, unknown> = {}): Scenario =>
  scenarioSchema.parse({
    name: 'test-storm',
    title: '测试暴雨',
    description: '测试',
    defaultMinutes: 60,
    rampMinutes: 10,
    streams: [{ category: 'facility.road', perMinute: 6, districts: ['120103'], urgency: { urgent: 3, ordinary: 1 }, summaries: ['路口积水', '隧道积水'] }],
    ...over,
  });

describe('scenario files', () => {
  it('every file of config/scenarios loads, validates and names real districts and streets', () => {
    const scenarios = loadScenarios('config/scenarios', regionExists);
    expect([...scenarios.keys()]).toEqual(['heating-first-day', 'marathon', 'quiet-night', 'rainstorm']);
    expect([...scenarios.values()].map((s) => s.title)).toEqual(['供暖首日', '马拉松', '平安夜间', '暴雨内涝']);
    expect(scenarios.get('quiet-night')!.intakeFactor).toBe(0.4);
    expect(scenarios.get('rainstorm')!.streams.flatMap((s) => s.districts ?? [])).toContain('120103');
  });

  it('a bad file stops the start with the file, the field and why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridwall-scenarios-'));
    const good = JSON.parse(JSON.stringify(scenario()));
    const write = (name: string, body: unknown) => writeFileSync(join(dir, `${name}.json`), typeof body === 'string' ? body : JSON.stringify(body));

    write('test-storm', { ...good, streams: [{ ...good.streams[0], category: 'facility.flood' }] });
    expect(() => loadScenarios(dir)).toThrow(
      /scenario .*test-storm\.json: streams\.0\.category: facility\.flood is not a sub-category of shared\/categories\.ts/,
    );

    write('test-storm', { ...good, streams: [{ ...good.streams[0], perMinute: -1, districts: ['120199'] }] });
    expect(() => loadScenarios(dir)).toThrow(/streams\.0\.perMinute: .*; streams\.0\.districts\.0: 120199 is not one of the 16 districts' codes/);

    write('test-storm', { ...good, defaultMinutes: 900 });
    expect(() => loadScenarios(dir)).toThrow(/defaultMinutes: .*720/);

    write('test-storm', { ...good, name: 'other' });
    expect(() => loadScenarios(dir)).toThrow(/its name "other" must match the file name/);

    write('test-storm', { ...good, streams: [{ ...good.streams[0], districts: undefined, streets: ['120103999'] }] });
    expect(() => loadScenarios(dir, regionExists)).toThrow(/streams\.0\.streets\.0: no region 120103999 in the geography/);

    write('test-storm', '{"name": "test-storm",');
    expect(() => loadScenarios(dir)).toThrow(/test-storm\.json: .*JSON/);

    expect(() => loadScenarios(join(dir, 'missing'))).toThrow(/SCENARIOS_DIR .*missing/);
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(loadScenarios(empty).size).toBe(0);
  });
});

describe('a scenario running, tick by tick', () => {
  const storm = scenario();
  const scenarios = new Map([[storm.name, storm]]);
  const hour: ActiveRehearsal = { name: storm.name, title: storm.title, startedAt: T, until: T + 60 * MIN };

  it('gives its rate, in its district only, with its wordings marked 【演练】 and its urgencies', () => {
    const { reports } = run(scenarios, hour, T, T + 60 * MIN);
    // 6 a minute at full strength; the 10-minute ramps at each end give half of that on average:
    // 6 × (60 − 5 − 5) = 300 expected, each 1 s tick a draw of at most 0.1 (a standard deviation of ~17)
    expect(reports.length).toBeGreaterThan(250);
    expect(reports.length).toBeLessThan(350);
    expect(reports.every((r) => r.grid.code.startsWith('120103'))).toBe(true);
    expect(reports.every((r) => r.category === 'facility.road' && r.source === 'hotline_12345')).toBe(true);
    expect(new Set(reports.map((r) => r.summary))).toEqual(new Set([`${REHEARSAL_MARK}路口积水`, `${REHEARSAL_MARK}隧道积水`]));
    // urgent 3 : ordinary 1
    const urgent = reports.filter((r) => r.urgency === 'urgent').length / reports.length;
    expect(urgent).toBeGreaterThan(0.65);
    expect(urgent).toBeLessThan(0.85);
    // drawn by residents: many grids of the district, not one
    expect(new Set(reports.map((r) => r.grid.code)).size).toBeGreaterThan(100);
  });

  it('ramps up and down like weather, not a switch', () => {
    expect(scenarioStrength(hour, 10 * MIN, T)).toBe(0);
    expect(scenarioStrength(hour, 10 * MIN, T + 5 * MIN)).toBe(0.5);
    expect(scenarioStrength(hour, 10 * MIN, T + 30 * MIN)).toBe(1);
    expect(scenarioStrength(hour, 10 * MIN, T + 57.5 * MIN)).toBe(0.25);
    expect(scenarioStrength(hour, 10 * MIN, T + 60 * MIN)).toBe(0);
    // a rehearsal shorter than two ramps peaks in its middle
    expect(scenarioStrength({ startedAt: T, until: T + 10 * MIN }, 10 * MIN, T + 5 * MIN)).toBe(1);

    const { reports } = run(scenarios, hour, T, T + 60 * MIN);
    const between = (a: number, b: number) => reports.filter((r) => r.at > T + a * MIN && r.at <= T + b * MIN).length;
    // first 5 minutes: strength 0 → 0.5, 6 × 5 × 0.25 = 7.5 expected; minutes 25–30: 6 × 5 = 30; the last 5 like the first
    expect(between(0, 5)).toBeLessThan(16);
    expect(between(25, 30)).toBeGreaterThan(18);
    expect(between(25, 30)).toBeGreaterThan(between(0, 5));
    expect(between(55, 60)).toBeLessThan(16);
    // full strength from 20 to 40: 6 × 20 = 120 expected (sd ~11)
    expect(between(20, 40)).toBeGreaterThan(95);
    expect(between(20, 40)).toBeLessThan(145);
  });

  it('does nothing before its start, after its end, or with none running', () => {
    expect(run(scenarios, hour, T - 10 * MIN, T).reports).toEqual([]);
    expect(run(scenarios, hour, T + 60 * MIN, T + 70 * MIN).reports).toEqual([]);
    const none = run(scenarios, undefined, T, T + 10 * MIN);
    expect(none.reports).toEqual([]);
    expect(new Set(none.factors)).toEqual(new Set([1]));
    // a rehearsal whose scenario this intake does not know (a file removed): the normal city
    expect(run(scenarios, { ...hour, name: 'gone' }, T, T + 10 * MIN).reports).toEqual([]);
  });

  it('a quiet night scales the normal intake to 40 % at full strength, ramping, and adds nothing', () => {
    const night = loadScenarios('config/scenarios').get('quiet-night')!;
    const intake = createScenarioIntake(cityGrids, new Map([[night.name, night]]), seededRng(1));
    const active = { name: night.name, title: night.title, startedAt: T, until: T + 120 * MIN };
    // each tick's factor is taken in its middle: a tick ending 500 ms after 7.5 min is halfway up the 15-minute ramp
    expect(intake.tick(active, T + 7.5 * MIN + 500, 1000)).toEqual({ intakeFactor: 0.7, reports: [] });
    expect(intake.tick(active, T + 60 * MIN, 1000)).toEqual({ intakeFactor: 0.4, reports: [] });
    expect(intake.tick(active, T + 120 * MIN + 1000, 1000).intakeFactor).toBe(1);
  });

  it('the rainstorm falls on its low-lying districts at about 17 reports a minute; the marathon on its streets', () => {
    const files = loadScenarios('config/scenarios');
    const rain = files.get('rainstorm')!;
    const active = { name: 'rainstorm', title: rain.title, startedAt: T, until: T + 180 * MIN };
    // minutes 60–90, past the 30-minute ramp: 6 + 2 + 4 + 2.5 + 1.5 + 1 = 17 a minute, 510 expected (sd ~23)
    const { reports } = run(files, active, T + 60 * MIN, T + 90 * MIN);
    expect(reports.length).toBeGreaterThan(440);
    expect(reports.length).toBeLessThan(580);
    const districts = new Set(reports.map((r) => r.grid.code.slice(0, 6)));
    expect([...districts].sort()).toEqual(['120102', '120103', '120104', '120106', '120112']);
    expect(reports.every((r) => r.summary.startsWith(REHEARSAL_MARK))).toBe(true);
    expect(run(files, active, T + 60 * MIN, T + 61 * MIN).factors.at(-1)).toBeCloseTo(1.1);

    const race = files.get('marathon')!;
    const streets = new Set(race.streams[0]!.streets);
    const course = run(files, { name: 'marathon', title: race.title, startedAt: T, until: T + 300 * MIN }, T + 60 * MIN, T + 80 * MIN).reports;
    expect(course.length).toBeGreaterThan(120); // 9 a minute × 20 = 180 expected
    expect(course.every((r) => streets.has(r.grid.code.slice(0, 9)))).toBe(true);
  });
});

describe('the rehearsal holder', () => {
  const storm = scenario();
  const scenarios = new Map([[storm.name, storm]]);
  const presenter = (over: Partial<Principal> = {}): Principal => ({
    keyId: 'k1',
    role: 'presenter',
    label: '大厅平板',
    walls: null,
    scope: '1201',
    sources: null,
    worker: null,
    internal: false,
    ...over,
  });

  it('runs one rehearsal at a time, tells every change, and ends it by itself at its time', () => {
    let now = T;
    const holder = createRehearsals(scenarios, () => now, { checkMs: 60_000 });
    const told: (string | null)[] = [];
    holder.onChange((r) => told.push(r ? `${r.name} until ${(r.until - T) / MIN}` : null));

    expect(holder.start('nope', 30, '王主任')).toMatchObject({ ok: false, code: 'unknown_scenario', message: expect.stringContaining('test-storm') });
    expect(holder.start('test-storm', 30, '王主任')).toMatchObject({
      ok: true,
      rehearsal: { name: 'test-storm', title: '测试暴雨', startedAt: T, by: '王主任' },
    });
    expect(holder.current()).toEqual({ name: 'test-storm', title: '测试暴雨', startedAt: T, until: T + 30 * MIN });
    now = T + 10 * MIN;
    expect(holder.start('test-storm', 60, '李科长')).toMatchObject({ ok: false, code: 'rehearsal_running', message: expect.stringMatching(/stop it first/) });
    expect(holder.current()!.until).toBe(T + 30 * MIN); // nothing changed

    now = T + 30 * MIN;
    expect(holder.current()).toBeUndefined();
    expect(holder.board().active).toBeNull();
    expect(holder.stop()).toMatchObject({ ok: false, code: 'not_rehearsing' });
    expect(holder.start('test-storm', 5, '李科长').ok).toBe(true);
    expect(holder.stop()).toMatchObject({ ok: true, rehearsal: { name: 'test-storm', by: '李科长' } });
    expect(told).toEqual(['test-storm until 30', null, 'test-storm until 35', null]);
    holder.close();
  });

  it('only a presenter key of the whole city and every wall starts or stops one; every try is audited', async () => {
    const holder = createRehearsals(scenarios);
    const audited: unknown[][] = [];
    const audit = { record: async (...args: unknown[]) => void audited.push(args) } as never;
    const rehearse = rehearsalCommand({ rehearsals: holder, audit });
    const start = { type: 'start', scenario: 'test-storm', minutes: 30 };

    expect(await rehearse({ ...start, minutes: 0 }, '王', presenter(), null)).toMatchObject({ ok: false, code: 'invalid_payload', message: /minutes/ });
    expect(await rehearse({ ...start, minutes: 721 }, '王', presenter(), null)).toMatchObject({ ok: false, code: 'invalid_payload' });
    expect(await rehearse({ ...start, minutes: 1.5 }, '王', presenter(), null)).toMatchObject({ ok: false, code: 'invalid_payload', message: /whole minutes/ });
    expect(await rehearse({ ...start, extra: 1 }, '王', presenter(), null)).toMatchObject({ ok: false, code: 'invalid_payload' });
    expect(await rehearse(start, '王', presenter({ scope: '120103' }), null)).toMatchObject({ ok: false, code: 'outside_scope', message: /whole city/ });
    expect(await rehearse(start, '王', presenter({ walls: ['demo'] }), null)).toMatchObject({ ok: false, code: 'forbidden', message: /every wall/ });
    expect(await rehearse(start, '王', presenter({ role: 'leader' }), null)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(holder.current()).toBeUndefined(); // nothing changed

    expect(await rehearse(start, '王主任', presenter(), '10.0.0.5')).toMatchObject({ ok: true });
    expect(await rehearse({ type: 'stop' }, '王主任', presenter({ scope: '120103001' }), null)).toMatchObject({ ok: false, code: 'outside_scope' });
    expect(holder.current()).toBeDefined();
    expect(await rehearse({ type: 'stop' }, '王主任', presenter(), null)).toMatchObject({ ok: true });
    expect(audited).toHaveLength(10);
    expect(audited[7]).toEqual([presenter(), 'rehearsal.start', 'test-storm', true, { by: '王主任', minutes: 30 }, '10.0.0.5']);
    expect(audited[8]!.slice(1, 5)).toEqual(['rehearsal.stop', 'test-storm', false, { by: '王主任', code: 'outside_scope' }]);
    holder.close();
  });

  it('scaled out, every node holds the same rehearsal; a node that starts late asks and is told', () => {
    // the nodes' control channel: what one publishes, every other one hears (Redis pub/sub's part)
    const handlers = new Map<string, ((m: ControlMessage) => void)[]>();
    const busOf = (node: string) => ({
      publishControl: (m: ControlMessage) => {
        for (const [other, list] of handlers) if (other !== node) list.forEach((h) => h(structuredClone(m)));
      },
      onControl: (h: (m: ControlMessage) => void) => {
        handlers.set(node, [...(handlers.get(node) ?? []), h]);
        return () => undefined;
      },
    });
    let now = T;
    const clock = () => now;
    const [a, b] = [createRehearsals(scenarios, clock), createRehearsals(scenarios, clock)];
    shareRehearsals(a, busOf('a'));
    shareRehearsals(b, busOf('b'));
    const seenOnB: (string | null)[] = [];
    b.onChange((r) => seenOnB.push(r?.name ?? null));

    const started = a.start('test-storm', 30, '王主任');
    if (!started.ok) throw new Error(started.message);
    expect(b.current()).toEqual(a.current());
    expect(b.status()?.by).toBe('王主任');
    // a second start on the other node is refused there too: one rehearsal for the whole city
    expect(b.start('test-storm', 10, '李科长')).toMatchObject({ ok: false, code: 'rehearsal_running' });

    // a node that comes up mid-rehearsal asks, and is told
    now += MIN;
    const c = createRehearsals(scenarios, clock);
    shareRehearsals(c, busOf('c'));
    expect(c.current()).toEqual(a.current());

    // stopped on one node, it goes on every node; an older message arriving late changes nothing
    now += MIN;
    expect(b.stop().ok).toBe(true);
    expect([a.current(), c.current()]).toEqual([undefined, undefined]);
    expect(a.adopt(started.rehearsal, T)).toBe(false);
    expect(a.current()).toBeUndefined();
    expect(seenOnB).toEqual(['test-storm', null]);
    [a, b, c].forEach((h) => h.close());
  });
});

describe('the minutes left a screen shows', () => {
  it('never more than the rehearsal runs, even on a clock a moment behind the server', () => {
    const until = 1_000 * 60_000; // a rehearsal of 42 minutes started at minute 958
    // the server's own instant of the start: 42 whole minutes left
    expect(minutesLeft({ until }, until - 42 * 60_000)).toBe(42);
    // a console whose estimate of the server's clock lags by 5 ms: still 42, not 43
    expect(minutesLeft({ until }, until - 42 * 60_000 - 5)).toBe(42);
    // 41 min 30 s left: rounded up to 42; 30 s left: 1; in the last 2 s: 0, which reads 即将结束
    expect(minutesLeft({ until }, until - 41.5 * 60_000)).toBe(42);
    expect(minutesLeft({ until }, until - 30_000)).toBe(1);
    expect(minutesLeft({ until }, until - 1_000)).toBe(0);
    expect(rehearsalLine({ title: '暴雨内涝', until }, until - 1_000)).toBe('演练：暴雨内涝 · 即将结束');
  });
});
