// The closed loop over HTTP on both engines: deadlines by the working-day rules, overdue marks
// raised by the server (and found again after a restart), KPIs per region and period, and every
// kind of bad input answered with a 4xx that names it, with nothing stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../shared/caseEvent.ts';
import { ENGINES } from '../support/engines.ts';
import { GRID, closedCase, reported, steps, uniqueId } from '../support/factories.ts';
import { connectScreen, startTestServer, type TestServer } from '../support/testServer.ts';

const iso = (t: number) => new Date(t).toISOString();
const cst = (local: string) => Date.parse(`${local}+08:00`);

describe.each(ENGINES)('the case loop on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ engine });
  });
  afterAll(async () => {
    await server?.dispose();
  });

  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.secrets.screenToken}` } });
    return { status: res.status, body: (await res.json()) as any };
  };
  const seq = async () => (await (await fetch(`${server.url}/healthz`)).json()).seq as number;
  const openCase = async (caseId: string) => (await get(`/api/v1/regions/${GRID}`)).body.openCases.list.find((c: { caseId: string }) => c.caseId === caseId);

  it('gives a report its deadline by the working-day rules: urgent, Friday 15:00 -> Tuesday 15:00', async () => {
    const caseId = uniqueId('DL');
    expect((await server.post('/api/v1/events', { events: [reported(caseId, { urgency: 'urgent', at: iso(cst('2026-11-20T15:00:00')) })] })).status).toBe(200);
    expect((await openCase(caseId)).deadline).toBe(iso(cst('2026-11-24T15:00:00')));
  });

  it('raises an overdue event when an open case passes its deadline, seen by a screen and counted', async () => {
    const screen = connectScreen(server);
    await screen.until(() => screen.snapshots.length > 0, 'a snapshot');
    const caseId = uniqueId('OD');
    const now = Date.now();
    await server.post('/api/v1/events', { events: [reported(caseId, { at: iso(now), deadline: iso(now + 1500) })] });
    await screen.until(() => screen.lines.some((l) => l.caseId === caseId && l.type === 'overdue'), 'the overdue line', 10_000);
    expect(screen.lines.filter((l) => l.caseId === caseId).map((l) => l.type)).toEqual(['reported', 'overdue']);
    const kpis = await get(`/api/v1/kpis?region=${GRID}&period=today`);
    expect(kpis.body.figures.becameOverdue).toBeGreaterThanOrEqual(1);
    expect(kpis.body.now.overdue).toBeGreaterThanOrEqual(1);
    screen.close();
  });

  it('finds a case that went overdue while the server was down, once, after a restart', async () => {
    const first = await startTestServer({ engine });
    const caseId = uniqueId('DOWN');
    const now = Date.now();
    await first.post('/api/v1/events', { events: [reported(caseId, { at: iso(now), deadline: iso(now + 1000) })] });
    await first.stop();
    await new Promise((r) => setTimeout(r, 1500));
    for (let restart = 0; restart < 2; restart++) {
      const again = await startTestServer({ location: first.location });
      const screen = connectScreen(again);
      await screen.until(() => screen.snapshots.length > 0, 'a snapshot');
      await screen.until(() => [...screen.snapshots[0]!.ticker, ...screen.lines].some((l) => l.caseId === caseId && l.type === 'overdue'), 'the overdue mark');
      screen.close();
      await again.stop();
    }
    const store = await first.openStore();
    const marks = (await store.log.readEvents(0, 1000)).filter((e) => e.event.caseId === caseId && e.event.type === 'overdue');
    await store.close();
    expect(marks).toHaveLength(1);
    await first.dispose();
  });

  it("answers KPIs for a community over a period, with the definitions' arithmetic", async () => {
    const community = GRID.slice(0, 12);
    const before = (await get(`/api/v1/kpis?region=${community}&period=30d`)).body;
    const now = Date.now();
    const a = uniqueId('K');
    const b = uniqueId('K');
    // a: reported, accepted after 10 minutes, closed satisfied on time; b: reported by a grid worker, still open
    const events: CaseEvent[] = [
      reported(a, { at: iso(now - 3_600_000) }),
      ...steps(a, [
        { type: 'accepted' },
        { type: 'dispatched', unit: '街道综合执法队' },
        { type: 'started' },
        { type: 'resolved' },
        { type: 'verified', passed: true },
        { type: 'evaluated', satisfied: true },
      ]).map((e, i) => ({ ...e, at: iso(now - 3_600_000 + (i + 1) * 600_000) }) as CaseEvent),
      reported(b, { at: iso(now - 1_800_000), source: 'grid_worker' }),
    ];
    expect((await server.post('/api/v1/events', { events })).status).toBe(200);
    const after = (await get(`/api/v1/kpis?region=${community}&period=30d`)).body;
    expect(after.region).toMatchObject({ code: community, level: 'community' });
    const d = (k: string) => after.figures[k] - before.figures[k];
    // b was reported 30 minutes ago and is not accepted: not yet due for acceptance
    expect([d('reported'), d('accepted'), d('acceptanceDue'), d('acceptedInTime'), d('resolved'), d('closed'), d('visits'), d('satisfied')]).toEqual([
      2, 1, 1, 1, 1, 1, 1, 1,
    ]);
    expect(after.bySource.grid_worker - before.bySource.grid_worker).toBe(1);
    // resolved on time, but its deadline (7 working days on) has not come: it counts on that day, not in these 30
    expect([d('due'), d('dueOnTime')]).toEqual([0, 0]);
    expect(after.figures.satisfaction).toBeCloseTo(after.figures.satisfied / after.figures.visits, 9);
    expect(after.figures.averageHandlingHours).toBeGreaterThan(0);
    const week = (await get(`/api/v1/kpis?region=${community}&period=week`)).body;
    expect(week.from <= week.to).toBe(true);
    expect(new Date(`${week.from}T00:00:00Z`).getUTCDay()).toBe(1); // weeks start on Monday
    expect((await get('/api/v1/kpis?region=1201&period=decade')).status).toBe(400);
    // the year is kept for streets and above: a community is told to ask its street
    const year = await get(`/api/v1/kpis?region=${community}&period=year`);
    expect(year.status).toBe(400);
    expect(year.body.error).toMatchObject({ code: 'period_not_kept', message: expect.stringContaining(`ask for its street ${community.slice(0, 9)}`) });
    const streetYear = (await get(`/api/v1/kpis?region=${community.slice(0, 9)}&period=year`)).body;
    expect(streetYear.from).toMatch(/-01-01$/);
    expect(streetYear.figures.reported).toBeGreaterThanOrEqual(2);
    expect(streetYear.sameLastYear).toMatchObject({ from: `${Number(streetYear.from.slice(0, 4)) - 1}-01-01` });
    expect((await get(`/api/v1/kpis?region=${community}&period=month`)).body.sameLastYear).toBeNull();
    expect((await get('/api/v1/kpis?region=120199')).status).toBe(404);
  });

  describe('bad input: a 4xx naming the problem, and nothing stored', () => {
    const cases: [string, () => unknown, number, string | RegExp][] = [
      ['an unknown case', () => steps(uniqueId('U'), [{ type: 'accepted' }]), 409, 'unknown_case'],
      [
        'an illegal transition',
        () => {
          const id = uniqueId('I');
          return [reported(id), ...steps(id, [{ type: 'resolved' }])];
        },
        409,
        'illegal_transition',
      ],
      [
        'a stale version',
        () => {
          const id = uniqueId('S');
          return [reported(id), { ...steps(id, [{ type: 'accepted' }])[0]!, caseVersion: 5 }];
        },
        409,
        'stale_version',
      ],
      ['a deadline before the report', () => [reported(uniqueId('P'), { deadline: '2020-01-01T00:00:00Z' })], 422, 'deadline_in_past'],
      [
        'an extension to before the deadline',
        () => {
          const id = uniqueId('X');
          return [
            reported(id),
            ...steps(id, [
              { type: 'accepted' },
              { type: 'dispatched', unit: '区城管委' },
              { type: 'extension_requested', reason: '需协调' },
              { type: 'extension_granted', until: '2020-01-01T00:00:00Z' },
            ]),
          ];
        },
        422,
        'deadline_in_past',
      ],
      ['an unknown category', () => [{ ...reported(uniqueId('C')), category: 'weather.rain' }], 400, 'invalid_payload'],
      ['an unknown grid', () => [reported(uniqueId('G'), { gridCode: '120101999999001' })], 422, 'unknown_grid'],
      ['a malformed date', () => [reported(uniqueId('D'), { at: '2026-02-30T10:00:00+08:00' })], 400, 'invalid_payload'],
      [
        'an overdue mark sent by a source',
        () => {
          const id = uniqueId('O');
          return [reported(id), { eventId: `${id}:x`, caseId: id, type: 'overdue', at: new Date().toISOString(), deadline: new Date().toISOString() }];
        },
        400,
        'invalid_payload',
      ],
    ];
    it.each(cases)('%s', async (_name, events, status, code) => {
      const before = await seq();
      const res = await server.post('/api/v1/events', { events: events() });
      expect(res.status).toBe(status);
      expect(res.body.error.code).toMatch(code);
      expect(res.body.error.message.length).toBeGreaterThan(10);
      expect(await seq()).toBe(before);
    });

    it('an event id sent again: the same content is a duplicate (200), other content is refused (409)', async () => {
      const [first] = closedCase(uniqueId('R'));
      expect((await server.post('/api/v1/events', { events: [first] })).status).toBe(200);
      const before = await seq();
      const same = await server.post('/api/v1/events', { events: [first] });
      expect(same).toMatchObject({ status: 200, body: { stored: 0, duplicates: [first!.eventId] } });
      const other = await server.post('/api/v1/events', { events: [{ ...first, summary: '另一件事' }] });
      expect(other.status).toBe(409);
      expect(other.body.error).toMatchObject({ code: 'event_id_reused' });
      expect(await seq()).toBe(before);
    });
  });
});
