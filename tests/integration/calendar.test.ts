// A calendar that never silently runs out, on both engines: how far the official schedules reach
// (the API and /healthz, with a warning when this year has none), a deadline counted through a year
// without one marked provisional, a year's schedule loaded without a restart (admin API, and the CLI
// straight into the store) and the open case's deadline counted again as an event in the log, bad
// schedules refused with nothing stored, and all of it still there after a restart.
// Whatever the day it runs: the server's calendar folder holds last year only, so this year (and the
// next) are counted by the statutory holidays alone; the year loaded is the one of the next working
// day, with that day made a day off, so the 一般 case reported now (60 working days here) moves by it.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statutoryDaysOff } from '../../shared/statutoryHolidays.ts';
import { calendarOf, countWorkingDays, isWorkingDay, type YearSchedule } from '../../shared/workCalendar.ts';
import { ENGINES } from '../support/engines.ts';
import { reported, uniqueId } from '../support/factories.ts';
import { gridwall } from '../support/gridwallCli.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

const DAY = 86_400_000;
const Y = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear(); // this year in Shanghai
const lastYear = { year: Y - 1, source: 'test: the statutory days', holidays: statutoryDaysOff(Y - 1), workdays: [] as string[] };
const rulesOnly = (year: number): YearSchedule => ({ holidays: statutoryDaysOff(year), workdays: [] });
/** The first day from the day after tomorrow that the statutory rules make a working day: the 60-working-day count runs through it. */
const dayOff = (() => {
  const rules = calendarOf(new Map([Y, Y + 1].map((y) => [y, rulesOnly(y)])));
  for (let t = Date.now() + 2 * DAY; ; t += DAY) {
    const day = new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
    if (isWorkingDay(day, rules)) return day;
  }
})();
/** The year loaded: the one of that day, with it off (a bridge day the notice adds). */
const T = Number(dayOff.slice(0, 4));
const loadedYear = { year: T, source: 'test: the loaded year', holidays: [...statutoryDaysOff(T), dayOff].sort(), workdays: [] as string[] };

function configFolder() {
  const dir = mkdtempSync(join(tmpdir(), 'gridwall-calendar-'));
  const calendar = join(dir, 'calendar');
  mkdirSync(calendar);
  writeFileSync(join(calendar, `${Y - 1}.json`), JSON.stringify(lastYear));
  const sla = JSON.parse(readFileSync('config/sla.json', 'utf8'));
  sla.rules = sla.rules.map((r: { urgency: string; category?: unknown; workingDays?: number }) =>
    r.urgency === 'ordinary' && !r.category ? { urgency: 'ordinary', workingDays: 60 } : r,
  );
  writeFileSync(join(dir, 'sla.json'), JSON.stringify(sla));
  writeFileSync(join(dir, 'next.json'), JSON.stringify(loadedYear));
  return { CALENDAR_DIR: calendar, SLA_CONFIG: join(dir, 'sla.json'), next: join(dir, 'next.json'), bad: join(dir, 'bad.json') };
}

