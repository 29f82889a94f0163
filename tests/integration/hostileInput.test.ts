// The hostile review's findings (issue 23), each on a real server over HTTP and a real screen
// socket: personal data disguised by separators, invisible characters, full-width forms and a
// right-to-left override — through the public citizen path (Open311 POST) too — reaches no wall;
// control and format characters are never stored or pushed; a photo reference that is no http(s)
// URL nor a photo id is refused, and only http(s) is served back as a link; a deadline years away
// is refused; keys given by the environment are never printed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRID, reported, steps, uniqueId } from '../support/factories.ts';
import { killHard, spawnServer } from '../support/serverProcess.ts';
import { connectConsole, connectScreen, startTestServer, type Screen, type TestServer } from '../support/testServer.ts';
import { grids } from '../support/factories.ts';

const iso = (t: number) => new Date(t).toISOString();
/** Control and format characters (the line feed aside). */
const INVISIBLE = /[\p{Cc}\p{Cf}](?<!\n)/u;

describe('hostile input', () => {
  let server: TestServer;
  let screen: Screen;
  beforeAll(async () => {
    server = await startTestServer();
    screen = connectScreen(server);
    await screen.until(() => screen.snapshots.length === 1, 'the snapshot');
  });
  afterAll(async () => {
    screen?.close();
    await server?.stop();
  });
  const lineOf = async (caseId: string) => {
    await screen.until(() => screen.lines.some((l) => l.caseId === caseId), `the line of ${caseId}`, 30_000);
    return screen.lines.find((l) => l.caseId === caseId)!;
  };
  const storedReport = async (caseId: string) => {
    const store = await server.openStore();
    try {
      return (await store.log.readCaseEvents(caseId)).map((e) => e.event);
    } finally {
      await store.close();
    }
  };

  it('a number disguised by dots, zero-width characters, full-width digits or a right-to-left override reaches no wall, Open311 included', async () => {
    const body = new URLSearchParams({
      api_key: server.secrets.ingestKey,
      service_code: 'appearance.garbage',
      address_id: GRID,
      description: '垃圾堆放，电话\u202e8765.4321.831\u202c，备用１３９\u200b１２３４\u200d５６７８，邮箱zs＠qq.com',
    });
    const res = await fetch(`${server.url}/open311/v2/requests.json`, { method: 'POST', body });
    expect(res.status).toBe(201);
    const caseId = ((await res.json()) as { service_request_id: string }[])[0]!.service_request_id;
    const line = await lineOf(caseId);
    expect(line.summary).toBe('垃圾堆放，电话[电话]，备用[电话]，邮箱[邮箱]');
    // stored plain: as a reader saw it, without the invisible characters
    expect((await storedReport(caseId))[0]).toMatchObject({ summary: '垃圾堆放，电话138.1234.5678，备用13912345678，邮箱zs@qq.com' });
  });

  it('stores and pushes no control or format character', async () => {
    const caseId = uniqueId('HX');
    const summary = '\ufeff路灯\u0000不亮\u0007，\u001b[2J楼道\u200b漆黑\u2028请尽快\u202e修理\u202c';
    const events = [reported(caseId, { summary }), ...steps(caseId, [{ type: 'accepted' }, { type: 'dispatched', unit: '街道\u200d综合\u0085执法队' }])];
    expect((await server.post('/api/v1/events', { events })).status).toBe(200);
    const line = await lineOf(caseId);
    expect(line.summary).toBe('路灯不亮，[2J楼道漆黑\n请尽快理修');
    const stored = await storedReport(caseId);
    expect(stored[0]).toMatchObject({ summary: '路灯不亮，[2J楼道漆黑\n请尽快理修' });
    expect(stored[2]).toMatchObject({ unit: '街道综合\n执法队' });
    for (const e of stored) expect(INVISIBLE.test(JSON.stringify(e).replace(/\\n/g, ''))).toBe(false);
  });

  it('refuses a photo reference that is neither an http(s) URL nor a photo id, storing nothing, and serves only http(s) back as a link', async () => {
    for (const photo of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'vbscript:msgbox', 'ftp://x.cn/a.jpg']) {
      const caseId = uniqueId('HP');
      const res = await server.post('/api/v1/events', { events: [reported(caseId, { photos: [photo], at: iso(Date.now()) })] });
      expect(res.status, photo).toBe(400);
      expect(res.body.error.message).toMatch(/^events\.0\.photos\.0: a photo reference: an http\(s\) URL or a photo id/);
      expect(await storedReport(caseId)).toEqual([]);
    }
    // Open311 GET: a photo id is no link; the http(s) one is
    const caseId = uniqueId('HQ');
    const photos = ['photo:8f3a', 'https://photos.hall.local/p/8f3b.jpg'];
    expect((await server.post('/api/v1/events', { events: [reported(caseId, { photos, at: iso(Date.now()) })] })).status).toBe(200);
    const got = await fetch(`${server.url}/open311/v2/requests/${caseId}.json?api_key=${server.secrets.screenToken}`);
    expect(((await got.json()) as { media_url: string | null }[])[0]!.media_url).toBe('https://photos.hall.local/p/8f3b.jpg');
  });

  it('refuses a deadline, an extension or a re-handling more than a year after its event, storing nothing', async () => {
    const now = Date.now();
    const caseId = uniqueId('HD');
    const far = await server.post('/api/v1/events', { events: [reported(caseId, { at: iso(now), deadline: '9999-12-31T00:00:00Z' })] });
    expect(far.status).toBe(400);
    expect(far.body.error).toMatchObject({ code: 'invalid_payload' });
    expect(far.body.error.message).toMatch(/^events\.0\.deadline: 9999-12-31T00:00:00Z is more than 366 days after the event/);
    expect(await storedReport(caseId)).toEqual([]);
    // a year is within: stored
    expect((await server.post('/api/v1/events', { events: [reported(caseId, { at: iso(now), deadline: iso(now + 365 * 86_400_000) })] })).status).toBe(200);
    const until = await server.post('/api/v1/events', {
      events: [{ eventId: `${caseId}:x`, caseId, type: 'extension_granted', at: iso(now), until: iso(now + 400 * 86_400_000) }],
    });
    expect(until.status).toBe(400);
    expect(until.body.error.message).toMatch(/^events\.0\.until: .* is more than 366 days after the event/);
    expect(await storedReport(caseId)).toHaveLength(1);
  });
});

