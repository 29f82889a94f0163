// A calendar that never silently runs out, on both engines: how far the official schedules reach
// (the API and /healthz, warning from 30 days before the end), a deadline counted into a year
// without one marked provisional, next year's schedule loaded without a restart (admin API, and the
// CLI straight into the store) and the open case's deadline counted again as an event in the log,
// bad schedules refused with nothing stored, and all of it still there after a restart.
// The server's calendar folder holds this year only (the rules' days, as a stand-in), and its
// 一般 class counts 60 working days, so that a case reported today runs into next year.
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
const thisYear = { year: Y, source: 'test: the statutory days', holidays: statutoryDaysOff(Y), workdays: [] as string[] };
/** Next year: the rules' days plus the first weekday of March off, a day the 60-working-day count runs through. */
const marchOff = (() => {
  for (let d = 1; ; d++) {
    const day = `${Y + 1}-03-${String(d).padStart(2, '0')}`;
    if (isWorkingDay(day, calendarOf(new Map([[Y + 1, { holidays: statutoryDaysOff(Y + 1), workdays: [] }]])))) return day;
  }
})();
const nextYear = { year: Y + 1, source: 'test: next year', holidays: [...statutoryDaysOff(Y + 1), marchOff].sort(), workdays: [] as string[] };

function configFolder() {
  const dir = mkdtempSync(join(tmpdir(), 'gridwall-calendar-'));
  const calendar = join(dir, 'calendar');
  mkdirSync(calendar);
  writeFileSync(join(calendar, `${Y}.json`), JSON.stringify(thisYear));
  const sla = JSON.parse(readFileSync('config/sla.json', 'utf8'));
  sla.rules = sla.rules.map((r: { urgency: string; category?: unknown; workingDays?: number }) =>
    r.urgency === 'ordinary' && !r.category ? { urgency: 'ordinary', workingDays: 60 } : r,
  );
  writeFileSync(join(dir, 'sla.json'), JSON.stringify(sla));
  writeFileSync(join(dir, 'next.json'), JSON.stringify(nextYear));
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...nextYear, year: Y + 2 }));
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

  it('says how far the official schedules reach, and warns from 30 days before they end', async () => {
    const status = await get('/api/v1/calendar');
    expect(status).toMatchObject({
      years: [{ year: Y, origin: 'config', holidays: thisYear.holidays.length }],
      coveredThrough: `${Y}-12-31`,
      provisionalFrom: `${Y + 1}-01-01`,
    });
    const daysLeft = Math.ceil((Date.parse(`${Y + 1}-01-01T00:00:00+08:00`) - Date.now()) / DAY);
    expect(status.warning === null).toBe(daysLeft > 30);
    expect((await (await fetch(`${server.url}/healthz`)).json()).calendar).toEqual(status);
  });

  it('counts a deadline into next year by the statutory holidays, and marks it provisional', async () => {
    expect((await server.post('/api/v1/events', { events: [reported(caseId, { at: new Date(reportedAt).toISOString() })] })).status).toBe(200);
    const expected = countWorkingDays(reportedAt, 60, calendarOf(new Map([[Y, thisYear]])));
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
      [{ ...nextYear, holidays: [`${Y + 1}-02-30`] }, 400, 'invalid_payload', /^holidays\.0: /],
      [{ ...nextYear, holidays: [`${Y}-12-31`] }, 400, 'invalid_payload', new RegExp(`is not in ${Y + 1}`)],
      [{ ...nextYear, workdays: [marchOff] }, 400, 'invalid_payload', /is a weekday/],
      [{ ...nextYear, replace: 'yes' }, 400, 'invalid_payload', /^replace: /],
      [thisYear, 409, 'year_loaded', new RegExp(`${Y} has an official schedule already`)],
    ];
    for (const [body, status, code, message] of cases) {
      const r = await load(body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(r.body.error.code).toBe(code);
      expect(r.body.error.message).toMatch(message);
    }
    expect((await load(nextYear, server.secrets.screenToken)).status).toBe(403);
    expect((await get('/api/v1/calendar')).years.map((y: { year: number }) => y.year)).toEqual([Y]);
  });

  it("loads next year's schedule without a restart, and counts the provisional deadline again as an event", async () => {
    const r = await load(nextYear);
    expect(r.status).toBe(201);
    expect(r.body.year).toMatchObject({ year: Y + 1, origin: 'loaded', loadedBy: expect.stringMatching(/admin/) });
    expect(r.body.status.coveredThrough).toBe(`${Y + 1}-12-31`);
    const years = new Map<number, YearSchedule>([
      [Y, thisYear],
      [Y + 1, nextYear],
    ]);
    const official = countWorkingDays(reportedAt, 60, calendarOf(years));
    expect(official.provisional).toBe(false);
    let h = await history(caseId);
    for (let i = 0; i < 100 && h.deadline !== new Date(official.at).toISOString(); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      h = await history(caseId);
    }
    // the extra day off in March is one working day more: the deadline a day (or a weekend) later
    expect(h.deadline).toBe(new Date(official.at).toISOString());
    expect(h.steps.at(-1)).toMatchObject({ type: 'deadline_revised', deadlineChange: { to: new Date(official.at).toISOString() } });
    const audit = await get('/api/v1/admin/audit', server.secrets.adminToken);
    expect(audit.entries.some((e: { action: string; target: string }) => e.action === 'calendar.load' && e.target === String(Y + 1))).toBe(true);
    expect((await load(nextYear)).status).toBe(409);
    expect((await load({ ...nextYear, replace: true })).status).toBe(201);
  });

  it('keeps the loaded year after a restart, without revising the deadline twice', async () => {
    await server.stop();
    server = await startTestServer({ location: server.location, env, secrets: server.secrets });
    expect((await get('/api/v1/calendar')).years.map((y: { year: number; origin: string }) => [y.year, y.origin])).toEqual([
      [Y, 'config'],
      [Y + 1, 'loaded'],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await history(caseId)).steps.filter((s: { type: string }) => s.type === 'deadline_revised')).toHaveLength(1);
  });

  it('loads a year from the command line straight into the store, and says why a bad file is refused', async () => {
    const storeEnv = { DATA_DIR: server.location.dataDir, ...server.location.env, ...env };
    const bad = await gridwall(['calendar', 'load', folder.next], storeEnv); // already loaded
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(new RegExp(`${Y + 1} has an official schedule already`));
    writeFileSync(folder.bad, JSON.stringify({ ...nextYear, year: Y + 2 }));
    const wrongYear = await gridwall(['calendar', 'load', folder.bad], storeEnv);
    expect(wrongYear.code).toBe(1);
    expect(wrongYear.stderr).toMatch(new RegExp(`holidays\\.0: ${Y + 1}-\\d\\d-\\d\\d is not in ${Y + 2}`));
    writeFileSync(folder.bad, JSON.stringify({ year: Y + 2, holidays: statutoryDaysOff(Y + 2), workdays: [] }));
    const good = await gridwall(['calendar', 'load', folder.bad], storeEnv);
    expect(good.code, good.stderr).toBe(0);
    const list = await gridwall(['calendar', 'list'], storeEnv);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`official through ${Y + 2}-12-31`));
    expect(list.stdout).toMatch(new RegExp(`${Y + 2} .* loaded .* by command line`));
    // a restarted server has it (a running one takes it at its next look at the store, within a minute)
    await server.stop();
    server = await startTestServer({ location: server.location, env, secrets: server.secrets });
    expect((await get('/api/v1/calendar')).coveredThrough).toBe(`${Y + 2}-12-31`);
  });
});
