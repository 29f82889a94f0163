// Access (issue 8, invariant 8): keys stored hashed; made, rotated and revoked through the admin API
// without a restart, a revoked key's sockets closed at once; every role only where it belongs; a
// street-scoped key never gets another street's data, on sockets or over HTTP, whatever it asks for;
// per-wall presenter keys; the unmasked record for leaders only; every privileged action audited.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_NAMESPACE } from '../../shared/wallControl.ts';
import { fix, grids, reported, uniqueId } from '../support/factories.ts';
import { connectConsole, connectScreen, startTestServer, type TestServer } from '../support/testServer.ts';

const HEPING_STREETS = [...new Set(grids.grids.filter((g) => g.code.startsWith('120101')).map((g) => g.code.slice(0, 9)))];
const STREET = HEPING_STREETS[0]!;
const OTHER_STREET = HEPING_STREETS[1]!;
const gridIn = (street: string) => grids.grids.find((g) => g.code.startsWith(street))!.code;

describe('access keys, roles and scopes', () => {
  let server: TestServer;
  const http = (method: string, path: string, token: string | null, body?: unknown) => server.request(method, path, token, body);
  const admin = (method: string, path: string, body?: unknown) => http(method, `/api/v1/admin${path}`, server.secrets.adminToken, body);
  const makeKey = async (body: object) => {
    const res = await admin('POST', '/keys', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { key: { id: string; hint: string; scope: string; walls: string[] | null; sources: string[] | null }; token: string };
  };

  // one case in each of two streets of Heping
  const mine = uniqueId('MINE');
  const theirs = uniqueId('THEIRS');
  beforeAll(async () => {
    server = await startTestServer();
    const res = await server.post('/api/v1/events', {
      events: [
        reported(mine, { gridCode: gridIn(STREET), at: new Date().toISOString(), summary: '市民张晓明反映楼道堆物，电话13812345678' }),
        reported(theirs, { gridCode: gridIn(OTHER_STREET), at: new Date().toISOString() }),
      ],
    });
    expect(res.status).toBe(200);
  });
  afterAll(() => server?.dispose());

  it('a street key sees its street only: sockets, regions, KPIs, trends, cases and walls', async () => {
    const { token } = await makeKey({ role: 'screen', label: '街道分中心', walls: ['demo'], scope: STREET });
    // its own street: a snapshot with that street's data only
    const screen = connectScreen(server, { token, wall: 'demo', scope: STREET });
    await screen.until(() => screen.snapshots.length > 0, 'a snapshot');
    const snap = screen.snapshots[0]!;
    expect(snap.scope).toBe(STREET);
    expect(snap.ticker.map((l) => l.caseId)).toContain(mine);
    expect(snap.ticker.map((l) => l.caseId)).not.toContain(theirs);
    expect(snap.ticker.every((l) => l.gridCode.startsWith(STREET))).toBe(true);
    screen.close();
    // the city, another street, another wall: refused at the handshake
    for (const [opts, why] of [
      [{ wall: 'demo' }, /outside_scope: .*sees \d{9} only; scope 1201/],
      [{ wall: 'demo', scope: OTHER_STREET }, /outside_scope/],
      [{ wall: 'hall-3x2', scope: STREET }, /forbidden: the key "街道分中心" opens demo only, not wall hall-3x2/],
    ] as const) {
      const refused = connectScreen(server, { token, ...opts });
      await expect(refused.until(() => false, 'a refusal', 10_000)).rejects.toThrow(why);
      refused.close();
    }
    // HTTP reads within the scope, and nothing outside it
    expect((await http('GET', `/api/v1/regions/${STREET}`, token)).status).toBe(200);
    expect(await http('GET', `/api/v1/regions/${OTHER_STREET}`, token)).toMatchObject({ status: 403, body: { error: { code: 'outside_scope' } } });
    expect((await http('GET', '/api/v1/regions/120101', token)).status).toBe(403);
    const kpis = await http('GET', '/api/v1/kpis', token);
    expect(kpis).toMatchObject({ status: 200, body: { region: { code: STREET } } });
    expect((await http('GET', '/api/v1/kpis?region=1201', token)).status).toBe(403);
    expect((await http('GET', '/api/v1/trends?region=1201', token)).status).toBe(403);
    expect((await http('GET', `/api/v1/alerts?region=${STREET}`, token)).status).toBe(200);
    expect((await http('GET', `/api/v1/cases/${mine}`, token)).status).toBe(200);
    expect(await http('GET', `/api/v1/cases/${theirs}`, token)).toMatchObject({ status: 404, body: { error: { code: 'unknown_case' } } });
    // the walls it may open, narrowed to what it may see
    const walls = await http('GET', '/api/v1/walls', token);
    expect(walls.body.walls.map((w: { id: string }) => w.id)).toEqual(['demo']);
    expect((await http('GET', '/api/v1/walls/demo', token)).body.scope).toBe(STREET);
    expect((await http('GET', '/api/v1/walls/hall-3x2', token)).status).toBe(403);
  });

  it("a street screen gets only its street's transitions as they happen", async () => {
    const { token } = await makeKey({ role: 'screen', label: '街道屏', scope: STREET });
    const screen = connectScreen(server, { token, wall: 'demo', scope: STREET });
    await screen.until(() => screen.snapshots.length > 0, 'a snapshot');
    const here = uniqueId('HERE');
    const there = uniqueId('THERE');
    const now = new Date().toISOString();
    await server.post('/api/v1/events', {
      events: [reported(there, { gridCode: gridIn(OTHER_STREET), at: now }), reported(here, { gridCode: gridIn(STREET), at: now })],
    });
    await screen.until(() => screen.lines.some((l) => l.caseId === here), "its street's report");
    expect(screen.lines.map((l) => l.caseId)).not.toContain(there);
    screen.close();
  });

  it('each role only where it belongs', async () => {
    const { ingestKey, screenToken, presenterToken, adminToken } = server.secrets;
    const event = { events: [reported(uniqueId('ROLE'), { at: new Date().toISOString() })] };
    expect(await http('POST', '/api/v1/events', screenToken, event)).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(await http('POST', '/api/v1/events', adminToken, event)).toMatchObject({ status: 403 });
    expect((await http('GET', '/api/v1/walls', ingestKey)).status).toBe(403);
    expect((await http('GET', '/api/v1/admin/keys', screenToken)).status).toBe(403);
    expect((await http('GET', '/api/v1/admin/keys', presenterToken)).status).toBe(403);
    // only a presenter commands a wall: not an admin, not an ingest key
    for (const token of [adminToken, ingestKey]) {
      const c = connectConsole(server, { token, wall: 'demo' });
      await expect(c.until(() => false, 'a refusal', 10_000)).rejects.toThrow(
        /forbidden: an (admin key only reads|ingest key only posts events); commanding a wall needs a presenter token/,
      );
      c.close();
    }
    // an ingest key opens no screen
    const s = connectScreen(server, { token: ingestKey });
    await expect(s.until(() => false, 'a refusal', 10_000)).rejects.toThrow(/forbidden: an ingest key/);
    s.close();
  });

  it('an ingest key scoped to a street reports on that street only; walls bind only the keys that open walls', async () => {
    const { token } = await makeKey({ role: 'ingest', label: '街道系统', scope: STREET });
    const post = (path: string, body: unknown) => http('POST', path, token, body);
    const now = new Date().toISOString();
    const here = uniqueId('IN');
    const there = uniqueId('OUT');
    expect((await post('/api/v1/events', { events: [reported(here, { gridCode: gridIn(STREET), at: now })] })).status).toBe(200);
    const outside = await post('/api/v1/events', {
      events: [reported(uniqueId('OK'), { gridCode: gridIn(STREET), at: now }), reported(there, { gridCode: gridIn(OTHER_STREET), at: now })],
    });
    expect(outside).toMatchObject({
      status: 403,
      body: {
        error: { code: 'outside_scope', message: expect.stringMatching(/outside \d{9}, the region this key reports on; nothing in this batch was stored/) },
      },
    });
    // a step on a case outside its street, reported by another source: to this key no such case, its
    // grid and its state never named (the same answer as for a case that does not exist)
    const step = await post('/api/v1/events', { events: [{ eventId: `${theirs}:2`, caseId: theirs, type: 'accepted', at: now }] });
    const nowhere = uniqueId('NONE');
    const none = await post('/api/v1/events', { events: [{ eventId: `${nowhere}:2`, caseId: nowhere, type: 'accepted', at: now }] });
    expect(step.status).toBe(none.status);
    expect(step.body.error.code).toBe('unknown_case');
    expect(step.body.error.message.replace(theirs, 'X')).toBe(none.body.error.message.replace(nowhere, 'X'));
    expect(JSON.stringify(step.body)).not.toMatch(/\d{15}/);
    expect((await post('/api/v1/positions', { fixes: [fix(uniqueId('W'), { gridCode: gridIn(OTHER_STREET) })] })).body.error.code).toBe('outside_scope');
    // nor may it move another street's worker into its own street (he would vanish from his street's walls)
    const theirWorker = uniqueId('W');
    expect((await server.post('/api/v1/positions', { fixes: [fix(theirWorker, { gridCode: gridIn(OTHER_STREET) })] })).status).toBe(200);
    expect(await post('/api/v1/positions', { fixes: [fix(theirWorker, { gridCode: gridIn(STREET) })] })).toMatchObject({
      status: 403,
      body: { error: { code: 'outside_scope' } },
    });
    expect((await post('/api/v1/positions', { fixes: [fix(uniqueId('W'), { gridCode: gridIn(STREET) })] })).status).toBe(200);
    const store = await server.openStore();
    const ids = new Set((await store.log.readEvents(0, 10_000)).map((e) => e.event.caseId));
    await store.close();
    expect(ids.has(here)).toBe(true);
    expect(ids.has(there)).toBe(false);
    expect(await admin('POST', '/keys', { role: 'ingest', label: 'x', walls: ['demo'] })).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringMatching(/^walls: an ingest key opens no wall/) } },
    });
    expect(await admin('POST', '/keys', { role: 'admin', label: 'x', scope: STREET })).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringMatching(/^scope: an admin key manages the whole installation/) } },
    });
  });

  it("an ingest key bound to its channels posts only their reports (the hotline's key cannot forge the photo app's)", async () => {
    const { key, token } = await makeKey({ role: 'ingest', label: '12345热线平台', sources: ['hotline_12345', 'hotline_8890'] });
    expect(key.sources).toEqual(['hotline_12345', 'hotline_8890']);
    const now = new Date().toISOString();
    const hotline = uniqueId('HL');
    const forged = uniqueId('FG');
    expect((await http('POST', '/api/v1/events', token, { events: [reported(hotline, { source: 'hotline_12345', at: now })] })).status).toBe(200);
    expect(
      await http('POST', '/api/v1/events', token, {
        events: [reported(uniqueId('HL'), { source: 'hotline_8890', at: now }), reported(forged, { source: 'photo_app', at: now })],
      }),
    ).toMatchObject({
      status: 403,
      body: {
        error: {
          code: 'wrong_source',
          message: 'events.1.source: this key posts the reports of hotline_12345, hotline_8890, not photo_app; nothing in this batch was stored',
        },
      },
    });
    // the steps of its own cases carry no source: they pass
    expect((await http('POST', '/api/v1/events', token, { events: [{ eventId: `${hotline}:2`, caseId: hotline, type: 'accepted', at: now }] })).status).toBe(
      200,
    );
    expect(await admin('POST', '/keys', { role: 'screen', label: 'x', sources: ['photo_app'] })).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringMatching(/^sources: a screen key posts no reports/) } },
    });
    const rotated = await admin('POST', `/keys/${key.id}/rotate`, { graceSeconds: 600 });
    expect(rotated.body.key.sources).toEqual(['hotline_12345', 'hotline_8890']);
    // a key in its grace period is not rotated a second time: its replacement is
    expect(await admin('POST', `/keys/${key.id}/rotate`, {})).toMatchObject({ status: 409, body: { error: { code: 'already_rotated' } } });
  });

  it('a presenter key for one wall commands that wall only, and every command is audited', async () => {
    const { key, token } = await makeKey({ role: 'presenter', label: '演示平板', walls: ['demo'] });
    const other = connectConsole(server, { token, wall: 'hall-3x2' });
    await expect(other.until(() => false, 'a refusal', 10_000)).rejects.toThrow(/commands demo only, not wall hall-3x2/);
    other.close();
    const c = connectConsole(server, { token, wall: 'demo', name: '王主任' });
    await c.until(() => c.states.length > 0, 'the wall state');
    expect((await c.send({ type: 'heatMetric', metric: 'overdue' })).ok).toBe(true);
    expect(await c.send({ type: 'focus', region: '120199' })).toMatchObject({ ok: false, code: 'unknown_region' });
    c.close();
    // a district's presenter points a city wall at his district only
    const district = await makeKey({ role: 'presenter', label: '和平区平板', scope: '120101' });
    const d = connectConsole(server, { token: district.token, wall: 'hall-3x2' });
    await d.until(() => d.states.length > 0, 'the wall state');
    expect((await d.send({ type: 'focus', region: STREET })).ok).toBe(true);
    expect(await d.send({ type: 'focus', region: '120102' })).toMatchObject({ ok: false, code: 'outside_scope' });
    expect(await d.send({ type: 'spotlight', caseId: theirs })).toMatchObject({ ok: true });
    d.close();
    const audit = await admin('GET', '/audit?action=wall.command&limit=10');
    const mineOnly = audit.body.entries.filter((e: { keyId: string }) => e.keyId === key.id);
    expect(mineOnly).toHaveLength(2);
    expect(mineOnly.map((e: { ok: boolean }) => e.ok).sort()).toEqual([false, true]);
    expect(mineOnly[0]).toMatchObject({ role: 'presenter', label: '演示平板', target: 'demo', action: 'wall.command' });
  });

  it('a revoked key is refused at once and its sockets are closed; a rotated one hands over', async () => {
    const made = await makeKey({ role: 'screen', label: '将被撤销' });
    const screen = connectScreen(server, { token: made.token, wall: 'demo' });
    await screen.until(() => screen.snapshots.length > 0, 'a snapshot');
    const closed = new Promise<string>((resolve) => screen.socket.on('disconnect', resolve));
    expect((await admin('DELETE', `/keys/${made.key.id}`)).status).toBe(200);
    expect(await closed).toBe('io server disconnect');
    expect(await http('GET', '/api/v1/walls', made.token)).toMatchObject({ status: 401, body: { error: { message: expect.stringMatching(/was revoked/) } } });
    const again = connectScreen(server, { token: made.token, wall: 'demo' });
    await expect(again.until(() => false, 'a refusal', 10_000)).rejects.toThrow(/was revoked/);
    again.close();

    // rotation with a grace period: both work; without one, the old stops at once
    const first = await makeKey({ role: 'leader', label: '值班长' });
    const graced = await admin('POST', `/keys/${first.key.id}/rotate`, { graceSeconds: 3600 });
    expect(graced.status).toBe(201);
    expect((await http('GET', '/api/v1/walls', first.token)).status).toBe(200);
    expect((await http('GET', '/api/v1/walls', graced.body.token)).status).toBe(200);
    const watching = connectScreen(server, { token: graced.body.token, wall: 'demo' });
    await watching.until(() => watching.snapshots.length > 0, 'a snapshot');
    const gone = new Promise<string>((resolve) => watching.socket.on('disconnect', resolve));
    const now = await admin('POST', `/keys/${graced.body.key.id}/rotate`, { graceSeconds: 0 });
    expect(now.status).toBe(201);
    expect(await gone).toBe('io server disconnect');
    expect(await http('GET', '/api/v1/walls', graced.body.token)).toMatchObject({
      status: 401,
      body: { error: { message: expect.stringMatching(/has expired/) } },
    });
    expect((await http('GET', '/api/v1/walls', now.body.token)).status).toBe(200);

    const audit = (await admin('GET', '/audit?limit=50')).body.entries as { action: string; target: string }[];
    expect(
      audit
        .filter((e) => e.target === made.key.id)
        .map((e) => e.action)
        .sort(),
    ).toEqual(['key.create', 'key.revoke']);
    expect(audit.filter((e) => e.target === first.key.id).map((e) => e.action)).toContain('key.rotate');
  });

  it('the unmasked record is for leaders and admins only, and each read is audited', async () => {
    const leader = await makeKey({ role: 'leader', label: '值班长桌面' });
    const masked = await http('GET', `/api/v1/cases/${mine}`, leader.token);
    expect(masked.body.summary).toBe('市民张*明反映楼道堆物，电话[电话]');
    const full = await http('GET', `/api/v1/cases/${mine}?full=true`, leader.token);
    expect(full.status).toBe(200);
    expect(full.headers.get('cache-control')).toBe('no-store');
    expect(full.body.events[0].event.summary).toBe('市民张晓明反映楼道堆物，电话13812345678');
    expect(await http('GET', `/api/v1/cases/${mine}?full=true`, server.secrets.screenToken)).toMatchObject({ status: 403 });
    const audit = (await admin('GET', '/audit?action=case.read_full')).body.entries as { keyId: string; ok: boolean; target: string }[];
    expect(
      audit
        .filter((e) => e.target === mine)
        .map((e) => e.ok)
        .sort(),
    ).toEqual([false, true]);
  });

  it('admin payloads are validated and answered with what is wrong', async () => {
    expect(await admin('POST', '/keys', { role: 'king', label: 'x' })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_payload', message: expect.stringMatching(/^role: /) } },
    });
    expect(await admin('POST', '/keys', { role: 'screen', label: 'x', walls: ['nowhere'] })).toMatchObject({
      status: 422,
      body: { error: { code: 'unknown_wall' } },
    });
    expect(await admin('POST', '/keys', { role: 'screen', label: 'x', scope: '120199' })).toMatchObject({
      status: 422,
      body: { error: { code: 'unknown_region' } },
    });
    const polluted = await fetch(`${server.url}/api/v1/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.secrets.adminToken}`, 'content-type': 'application/json' },
      body: '{"role":"screen","label":"x","__proto__":{"role":"admin"}}',
    });
    expect(polluted.status).toBe(400);
    expect(({} as { role?: string }).role).toBeUndefined();
    expect(await admin('DELETE', '/keys/key_000000000000')).toMatchObject({ status: 404, body: { error: { code: 'unknown_key' } } });
    expect(await admin('DELETE', '/keys/../../etc')).toMatchObject({ status: 404 });
    expect(await admin('GET', '/audit?limit=0')).toMatchObject({ status: 400 });
    // the listing shows hints, never tokens or hashes
    const listed = JSON.stringify((await admin('GET', '/keys')).body);
    expect(listed).not.toMatch(/tokenHash|token_hash/);
    expect(listed).not.toContain(server.secrets.screenToken);
  });

  it('security headers, closed CORS and origin checks on sockets', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const api = await fetch(`${server.url}/api/v1/walls`, {
      headers: { origin: 'http://evil.example', authorization: `Bearer ${server.secrets.screenToken}` },
    });
    expect(api.headers.get('access-control-allow-origin')).toBeNull();
    const refused = await new Promise<string>((resolve) => {
      const s = io(server.url, {
        transports: ['websocket'],
        extraHeaders: { origin: 'http://evil.example' },
        auth: { token: server.secrets.screenToken, wall: 'demo', screen: '1-1' },
        reconnection: false,
        forceNew: true,
      });
      s.on('connect', () => resolve('connected'));
      s.on('connect_error', (err) => resolve(err.message));
    });
    expect(refused).not.toBe('connected');
    const sameSite = await new Promise<string>((resolve) => {
      const s = io(server.url, {
        transports: ['websocket'],
        extraHeaders: { origin: server.url },
        auth: { token: server.secrets.screenToken, wall: 'demo', screen: '1-1' },
        reconnection: false,
        forceNew: true,
      });
      s.on('connect', () => {
        s.disconnect();
        resolve('connected');
      });
      s.on('connect_error', (err) => resolve(err.message));
    });
    expect(sameSite).toBe('connected');
    const metrics = await fetch(`${server.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/gridwall_sockets_refused_total\{namespace="engine",code="origin"\} [1-9]/);
    expect(metrics).toMatch(/gridwall_sockets_refused_total\{namespace="\/",code="forbidden"\} [1-9]/);
  });
});

describe('keys at rest', () => {
  it('a first start makes keys shown once and stores only their hashes; a restart keeps them working', async () => {
    const { startGridwall } = await import('../../server/app.ts');
    const { loadConfig } = await import('../../server/config/config.ts');
    const { newStoreLocation, dropStore } = await import('../support/engines.ts');
    const location = newStoreLocation('sqlite');
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: location.dataDir, LOG_LEVEL: 'silent', SIMULATOR: 'off' });
    const first = await startGridwall(config);
    const tokens = first.tokens;
    expect(first.keysCreated).toBe(true);
    expect(Object.keys(tokens).sort()).toEqual(['admin', 'ingest', 'presenter', 'screen']);
    await first.stop();
    // no token in any file of the data folder, in any form
    for (const file of readdirSync(location.dataDir)) {
      const bytes = readFileSync(join(location.dataDir, file)).toString('latin1');
      for (const token of Object.values(tokens)) expect(bytes.includes(token!), `${file} holds a token`).toBe(false);
    }
    const again = await startGridwall(config);
    expect(again.keysCreated).toBe(false);
    expect(again.tokens).toEqual({});
    const res = await fetch(`${again.url}/api/v1/walls`, { headers: { authorization: `Bearer ${tokens.screen}` } });
    expect(res.status).toBe(200);
    await again.stop();
    await dropStore(location);
  });

  it('a data folder with the old plain-text secrets.json keeps its keys, stored hashed, and loses the file', async () => {
    const { writeFileSync, existsSync } = await import('node:fs');
    const { newStoreLocation, dropStore } = await import('../support/engines.ts');
    const location = newStoreLocation('sqlite');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(location.dataDir, { recursive: true });
    const old = {
      ingestKey: 'ik_old-ingest-key-0123456789',
      screenToken: 'st_old-screen-token-0123456789',
      presenterToken: 'pt_old-presenter-token-0123456789',
    };
    writeFileSync(join(location.dataDir, 'secrets.json'), JSON.stringify(old));
    const { startGridwall } = await import('../../server/app.ts');
    const { loadConfig } = await import('../../server/config/config.ts');
    const gw = await startGridwall(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: location.dataDir, LOG_LEVEL: 'silent', SIMULATOR: 'off' }));
    expect(existsSync(join(location.dataDir, 'secrets.json'))).toBe(false);
    expect(Object.keys(gw.tokens)).toEqual(['admin']); // only the new role's key is made (and shown)
    expect((await fetch(`${gw.url}/api/v1/walls`, { headers: { authorization: `Bearer ${old.screenToken}` } })).status).toBe(200);
    const console = io(`${gw.url}${CONSOLE_NAMESPACE}`, {
      auth: { token: old.presenterToken, wall: 'demo' },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) => {
      console.on('connect', () => resolve());
      console.on('connect_error', reject);
    });
    console.disconnect();
    await gw.stop();
    await dropStore(location);
  });
});

describe('keys from the command line', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.dispose());

  const gridwall = async (...args: string[]) => {
    const { execFile } = await import('node:child_process');
    return new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'server/main.ts', 'keys', ...args],
        { env: { ...process.env, DATA_DIR: server.dataDir, LOG_LEVEL: 'silent' } },
        (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
      );
    });
  };

  it('a key made, listed and revoked on the store reaches the running server without a restart', async () => {
    const made = await gridwall('create', 'screen', '--label', '三号厅屏', '--wall', 'demo', '--scope', STREET);
    const token = /token \(shown once\): (\S+)/.exec(made)![1]!;
    const id = /^(key_[0-9a-f]{12})/.exec(made)![1]!;
    // the running server looks up a token it does not know: the new key works at once
    const screen = connectScreen(server, { token, wall: 'demo', scope: STREET });
    await screen.until(() => screen.snapshots.length > 0, 'a snapshot');
    expect(await gridwall('list')).toMatch(new RegExp(`${id}\\s+screen .*scope ${STREET}.*walls demo .*active\\s+三号厅屏`));
    const gone = new Promise<string>((resolve) => screen.socket.on('disconnect', resolve));
    expect(await gridwall('revoke', id)).toMatch(/revoked/);
    expect(await gone).toBe('io server disconnect');
    const audit = await fetch(`${server.url}/api/v1/admin/audit`, { headers: { authorization: `Bearer ${server.secrets.adminToken}` } }).then((r) => r.json());
    expect(audit.entries.filter((e: { target: string }) => e.target === id).map((e: { action: string; label: string }) => `${e.action} ${e.label}`)).toEqual([
      expect.stringMatching(/^key.revoke command line/),
      expect.stringMatching(/^key.create command line/),
    ]);
    await Promise.all([
      expect(gridwall('create', 'king', '--label', 'x')).rejects.toThrow(/role: /),
      expect(gridwall('create', 'screen', '--label', 'x', '--wall', 'nope')).rejects.toThrow(/--wall: no wall "nope"/),
      expect(gridwall('create', 'screen', '--label', 'x', '--scope', '120199')).rejects.toThrow(/--scope: 120199 is not the city, a district or a street/),
    ]);
  });
});

describe('behind a reverse proxy (TRUST_PROXY)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { TRUST_PROXY: 'loopback' } });
  });
  afterAll(() => server?.dispose());

  it('the audit log and the limits see the client the proxy names, on HTTP and on sockets', async () => {
    const made = await fetch(`${server.url}/api/v1/admin/keys`, {
      method: 'POST',
      body: JSON.stringify({ role: 'screen', label: '代理后' }),
      headers: { authorization: `Bearer ${server.secrets.adminToken}`, 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.7' },
    }).then((r) => r.json());
    const console = io(`${server.url}${CONSOLE_NAMESPACE}`, {
      auth: { token: server.secrets.presenterToken, wall: 'demo', name: '代理' },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { 'x-forwarded-for': '203.0.113.9' },
    });
    await new Promise<void>((resolve, reject) => {
      console.on('connect', () => resolve());
      console.on('connect_error', reject);
    });
    const answer = await console.timeout(10_000).emitWithAck('command', { type: 'heatMetric', metric: 'overdue' });
    expect(answer.ok).toBe(true);
    console.disconnect();
    const entries = (
      await fetch(`${server.url}/api/v1/admin/audit`, { headers: { authorization: `Bearer ${server.secrets.adminToken}` } }).then((r) => r.json())
    ).entries as { action: string; target: string; ip: string }[];
    expect(entries.find((e) => e.action === 'key.create' && e.target === made.key.id)?.ip).toBe('203.0.113.7');
    expect(entries.find((e) => e.action === 'wall.command')?.ip).toBe('203.0.113.9');
  });
});