describe('what a narrower screen receives of a wall', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('a district screen on a city wall is told that the spotlight and the frame lie outside its area, never which; nor may its key command the wall', async () => {
    const [mine, theirs] = ['120101', '120106']; // 和平区, 红桥区
    const theirGrid = grids.grids.find((g) => g.code.startsWith(theirs))!.code;
    const caseId = uniqueId('HS');
    expect((await server.post('/api/v1/events', { events: [reported(caseId, { gridCode: theirGrid, at: iso(Date.now()) })] })).status).toBe(200);
    const made = await server.post('/api/v1/admin/keys', { role: 'screen', label: '和平区屏', scope: mine }, server.secrets.adminToken);
    expect(made.status).toBe(201);
    const district = connectScreen(server, { token: made.body.token, scope: mine, wall: 'hall-3x2', screen: '1-1' });
    const city = connectScreen(server, { wall: 'hall-3x2', screen: '1-2' });
    await Promise.all([district, city].map((s) => s.until(() => s.wallStates.length > 0, 'the wall state')));
    const presenter = connectConsole(server, { wall: 'hall-3x2' });
    await presenter.until(() => presenter.states.length > 0, 'the wall state');
    expect((await presenter.send({ type: 'focus', region: theirs })).ok).toBe(true);
    expect((await presenter.send({ type: 'spotlight', caseId })).ok).toBe(true);
    for (const s of [district, city]) await s.until(() => s.wallStates.at(-1)?.spotlight !== undefined && s.wallStates.length >= 3, 'both changes');
    const seen = district.wallStates.at(-1)!;
    expect(seen).toMatchObject({ spotlight: null, frame: null, outside: { frame: true, spotlight: true } });
    expect(JSON.stringify(district.wallStates)).not.toContain(caseId);
    expect(JSON.stringify(district.wallStates)).not.toContain(theirs);
    // (a spotlight frames the case's community)
    expect(city.wallStates.at(-1)).toMatchObject({ spotlight: caseId, frame: { focus: expect.stringMatching(new RegExp(`^${theirs}`)) } });
    expect(city.wallStates.at(-1)!.outside).toBeUndefined();
    // a screen that connects now gets the same cut at once
    const late = connectScreen(server, { token: made.body.token, scope: mine, wall: 'hall-3x2', screen: '2-1' });
    await late.until(() => late.wallStates.length > 0, 'the wall state');
    expect(late.wallStates[0]).toMatchObject({ spotlight: null, frame: null, outside: { frame: true, spotlight: true } });
    // the district's key may not step the city wall's scenes from its keyboard; the city's may
    expect(await district.socket.emitWithAck('command', { type: 'sceneStep', step: 1 })).toMatchObject({ ok: false, code: 'outside_scope' });
    expect(await city.socket.emitWithAck('command', { type: 'sceneStep', step: 1 })).toMatchObject({ ok: true });
    for (const s of [district, city, late]) s.close();
    presenter.close();
  });
});

describe('keys given by the environment', () => {
  it('are never printed at a start; the banner names their variables', async () => {
    const env = {
      GRIDWALL_INGEST_KEY: `ik_env-${uniqueId()}-ingest`,
      GRIDWALL_SCREEN_TOKEN: `st_env-${uniqueId()}-screen`,
      GRIDWALL_PRESENTER_TOKEN: `pt_env-${uniqueId()}-presenter`,
      GRIDWALL_ADMIN_TOKEN: `ak_env-${uniqueId()}-admin`,
    };
    const server = await spawnServer(mkdtempSync(join(tmpdir(), 'gridwall-envkeys-')), env);
    try {
      // the banner is complete once its last line is out (a liveness bound, not a timing)
      const until = Date.now() + 60_000;
      while (!server.output().includes('Health:') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      const out = server.output();
      for (const token of Object.values(env)) expect(out.includes(token)).toBe(false);
      expect(out).toContain('token=<GRIDWALL_SCREEN_TOKEN>');
      expect(out).toContain('Admin key:     <GRIDWALL_ADMIN_TOKEN>');
      expect(out).toContain('never printed');
    } finally {
      await killHard(server);
    }
  });
});
