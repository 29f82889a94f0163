// Rehearsals over real sockets and HTTP: a presenter starts one from the console (its socket) or
// over HTTP (`gridwall rehearse`); every connected screen — any wall, any scope — gets it at once,
// a screen that connects mid-rehearsal finds it in its snapshot, the consoles see who started it;
// bad inputs, a second start and keys that may not (a district's presenter key, a key bound to one
// wall, a screen key) are refused with a reason and change nothing; every try is audited; and a
// rehearsal ends by itself at its time (the rehearsals' clock moved on), on every screen.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RehearsalBoard } from '../../shared/rehearsal.ts';
import { gridwall } from '../support/gridwallCli.ts';
import { connectConsole, connectScreen, startTestServer, type TestServer } from '../support/testServer.ts';

const MIN = 60_000;

describe('rehearsals', () => {
  let server: TestServer;
  let clockShift = 0;
  const http = (method: string, path: string, token: string | null, body?: unknown) => server.request(method, path, token, body);
  const presenterKey = async (body: object) => {
    const res = await http('POST', '/api/v1/admin/keys', server.secrets.adminToken, { role: 'presenter', ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.token as string;
  };
  const board = async () => (await http('GET', '/api/v1/rehearsal', server.secrets.screenToken)).body as RehearsalBoard;

  beforeAll(async () => {
    server = await startTestServer({ rehearsalClock: () => Date.now() + clockShift });
  });
  afterAll(() => server?.dispose());

  it('started from the console, it reaches every screen at once and every later snapshot; stopped, it goes', async () => {
    const hall = connectScreen(server, { wall: 'hall-3x2', screen: '1-2' });
    const district = connectScreen(server, { wall: 'demo', scope: '120103' });
    const presenter = connectConsole(server, { name: '王主任' });
    await Promise.all([hall, district].map((s) => s.until(() => s.snapshots.length > 0, 'a snapshot')));
    expect(hall.snapshots[0]!.rehearsal).toBeNull();
    await presenter.until(() => presenter.boards.length > 0, 'the scenarios');
    expect(presenter.boards[0]).toMatchObject({ active: null });
    expect(presenter.boards[0]!.scenarios.map((s) => [s.name, s.title])).toEqual([
      ['heating-first-day', '供暖首日'],
      ['marathon', '马拉松'],
      ['quiet-night', '平安夜间'],
      ['rainstorm', '暴雨内涝'],
    ]);

    const before = Date.now();
    const started = await presenter.rehearse({ type: 'start', scenario: 'rainstorm', minutes: 45 });
    expect(started).toMatchObject({ ok: true, rehearsal: { name: 'rainstorm', title: '暴雨内涝', by: '王主任' } });
    if (!started.ok) throw new Error(started.message);
    expect(started.rehearsal.until - started.rehearsal.startedAt).toBe(45 * MIN);
    expect(started.rehearsal.startedAt).toBeGreaterThanOrEqual(before);
    for (const s of [hall, district]) await s.until(() => s.rehearsals.at(-1)?.name === 'rainstorm', 'the rehearsal');
    // a screen is told what runs, never who started it
    expect(hall.rehearsals.at(-1)).toEqual({ name: 'rainstorm', title: '暴雨内涝', startedAt: started.rehearsal.startedAt, until: started.rehearsal.until });
    await presenter.until(() => presenter.boards.at(-1)?.active?.name === 'rainstorm', 'its own start');
    expect(presenter.boards.at(-1)!.active).toEqual(started.rehearsal);

    // a screen that comes mid-rehearsal finds it in its snapshot; so does the HTTP API
    const late = connectScreen(server, { wall: 'long-screen' });
    await late.until(() => late.snapshots.length > 0, 'a snapshot');
    expect(late.snapshots[0]!.rehearsal).toEqual(hall.rehearsals.at(-1));
    expect((await board()).active).toEqual(started.rehearsal);

    // a second start is refused while it runs: stop it first
    expect(await presenter.rehearse({ type: 'start', scenario: 'marathon', minutes: 30 })).toMatchObject({
      ok: false,
      code: 'rehearsal_running',
      message: expect.stringMatching(/"rainstorm" \(暴雨内涝\) runs until \d\d:\d\d:\d\d: stop it first/),
    });

    expect(await presenter.rehearse({ type: 'stop' })).toMatchObject({ ok: true, rehearsal: { name: 'rainstorm' } });
    for (const s of [hall, district, late]) await s.until(() => s.rehearsals.at(-1) === null, 'the rehearsal gone');
    await presenter.until(() => presenter.boards.at(-1)?.active === null, 'the stop');
    const again = connectScreen(server, { wall: 'demo' });
    await again.until(() => again.snapshots.length > 0, 'a snapshot');
    expect(again.snapshots[0]!.rehearsal).toBeNull();
    [hall, district, late, again, presenter].forEach((c) => c.close());
  });

  it('bad inputs and keys that may not are refused with a reason, and nothing changes', async () => {
    const screen = connectScreen(server, { wall: 'demo' });
    await screen.until(() => screen.snapshots.length > 0, 'a snapshot');
    const p = server.secrets.presenterToken;
    const refusals: [number, string, RegExp][] = [];
    const expectRefused = async (token: string, body: unknown, status: number, code: string, message: RegExp) => {
      const res = await http('POST', '/api/v1/rehearsal', token, body);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error).toMatchObject({ code, message: expect.stringMatching(message) });
      refusals.push([status, code, message]);
    };
    await expectRefused(
      p,
      { scenario: 'tsunami', minutes: 30 },
      422,
      'unknown_scenario',
      /no scenario "tsunami" \(the scenarios are heating-first-day, marathon, quiet-night, rainstorm\)/,
    );
    await expectRefused(p, { scenario: 'rainstorm', minutes: 0 }, 400, 'invalid_payload', /minutes/);
    await expectRefused(p, { scenario: 'rainstorm', minutes: 721 }, 400, 'invalid_payload', /minutes/);
    await expectRefused(p, { scenario: 'rainstorm' }, 400, 'invalid_payload', /minutes/);
    await expectRefused(p, { scenario: 'Rain Storm', minutes: 30 }, 400, 'invalid_payload', /scenario/);
    await expectRefused(p, [1, 2], 400, 'invalid_payload', /JSON object/);
    await expectRefused(
      await presenterKey({ label: '河西区平板', scope: '120103' }),
      { scenario: 'rainstorm', minutes: 30 },
      403,
      'outside_scope',
      /whole city/,
    );
    await expectRefused(await presenterKey({ label: '大厅平板', walls: ['hall-3x2'] }), { scenario: 'rainstorm', minutes: 30 }, 403, 'forbidden', /every wall/);
    await expectRefused(server.secrets.screenToken, { scenario: 'rainstorm', minutes: 30 }, 403, 'forbidden', /presenter key/);
    const stop = await http('DELETE', '/api/v1/rehearsal', p);
    expect(stop).toMatchObject({ status: 409, body: { error: { code: 'not_rehearsing' } } });

    // a district's console: its socket is refused the same way
    const districtConsole = connectConsole(server, { token: await presenterKey({ label: '河西区控制台', scope: '120103' }), wall: 'demo' });
    await districtConsole.until(() => districtConsole.boards.length > 0, 'the scenarios');
    expect(await districtConsole.rehearse({ type: 'start', scenario: 'rainstorm', minutes: 30 })).toMatchObject({ ok: false, code: 'outside_scope' });
    expect(await districtConsole.rehearse({ type: 'start', scenario: 'rainstorm', minutes: 30, extra: true })).toMatchObject({
      ok: false,
      code: 'invalid_payload',
    });

    expect((await board()).active).toBeNull();
    expect(screen.rehearsals).toEqual([]);
    // every try is in the audit log, refused ones with their code
    const audit = await http('GET', '/api/v1/admin/audit?action=rehearsal.start&limit=50', server.secrets.adminToken);
    const entries = audit.body.entries as { ok: boolean; detail: { code?: string } | null; label: string }[];
    expect(entries.filter((e) => !e.ok).map((e) => e.detail?.code)).toEqual(
      expect.arrayContaining(['unknown_scenario', 'invalid_payload', 'outside_scope', 'rehearsal_running']),
    );
    expect(entries.some((e) => e.ok && e.label)).toBe(true);
    screen.close();
    districtConsole.close();
  });

  it('started over HTTP, it ends by itself at its time on every screen', async () => {
    const screen = connectScreen(server, { wall: 'hall-3x2', screen: '2-3' });
    const presenter = connectConsole(server);
    await screen.until(() => screen.snapshots.length > 0, 'a snapshot');
    const res = await http('POST', '/api/v1/rehearsal', server.secrets.presenterToken, { scenario: 'quiet-night', minutes: 1, by: '值班长' });
    expect(res).toMatchObject({ status: 201, body: { rehearsal: { name: 'quiet-night', title: '平安夜间', by: '值班长' } } });
    await screen.until(() => screen.rehearsals.at(-1)?.name === 'quiet-night', 'the rehearsal');
    clockShift = 61_000; // a minute and a second later on the rehearsals' clock
    await screen.until(() => screen.rehearsals.at(-1) === null, 'the rehearsal over', 10_000);
    await presenter.until(() => presenter.boards.at(-1)?.active === null, 'the rehearsal over');
    expect((await board()).active).toBeNull();
    clockShift = 0;
    screen.close();
    presenter.close();
  });

  it('from the command line: list, start, a refusal that says why, stop', async () => {
    const screen = connectScreen(server, { wall: 'demo' });
    await screen.until(() => screen.snapshots.length > 0, 'a snapshot');
    const cli = (...args: string[]) => gridwall(['rehearse', ...args, '--url', server.url, '--key', server.secrets.presenterToken]);

    const list = await cli('--list');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^rainstorm +暴雨内涝 {2}180 min/m);
    expect(list.stdout).toMatch(/running: none/);

    const started = await cli('marathon', '--minutes', '30', '--by', '指挥长');
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toMatch(/running: 演练：马拉松 \(marathon\) by 指挥长, .* 30 min left/);
    await screen.until(() => screen.rehearsals.at(-1)?.title === '马拉松', 'the rehearsal');

    const twice = await cli('rainstorm', '--minutes', '10');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/gridwall: rehearsal_running: .*stop it first/);
    const screenKey = await gridwall(['rehearse', 'tsunami', '--url', server.url, '--key', server.secrets.screenToken]);
    expect(screenKey.code).toBe(1);
    expect(screenKey.stderr).toMatch(/gridwall: forbidden: .*presenter key/);

    const stopped = await cli('--stop');
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stdout).toMatch(/stopped: 演练：马拉松 \(marathon\)/);
    await screen.until(() => screen.rehearsals.at(-1) === null, 'the rehearsal gone');
    screen.close();
  });

  it('a bad scenario file stops the start with the file, the field and why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridwall-scenarios-'));
    writeFileSync(
      join(dir, 'flood.json'),
      JSON.stringify({
        name: 'flood',
        title: '洪水',
        description: '测试',
        defaultMinutes: 60,
        streams: [{ category: 'facility.flood', perMinute: 2, summaries: ['积水'] }],
      }),
    );
    await expect(startTestServer({ env: { SCENARIOS_DIR: dir } })).rejects.toThrow(
      /invalid configuration: scenario .*flood\.json: streams\.0\.category: facility\.flood is not a sub-category/,
    );
  });
});