describe.each(ENGINES)('the holiday calendar on %s', (engine) => {
  const folder = configFolder();
  const env = { CALENDAR_DIR: folder.CALENDAR_DIR, SLA_CONFIG: folder.SLA_CONFIG };
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ engine, env });
  });
  afterAll(async () => {
    await server?.dispose();
  });
  const as = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
  const get = async (path: string, token = server.secrets.screenToken) => (await fetch(`${server.url}${path}`, { headers: as(token) })).json() as Promise<any>;
  const load = async (body: unknown, token = server.secrets.adminToken) => {
    const res = await fetch(`${server.url}/api/v1/admin/calendar`, { method: 'POST', headers: as(token), body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  const history = (id: string) => get(`/api/v1/cases/${id}`);
  const reportedAt = Date.now() - 60_000;
  const caseId = uniqueId('CAL');

  it('says how far the official schedules reach, and warns while this year has none', async () => {
    const status = await get('/api/v1/calendar');
    expect(status).toMatchObject({
      years: [{ year: Y - 1, origin: 'config', holidays: lastYear.holidays.length }],
      coveredThrough: null,
      provisionalFrom: `${Y}-01-01`,
      warning: expect.stringMatching(new RegExp(`no official holiday schedule for ${Y}`)),
    });
    expect((await (await fetch(`${server.url}/healthz`)).json()).calendar).toEqual(status);
  });

  it('counts a deadline through a year without a schedule by the statutory holidays, and marks it provisional', async () => {
    expect((await server.post('/api/v1/events', { events: [reported(caseId, { at: new Date(reportedAt).toISOString() })] })).status).toBe(200);
    const expected = countWorkingDays(reportedAt, 60, calendarOf(new Map([[Y - 1, lastYear]])));
    expect(expected.provisional).toBe(true);
    expect((await history(caseId)).deadline).toBe(new Date(expected.at).toISOString());
    const store = await server.openStore();
    try {
      const [report] = await store.log.readCaseEvents(caseId);
      expect(report!.event).toMatchObject({ deadlineProvisional: true });
    } finally {
      await store.close();
    }
  });

  it('refuses a bad schedule, a year already there and a non-admin key, storing nothing', async () => {
    const cases: [unknown, number, string, RegExp][] = [
      [{ ...loadedYear, holidays: [`${T}-02-30`] }, 400, 'invalid_payload', /^holidays\.0: /],
      [{ ...loadedYear, holidays: [`${T - 1}-12-31`] }, 400, 'invalid_payload', new RegExp(`is not in ${T}`)],
      [{ ...loadedYear, workdays: [dayOff] }, 400, 'invalid_payload', /is a weekday/],
      [{ ...loadedYear, replace: 'yes' }, 400, 'invalid_payload', /^replace: /],
      [lastYear, 409, 'year_loaded', new RegExp(`${Y - 1} has an official schedule already`)],
    ];
    for (const [body, status, code, message] of cases) {
      const r = await load(body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(r.body.error.code).toBe(code);
      expect(r.body.error.message).toMatch(message);
    }
    expect((await load(loadedYear, server.secrets.screenToken)).status).toBe(403);
    expect((await get('/api/v1/calendar')).years.map((y: { year: number }) => y.year)).toEqual([Y - 1]);
  });

  it("loads a year's schedule without a restart, and counts the provisional deadline again as an event", async () => {
    const r = await load(loadedYear);
    expect(r.status).toBe(201);
    expect(r.body.year).toMatchObject({ year: T, origin: 'loaded', loadedBy: expect.stringMatching(/admin/) });
    expect(r.body.status.coveredThrough).toBe(T === Y ? `${Y}-12-31` : null);
    const years = new Map<number, YearSchedule>([
      [Y - 1, lastYear],
      [T, loadedYear],
    ]);
    const counted = countWorkingDays(reportedAt, 60, calendarOf(years));
    let h = await history(caseId);
    for (const until = Date.now() + 30_000; h.deadline !== new Date(counted.at).toISOString() && Date.now() < until; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      h = await history(caseId);
    }
    // the day made a day off lies within the 60 working days: the deadline a day (or a weekend) later
    expect(Date.parse(h.deadline)).toBeGreaterThan(countWorkingDays(reportedAt, 60, calendarOf(new Map([[Y - 1, lastYear]]))).at);
    expect(h.deadline).toBe(new Date(counted.at).toISOString());
    expect(h.steps.at(-1)).toMatchObject({ type: 'deadline_revised', deadlineChange: { to: new Date(counted.at).toISOString() } });
    const audit = await get('/api/v1/admin/audit', server.secrets.adminToken);
    expect(audit.entries.some((e: { action: string; target: string }) => e.action === 'calendar.load' && e.target === String(T))).toBe(true);
    expect((await load(loadedYear)).status).toBe(409);
    expect((await load({ ...loadedYear, replace: true })).status).toBe(201);
  });

  it('keeps the loaded year after a restart, without revising the deadline twice', async () => {
    await server.stop();
    server = await startTestServer({ location: server.location, env, secrets: server.secrets });
    expect((await get('/api/v1/calendar')).years.map((y: { year: number; origin: string }) => [y.year, y.origin])).toEqual([
      [Y - 1, 'config'],
      [T, 'loaded'],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await history(caseId)).steps.filter((s: { type: string }) => s.type === 'deadline_revised')).toHaveLength(1);
  });

  it('loads a year from the command line straight into the store, and says why a bad file is refused', async () => {
    const storeEnv = { DATA_DIR: server.location.dataDir, ...server.location.env, ...env };
    const bad = await gridwall(['calendar', 'load', folder.next], storeEnv); // already loaded
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(new RegExp(`${T} has an official schedule already`));
    writeFileSync(folder.bad, JSON.stringify({ ...loadedYear, year: T + 1 }));
    const wrongYear = await gridwall(['calendar', 'load', folder.bad], storeEnv);
    expect(wrongYear.code).toBe(1);
    expect(wrongYear.stderr).toMatch(new RegExp(`holidays\\.0: ${T}-\\d\\d-\\d\\d is not in ${T + 1}`));
    writeFileSync(folder.bad, JSON.stringify({ year: T + 1, holidays: statutoryDaysOff(T + 1), workdays: [] }));
    const good = await gridwall(['calendar', 'load', folder.bad], storeEnv);
    expect(good.code, good.stderr).toBe(0);
    const list = await gridwall(['calendar', 'list'], storeEnv);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${T + 1} .* loaded .* by command line`));
    // a restarted server has it (a running one takes it at its next look at the store, within a minute)
    await server.stop();
    server = await startTestServer({ location: server.location, env, secrets: server.secrets });
    expect((await get('/api/v1/calendar')).years.map((y: { year: number }) => y.year)).toEqual([Y - 1, T, T + 1]);
  });
});
