// The grid-worker device API as a phone uses it: a device key made by the admin API, a real
// socket.io-client on the `/device` namespace (and the REST equivalent), and a real wall screen that
// must show what the phone said — and nothing it must not (a backlog never moves the live map, an
// off-duty worker is not tracked).
import type { DeviceClientToServer } from '../../shared/socketEvents.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { connectPhone, refusal, send, watch, welcomed } from '../support/devicePhone.ts';
import { ENGINES } from '../support/engines.ts';
import { GRID, grids, uniqueId } from '../support/factories.ts';
import { connectScreen, startTestServer, type TestServer } from '../support/testServer.ts';

const WORKER = `W${GRID}`;
const grid = grids.grids[0]!;
const [lon0, lat0] = grid.centroid;
/** A point of this grid (the grid's centroid, shifted by a few metres per step). */
const near = (k: number) => ({ lon: lon0 + k * 1e-5, lat: lat0 });
/** A grid of another street than GRID's. */
const elsewhere = grids.grids.find((g) => g.code.slice(0, 9) !== GRID.slice(0, 9))!;
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(ENGINES)('the device API on %s', (engine) => {
  let server: TestServer;
  let token: string;
  const admin = (path: string, body: unknown) => server.post(path, body, server.secrets.adminToken);

  beforeAll(async () => {
    server = await startTestServer({ engine, env: { DEVICE_OFFLINE_AFTER_S: '10' } });
    const made = await admin('/api/v1/admin/keys', { role: 'device', label: '网格员手机', worker: WORKER });
    expect(made.status).toBe(201);
    token = made.body.token;
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('makes a device key bound to one worker of the roster, seeing his street; refuses keys that mean nothing', async () => {
    const keys = (await fetch(`${server.url}/api/v1/admin/keys`, { headers: { authorization: `Bearer ${server.secrets.adminToken}` } }).then((r) => r.json()))
      .keys;
    const key = keys.find((k: { role: string }) => k.role === 'device');
    expect(key).toMatchObject({ role: 'device', worker: WORKER, scope: GRID.slice(0, 9) });
    expect(token).toMatch(/^dk_/);

    const noWorker = await admin('/api/v1/admin/keys', { role: 'device', label: 'x' });
    expect(noWorker).toMatchObject({ status: 400, body: { error: { code: 'invalid_payload' } } });
    expect(noWorker.body.error.message).toMatch(/worker/);
    const screenWithWorker = await admin('/api/v1/admin/keys', { role: 'screen', label: 'x', worker: WORKER });
    expect(screenWithWorker.status).toBe(400);
    const unknown = await admin('/api/v1/admin/keys', { role: 'device', label: 'x', worker: 'W999999999999999' });
    expect(unknown).toMatchObject({ status: 422, body: { error: { code: 'unknown_worker' } } });
    const outside = await admin('/api/v1/admin/keys', { role: 'device', label: 'x', worker: WORKER, scope: elsewhere.code.slice(0, 9) });
    expect(outside).toMatchObject({ status: 422, body: { error: { code: 'outside_scope' } } });
  });

  it('refuses a phone without a device key: missing, wrong, or a key of another role', async () => {
    expect((await refusal(connectPhone(server.url, ''))).message).toMatch(/unauthorized|missing/i);
    expect((await refusal(connectPhone(server.url, 'dk_not-a-real-token-at-all'))).message).toMatch(/unauthorized/);
    const ingestKey = connectPhone(server.url, server.secrets.ingestKey);
    expect((await refusal(ingestKey)).message).toMatch(/forbidden: an ingest key/);
    ingestKey.close();
    // over HTTP the same
    const rest = await server.post('/api/v1/device/heartbeat', {}, server.secrets.ingestKey);
    expect(rest).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect((await server.post('/api/v1/device/heartbeat', {}, null)).status).toBe(401);
  });

  it('puts a backlog on the track and only the newest recent fix on the live map', async () => {
    const screen = connectScreen(server);
    await screen.until(() => screen.snapshots.length === 1, 'the snapshot');
    const phone = connectPhone(server.url, token);
    expect(await welcomed(phone)).toEqual(expect.objectContaining({ worker: WORKER, gridCode: GRID }));

    // an hour out of coverage: a fix every 10 s (360), then the one taken now
    const now = Date.now();
    const start = Math.floor((now - 3600_000) / 30_000) * 30_000; // on a sample bucket's edge
    const backlog = Array.from({ length: 360 }, (_, k) => ({ ...near(k % 50), at: iso(start + k * 10_000) }));
    const current = { lon: lon0 + 0.0009, lat: lat0 + 0.0004, at: iso(now) };
    // over HTTP in one upload, newest first as a phone flushing its queue might: the server orders them
    const answer = await server.post('/api/v1/device/fixes', { fixes: [current, ...backlog.reverse()] }, token);
    expect(answer).toMatchObject({ status: 200, body: { accepted: 361, live: 1, offDuty: 0 } });
    // one sample per 30 s of history: 360 fixes 10 s apart span 120 buckets
    expect(answer.body.tracked).toBe(120);
    // on the socket a message holds at most 100 fixes: a bigger one is refused, saying how to send it
    const big = await send(phone, 'fixes', { fixes: backlog.slice(0, 101) });
    expect(big).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect((big as { error: { message: string } }).error.message).toMatch(/chunks/);
    // a chunk of backlog with a recent fix older than where he is now stays history
    const chunk = await send(phone, 'fixes', { fixes: [{ ...near(7), at: iso(now - 20_000) }] });
    expect(chunk).toMatchObject({ ok: true, result: { accepted: 1, live: 0 } });

    const worker = watch(screen, WORKER);
    await screen.until(() => worker.positions().length > 0 && worker.state() === 'patrolling', 'the worker on the map, patrolling');
    // the map was sent where he is now, never a point of the backlog
    for (const p of worker.positions()) {
      expect(p.lon).toBeCloseTo(current.lon, 5);
      expect(p.lat).toBeCloseTo(current.lat, 5);
    }
    // the track holds the hour: the backlog's samples, the live fix and the late chunk's
    const track = await fetch(`${server.url}/api/v1/workers/${WORKER}/track?from=${encodeURIComponent(iso(now - 2 * 3600_000))}`, {
      headers: { authorization: `Bearer ${server.secrets.screenToken}` },
    }).then((r) => r.json());
    expect(track.points).toHaveLength(122);
    expect(track.points[0].at).toBe(backlog.at(-1)!.at); // the oldest (reversed above)
    expect(track.points.at(-1)).toMatchObject({ at: current.at });
    expect(track.points.map((p: { at: string }) => p.at)).toEqual([...track.points.map((p: { at: string }) => p.at)].sort());

    // an upload made only of old fixes moves nothing on the map
    const framesBefore = worker.positions().length;
    const old = await send(phone, 'fixes', { fixes: [{ ...near(1), at: iso(now - 30 * 60_000 + 5000) }] });
    expect(old).toMatchObject({ ok: true, result: { accepted: 1, live: 0 } });
    await new Promise((r) => setTimeout(r, 1500));
    expect(worker.positions()).toHaveLength(framesBefore);
    phone.close();
    screen.close();
  });

  it('shows a worker off duty after his patrol ends, does not track him then, and patrolling again after a start', async () => {
    const screen = connectScreen(server);
    await screen.until(() => screen.snapshots.length === 1, 'the snapshot');
    const phone = connectPhone(server.url, token);
    await welcomed(phone);
    await send(phone, 'fixes', { fixes: [{ ...near(3), at: iso(Date.now()) }] });
    const worker = watch(screen, WORKER);
    // he is the only worker with a position on this server so far
    await screen.until(() => worker.state() === 'patrolling' && screen.kpis.at(-1)?.workersOnline === 1, 'patrolling, and online in the KPIs');

    const stop = Date.now();
    expect(await send(phone, 'patrol', { action: 'stop', at: iso(stop) })).toEqual({ ok: true, result: { onPatrol: false } });
    await screen.until(() => worker.state() === 'off_duty', 'off duty');
    await screen.until(() => screen.kpis.at(-1)!.workersOnline === 0, 'no worker online (off duty is not on duty)');

    // a fix taken after the patrol's end: neither shown nor stored
    const frames = worker.positions().length;
    const after = await send(phone, 'fixes', { fixes: [{ ...near(20), at: iso(stop + 1000) }] });
    expect(after).toEqual({ ok: true, result: { accepted: 0, live: 0, tracked: 0, offDuty: 1 } });
    await new Promise((r) => setTimeout(r, 1500));
    expect(worker.positions()).toHaveLength(frames);
    const track = await fetch(`${server.url}/api/v1/workers/${WORKER}/track?from=${encodeURIComponent(iso(stop))}`, {
      headers: { authorization: `Bearer ${server.secrets.screenToken}` },
    }).then((r) => r.json());
    expect(track.points).toEqual([]);

    // a start queued offline and sent after the stop is older: it changes nothing
    expect(await send(phone, 'patrol', { action: 'start', at: iso(stop - 60_000) })).toEqual({ ok: true, result: { onPatrol: false } });
    expect(await send(phone, 'patrol', { action: 'start', at: iso(Date.now()) })).toEqual({ ok: true, result: { onPatrol: true } });
    await send(phone, 'fixes', { fixes: [{ ...near(5), at: iso(Date.now()) }] });
    await screen.until(() => worker.state() === 'patrolling', 'patrolling again');
    phone.close();
    screen.close();
  });

  it('shows the worker offline when his heartbeats stop, online again when his phone comes back', async () => {
    const screen = connectScreen(server);
    await screen.until(() => screen.snapshots.length === 1, 'the snapshot');
    const phone = connectPhone(server.url, token);
    await welcomed(phone);
    expect(await send(phone, 'heartbeat', { battery: 64 })).toMatchObject({ ok: true, result: { nextInMs: 30_000 } });
    const worker = watch(screen, WORKER);
    await screen.until(() => worker.state() === 'patrolling', 'online');
    phone.close();
    // DEVICE_OFFLINE_AFTER_S=10 here: no heartbeat, no fix for 10 s and the phone is offline
    await screen.until(() => worker.state() === 'offline', 'offline after the heartbeats stopped', 30_000);
    // over HTTP, a heartbeat brings him back (no fix needed)
    expect(await server.post('/api/v1/device/heartbeat', { battery: 60 }, token)).toMatchObject({ status: 200, body: { nextInMs: 30_000 } });
    await screen.until(() => worker.state() === 'patrolling' || worker.state() === 'idle', 'online again');
    screen.close();
  });

  it('takes a case report with photo references into the case loop, once however often it is sent', async () => {
    const screen = connectScreen(server);
    await screen.until(() => screen.snapshots.length === 1, 'the snapshot');
    const phone = connectPhone(server.url, token);
    await welcomed(phone);
    const reportId = uniqueId('r').slice(0, 40);
    const report = {
      reportId,
      at: iso(Date.now()),
      category: 'appearance.garbage',
      summary: '路边垃圾堆积，住户王先生13612345678反映',
      location: near(2),
      photos: ['https://photos.hall.local/p/8f3a.jpg', 'photo:8f3b'],
    };
    const first = await send(phone, 'report', report);
    expect(first).toEqual({ ok: true, result: { caseId: `D-${WORKER}-${reportId}`, created: true } });
    const caseId = (first as { result: { caseId: string } }).result.caseId;
    await screen.until(() => screen.lines.some((l) => l.caseId === caseId), 'the reported case on the ticker');
    const line = screen.lines.find((l) => l.caseId === caseId)!;
    expect(line).toMatchObject({ type: 'reported', source: 'grid_worker', gridCode: GRID, urgency: 'ordinary' });
    expect(line.summary).not.toContain('13612345678');
    // sent again (the answer was lost): the same case, not a second one
    expect(await send(phone, 'report', report)).toEqual({ ok: true, result: { caseId, created: false } });
    const rest = await server.post('/api/v1/device/reports', report, token);
    expect(rest).toMatchObject({ status: 200, body: { caseId, created: false } });
    // the photos are in the case's full record (a leader's or admin's read), not on the wall
    const full = await fetch(`${server.url}/api/v1/cases/${caseId}?full=true`, { headers: { authorization: `Bearer ${server.secrets.adminToken}` } }).then(
      (r) => r.json(),
    );
    expect(full.events[0].event.photos).toEqual(report.photos);
    expect(JSON.stringify(screen.lines.filter((l) => l.caseId === caseId))).not.toContain('photos.hall.local');
    phone.close();
    screen.close();
  });

  it('answers a bad message with the error and changes nothing; a report outside his street is refused', async () => {
    const seq = async () => (await (await fetch(`${server.url}/healthz`)).json()).seq as number;
    const before = await seq();
    const phone = connectPhone(server.url, token);
    await welcomed(phone);
    const cases: [keyof DeviceClientToServer, unknown, string, RegExp][] = [
      ['fixes', { fixes: [] }, 'invalid_payload', /fixes/],
      ['fixes', { fixes: [{ lon: 200, lat: 39, at: iso(Date.now()) }] }, 'invalid_payload', /fixes\.0\.lon/],
      ['fixes', { fixes: [{ ...near(0), at: iso(Date.now() + 3600_000) }] }, 'future_timestamp', /ahead of the server clock/],
      ['fixes', { fixes: [{ ...near(0), at: iso(Date.now()) }], workerId: 'W120101001008999' }, 'invalid_payload', /workerId/],
      ['patrol', { action: 'pause', at: iso(Date.now()) }, 'invalid_payload', /action/],
      ['heartbeat', { battery: 'full' }, 'invalid_payload', /battery/],
      ['report', { reportId: 'x', at: iso(Date.now()), category: 'weather.rain', summary: 's', location: near(0) }, 'invalid_payload', /category/],
      [
        'report',
        { reportId: 'y', at: iso(Date.now()), category: 'appearance.garbage', summary: 's', location: near(0), photos: ['has space'] },
        'invalid_payload',
        /photos\.0/,
      ],
      [
        'report',
        {
          reportId: 'z',
          at: iso(Date.now()),
          category: 'appearance.garbage',
          summary: 's',
          location: { lon: elsewhere.centroid[0], lat: elsewhere.centroid[1] },
        },
        'outside_scope',
        /outside/,
      ],
      ['fixes', 'not an object', 'invalid_payload', /object/],
    ];
    for (const [event, body, code, message] of cases) {
      const answer = await send(phone, event, body);
      expect(answer, `${event} ${JSON.stringify(body)}`).toMatchObject({ ok: false, error: { code } });
      expect((answer as { error: { message: string } }).error.message).toMatch(message);
    }
    expect(await seq()).toBe(before);
    // and over HTTP, the same refusals in the API's shape
    const rest = await server.post('/api/v1/device/fixes', { fixes: [{ lon: 200, lat: 39, at: iso(Date.now()) }] }, token);
    expect(rest).toMatchObject({ status: 400, body: { error: { code: 'invalid_payload' } } });
    const me = await fetch(`${server.url}/api/v1/device/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json());
    expect(me).toMatchObject({ worker: WORKER, gridCode: GRID, scope: GRID.slice(0, 9) });
    phone.close();
  });

  it('answers a phone over its message allowance rate_limited, saying how long to wait, instead of leaving it hanging', async () => {
    const limited = await startTestServer({ engine, env: { RATE_LIMIT_SOCKET: '5' } });
    try {
      const made = await limited.post('/api/v1/admin/keys', { role: 'device', label: 'x', worker: WORKER }, limited.secrets.adminToken);
      const phone = connectPhone(limited.url, made.body.token);
      await welcomed(phone);
      const answers = await Promise.all(Array.from({ length: 8 }, () => send(phone, 'heartbeat', {})));
      const refused = answers.filter((a) => !a.ok);
      expect(answers.filter((a) => a.ok).length).toBeGreaterThan(0);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused[0]).toMatchObject({ ok: false, error: { code: 'rate_limited', retryAfterS: expect.any(Number) } });
      phone.close();
    } finally {
      await limited.dispose();
    }
  });

  it('closes a phone whose key is revoked, at once', async () => {
    const made = await admin('/api/v1/admin/keys', { role: 'device', label: '另一部手机', worker: `W${grids.grids[1]!.code}` });
    const phone = connectPhone(server.url, made.body.token);
    await welcomed(phone);
    const closed = new Promise<string>((resolve) => phone.once('disconnect', resolve));
    const revoked = await fetch(`${server.url}/api/v1/admin/keys/${made.body.key.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${server.secrets.adminToken}` },
    });
    expect(revoked.status).toBe(200);
    expect(await closed).toBe('io server disconnect');
    expect((await server.post('/api/v1/device/heartbeat', {}, made.body.token)).status).toBe(401);
  });
});
