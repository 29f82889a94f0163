// Webhooks out, against a real server on both engines and a real receiver on 127.0.0.1 that checks
// every signature as docs/webhooks.md says: an escalation and an overdue mark each delivered once with the
// case as a wall sees it and nothing personal; a failing receiver (500, then a hang past the
// timeout) retried until it takes the alert, then the rest in log order with no gap; a server
// restarted while the receiver is down delivers what was pending; a scoped endpoint gets its
// district's alerts only; an alert never taken is given up after its age; a bad configuration stops
// the start with one line.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../shared/caseEvent.ts';
import { loadConfig } from '../../server/config/config.ts';
import { ENGINES, newStoreLocation } from '../support/engines.ts';
import { GRID, grids, reported, steps, uniqueId } from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../support/webhookReceiver.ts';

const SECRET = `whsec_${randomBytes(24).toString('hex')}`;
const SECRET_ENV = { GRIDWALL_TEST_WEBHOOK_SECRET: SECRET };
const OTHER_DISTRICT_GRID = grids.grids.find((g) => g.code.slice(0, 6) !== GRID.slice(0, 6))!.code;
const iso = (t: number) => new Date(t).toISOString();

/** A webhooks file with these endpoints (the secret from the environment unless one is given). */
function webhooksFile(endpoints: Record<string, unknown>[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'gridwall-webhooks-')), 'webhooks.json');
  writeFileSync(file, JSON.stringify({ endpoints: endpoints.map((e) => ({ secretEnv: 'GRIDWALL_TEST_WEBHOOK_SECRET', ...e })) }));
  return file;
}

/** A case reported, accepted, dispatched and escalated to the district (its last event is the escalation). */
function escalatedCase(caseId: string, opts: { gridCode?: string; by?: string; summary?: string } = {}): CaseEvent[] {
  return [
    reported(caseId, { gridCode: opts.gridCode ?? GRID, ...(opts.summary && { summary: opts.summary }) }),
    ...steps(caseId, [
      { type: 'accepted' },
      { type: 'dispatched', unit: '街道综合执法队' },
      { type: 'escalated', level: 'district', by: opts.by ?? '街道网格中心' },
    ]),
  ];
}
const escalationId = (caseId: string) => `${caseId}:4`;
const ids = (requests: ReceivedRequest[]) => requests.map((q) => q.headers['gridwall-delivery']);

describe.each(ENGINES)('webhooks on %s', (engine) => {
  let receiver: WebhookReceiver;
  const servers: TestServer[] = [];
  beforeAll(async () => {
    receiver = await startWebhookReceiver(SECRET);
  });
  afterAll(async () => {
    for (const s of servers) await s.dispose().catch(() => undefined);
    await receiver?.close();
  });
  const start = async (endpoints: Record<string, unknown>[], location = newStoreLocation(engine)) => {
    const server = await startTestServer({ location, env: { WEBHOOKS_CONFIG: webhooksFile(endpoints), ...SECRET_ENV } });
    servers.push(server);
    return server;
  };
  const post = async (server: TestServer, events: CaseEvent[]) => expect((await server.post('/api/v1/events', { events })).status).toBe(200);
  const healthz = async (server: TestServer) => (await (await fetch(`${server.url}/healthz`)).json()) as any;
  const metric = async (server: TestServer, line: string) => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const found = text.split('\n').find((l) => l.startsWith(`${line} `));
    return found ? Number(found.split(' ').at(-1)) : 0;
  };

  it('delivers an escalation and an overdue mark once each, signed, with the case as a wall sees it and nothing personal', async () => {
    const path = `/duty-${engine}`;
    const server = await start([{ id: 'duty', url: receiver.url(path), includeSummary: true }]);
    const escalated = uniqueId('WE');
    // a citizen's name and phone in the report, an officer's in the escalation: masked wherever they go
    await post(server, escalatedCase(escalated, { summary: '市民张三丰反映小区门口垃圾堆放，电话13812345678', by: '督查科李建国 13900001111' }));
    const overdue = uniqueId('WO');
    const now = Date.now();
    await post(server, [reported(overdue, { at: iso(now), deadline: iso(now + 2000) })]);
    await receiver.until(() => receiver.taken(path).length >= 2, 'the escalation and the overdue mark');
    // a later alert: delivery is in log order, so anything sent twice before it would be here by now
    const marker = uniqueId('WM');
    await post(server, escalatedCase(marker));
    await receiver.until(() => receiver.taken(path).length >= 3, 'the marker');

    const got = receiver.requests.filter((q) => q.path === path);
    expect(ids(got)).toEqual([escalationId(escalated), `${overdue}:overdue:${now + 2000}`, escalationId(marker)]);
    for (const q of got) {
      expect(q.signatureProblem, 'a valid, fresh signature').toBeNull();
      expect(q.headers['content-type']).toBe('application/json');
      expect(q.headers['gridwall-delivery']).toBe(q.body.id);
      expect(q.headers['gridwall-event']).toBe(q.body.type);
      expect(q.headers['gridwall-attempt']).toBe('1');
    }
    const [esc, od] = got.map((q) => q.body);
    // the case as GET /api/v1/cases/<id> shows it to a screen key: the same place names and masked summary
    const wallView = (await (
      await fetch(`${server.url}/api/v1/cases/${escalated}`, { headers: { authorization: `Bearer ${server.secrets.screenToken}` } })
    ).json()) as any;
    expect(esc).toEqual({
      id: escalationId(escalated),
      type: 'case.escalated',
      occurredAt: wallView.steps[3].at,
      recordedAt: expect.any(String),
      case: {
        id: escalated,
        category: 'appearance.garbage',
        categoryName: '垃圾堆放',
        categoryNameEn: 'Garbage piled up',
        urgency: 'ordinary',
        source: 'hotline_12345',
        status: 'escalated',
        gridCode: GRID,
        place: wallView.place,
        reportedAt: wallView.reportedAt,
        deadline: wallView.deadline,
        escalation: 'district',
        summary: wallView.summary,
      },
      escalation: { level: 'district', by: wallView.escalations[0].by },
    });
    expect(esc.case.place.district.name).toMatch(/区$/);
    expect(od).toMatchObject({
      type: 'case.overdue',
      occurredAt: iso(now + 2000),
      overdue: { deadline: iso(now + 2000) },
      case: { id: overdue, status: 'reported', deadline: iso(now + 2000) },
    });
    const raw = got.map((q) => q.raw).join('\n');
    for (const personal of ['13812345678', '张三丰', '13900001111', '李建国']) expect(raw).not.toContain(personal);
    expect(esc.case.summary).toContain('[电话]');

    const health = await healthz(server);
    expect(health.webhooks).toMatchObject({ delivering: true, endpoints: [{ id: 'duty', delivered: 3, gaveUp: 0, failing: null }] });
    expect(await metric(server, 'gridwall_webhook_deliveries_total{endpoint="duty",outcome="delivered"}')).toBe(3);
    expect(await metric(server, 'gridwall_webhook_delivering')).toBe(1);
  });

  it('retries a receiver that answers 500 and then hangs past the timeout, then delivers the rest in log order with no gap', async () => {
    const path = `/flaky-${engine}`;
    const server = await start([{ id: 'flaky', url: receiver.url(path), timeoutSeconds: 1, events: ['case.escalated'] }]);
    const cases = [uniqueId('WR'), uniqueId('WR'), uniqueId('WR')];
    let onPath = 0;
    receiver.answer = (q) => {
      if (q.path !== path) return 200;
      onPath += 1;
      return onPath === 1 ? 500 : onPath === 2 ? 'hang' : 200;
    };
    try {
      await post(
        server,
        cases.flatMap((c) => escalatedCase(c)),
      );
      await receiver.until(() => receiver.taken(path).length >= 3, 'the three escalations');
    } finally {
      receiver.answer = (q) => (q.signatureProblem ? 401 : 200);
    }
    const got = receiver.requests.filter((q) => q.path === path);
    // the first alert three times (500, no answer, 200), then the others once each, in log order
    expect(ids(got)).toEqual([escalationId(cases[0]!), escalationId(cases[0]!), escalationId(cases[0]!), escalationId(cases[1]!), escalationId(cases[2]!)]);
    expect(got.map((q) => q.answer)).toEqual([500, 'hang', 200, 200, 200]);
    expect(got.map((q) => q.headers['gridwall-attempt'])).toEqual(['1', '2', '3', '1', '1']);
    // a retry is the same delivery: the same body, each attempt signed afresh and valid
    expect(new Set(got.slice(0, 3).map((q) => q.raw)).size).toBe(1);
    expect(got.every((q) => q.signatureProblem === null)).toBe(true);
    expect(await metric(server, 'gridwall_webhook_attempts_total{endpoint="flaky",result="http_5xx"}')).toBe(1);
    expect(await metric(server, 'gridwall_webhook_attempts_total{endpoint="flaky",result="timeout"}')).toBe(1);
    expect(await metric(server, 'gridwall_webhook_attempts_total{endpoint="flaky",result="ok"}')).toBe(3);
  });

  it('a server restarted while the receiver is down resumes from its cursor: what was pending is delivered, nothing twice', async () => {
    const path = `/restart-${engine}`;
    const endpoints = [{ id: 'restart', url: receiver.url(path) }];
    const location = newStoreLocation(engine);
    const first = await start(endpoints, location);
    const before = uniqueId('WB');
    await post(first, escalatedCase(before));
    await receiver.until(() => receiver.taken(path).length === 1, 'the first escalation');

    await receiver.down();
    const pending = [uniqueId('WP'), uniqueId('WP')];
    try {
      await post(
        first,
        pending.flatMap((c) => escalatedCase(c)),
      );
      // the server is retrying the first pending alert (connection refused) when it stops
      const deadline = Date.now() + 20_000;
      while ((await healthz(first)).webhooks.endpoints[0].failing?.deliveryId !== escalationId(pending[0]!)) {
        if (Date.now() > deadline) throw new Error('the server never tried the pending alert');
        await new Promise((r) => setTimeout(r, 100));
      }
      expect((await healthz(first)).webhooks.endpoints[0].failing).toMatchObject({ type: 'case.escalated', lastError: 'ECONNREFUSED' });
      await first.stop();
      servers.splice(servers.indexOf(first), 1); // its store is the next server's, dropped with it
    } finally {
      await receiver.up();
    }

    const again = await start(endpoints, location);
    await receiver.until(() => receiver.taken(path).length >= 3, 'the two pending escalations');
    const after = uniqueId('WA');
    await post(again, escalatedCase(after));
    await receiver.until(() => receiver.taken(path).length >= 4, 'a new escalation');
    expect(ids(receiver.requests.filter((q) => q.path === path))).toEqual([before, ...pending, after].map(escalationId));
  });

  it("a scoped endpoint gets only its district's alerts, an events filter only its types", async () => {
    const district = GRID.slice(0, 6);
    const [city, mine, overdueOnly] = [`/city-${engine}`, `/district-${engine}`, `/overdue-${engine}`];
    const server = await start([
      { id: 'city', url: receiver.url(city) },
      { id: 'district', url: receiver.url(mine), scope: district },
      { id: 'overdue-only', url: receiver.url(overdueOnly), events: ['case.overdue'] },
    ]);
    // three new endpoints, each told of the alerts from the start on: their cursors are set before the server takes an event
    expect((await healthz(server)).webhooks.endpoints.map((e: { cursor: number | null }) => e.cursor)).toEqual([
      expect.any(Number),
      expect.any(Number),
      expect.any(Number),
    ]);
    const [a1, b, a2] = [uniqueId('WS'), uniqueId('WS'), uniqueId('WS')];
    await post(server, [...escalatedCase(a1), ...escalatedCase(b, { gridCode: OTHER_DISTRICT_GRID }), ...escalatedCase(a2)]);
    // an overdue mark in the other district
    const late = uniqueId('WL');
    const now = Date.now();
    await post(server, [reported(late, { gridCode: OTHER_DISTRICT_GRID, at: iso(now), deadline: iso(now + 1500) })]);
    await receiver.until(() => receiver.taken(city).length >= 4 && receiver.taken(overdueOnly).length >= 1, 'every alert on the city endpoint');
    // a last escalation in the district: the scoped endpoint has dealt with everything before it
    const a3 = uniqueId('WS');
    await post(server, escalatedCase(a3));
    await receiver.until(() => receiver.taken(mine).length >= 3 && receiver.taken(city).length >= 5, 'the last escalation');

    const overdueId = `${late}:overdue:${now + 1500}`;
    expect(ids(receiver.requests.filter((q) => q.path === mine))).toEqual([a1, a2, a3].map(escalationId));
    expect(ids(receiver.requests.filter((q) => q.path === city))).toEqual([...[a1, b, a2].map(escalationId), overdueId, escalationId(a3)]);
    expect(ids(receiver.requests.filter((q) => q.path === overdueOnly))).toEqual([overdueId]);
    expect(receiver.requests.filter((q) => q.path === mine).every((q) => q.body.case.gridCode.startsWith(district))).toBe(true);
  });

  it('gives up an alert the receiver never takes once it is older than giveUpAfterMinutes, logged and counted, and goes on', async () => {
    const path = `/refusing-${engine}`;
    const server = await start([{ id: 'refusing', url: receiver.url(path), giveUpAfterMinutes: 0.05 }]);
    const [refused, next] = [uniqueId('WG'), uniqueId('WG')];
    receiver.answer = (q) => (q.path === path && q.body?.id === escalationId(refused) ? 503 : 200);
    try {
      await post(server, escalatedCase(refused));
      const deadline = Date.now() + 20_000;
      while ((await healthz(server)).webhooks.endpoints[0].gaveUp === 0) {
        if (Date.now() > deadline) throw new Error(`the refused alert was never given up: ${JSON.stringify((await healthz(server)).webhooks)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      await post(server, escalatedCase(next));
      await receiver.until(() => receiver.taken(path).length >= 1, 'the next escalation');
    } finally {
      receiver.answer = (q) => (q.signatureProblem ? 401 : 200);
    }
    const got = receiver.requests.filter((q) => q.path === path);
    // tried until 3 s after it was recorded (at 0, about 1 and 2.5 s), then left for the next one
    expect(got.length).toBeGreaterThanOrEqual(3);
    expect(new Set(ids(got.slice(0, -1)))).toEqual(new Set([escalationId(refused)]));
    expect(got.slice(0, -1).every((q) => q.answer === 503)).toBe(true);
    expect(ids(got.slice(-1))).toEqual([escalationId(next)]);
    expect(await metric(server, 'gridwall_webhook_deliveries_total{endpoint="refusing",outcome="gave_up"}')).toBe(1);
    expect(await metric(server, 'gridwall_webhook_deliveries_total{endpoint="refusing",outcome="delivered"}')).toBe(1);
    expect((await healthz(server)).webhooks.endpoints[0]).toMatchObject({ gaveUp: 1, delivered: 1, failing: null });
  });
});

describe('webhooks configuration', () => {
  const load = (endpoints: unknown, env: Record<string, string> = {}) => {
    const file = join(mkdtempSync(join(tmpdir(), 'gridwall-webhooks-')), 'webhooks.json');
    writeFileSync(file, typeof endpoints === 'string' ? endpoints : JSON.stringify({ endpoints }));
    return () => loadConfig({ WEBHOOKS_CONFIG: file, ...env });
  };
  const good = { id: 'duty', url: 'https://duty.example.internal/hook', secretEnv: 'HOOK_SECRET' };

  it('reads the endpoints with their defaults and their secrets from the environment', () => {
    expect(loadConfig({}).webhooks).toEqual([]);
    expect(load([good], { HOOK_SECRET: SECRET })().webhooks).toEqual([
      {
        id: 'duty',
        url: 'https://duty.example.internal/hook',
        secret: SECRET,
        events: ['case.overdue', 'case.escalated'],
        scope: '1201',
        includeSummary: false,
        timeoutMs: 10_000,
        giveUpAfterMs: 24 * 3_600_000,
      },
    ]);
  });

  it.each([
    ['not JSON', '{"endpoints": [', /Unexpected end of JSON input|JSON/],
    ['an unknown field', [{ ...good, secert: 'x' }], /endpoints\.0: Unrecognized key: "secert"/],
    ['a URL that is no URL', [{ ...good, url: 'duty.example.internal' }], /endpoints\.0\.url: an http:\/\/ or https:\/\/ URL$/],
    ['a URL that is not http(s)', [{ ...good, url: 'ftp://duty.example.internal/' }], /endpoints\.0\.url: an http:\/\/ or https:\/\/ URL/],
    [
      'a URL with a password in it',
      [{ ...good, url: 'https://duty:pa55word@duty.example.internal/' }],
      /endpoints\.0\.url: no user name or password in the URL/,
    ],
    ['neither secret nor secretEnv', [{ id: 'duty', url: good.url }], /endpoints\.0\.secret: give either secret or secretEnv/],
    ['a short secret', [{ id: 'duty', url: good.url, secret: 'hunter2' }], /endpoints\.0\.secret: at least 16 characters/],
    ['an unknown event type', [{ ...good, events: ['case.closed'] }], /endpoints\.0\.events\.0/],
    ['a scope that is not a region code', [{ ...good, scope: '99' }], /endpoints\.0\.scope: the city \(1201\), a district/],
    ['two endpoints with one id', [good, { ...good, url: 'https://other.example.internal/' }], /endpoints\.1\.id: "duty" is used twice/],
    [
      'a secretEnv that is not set',
      [{ ...good, secretEnv: 'NOT_SET_ANYWHERE' }],
      /endpoints\.0\.secretEnv: the environment variable NOT_SET_ANYWHERE is not set/,
    ],
  ])('refuses %s with one line naming the file and the field', (_what, endpoints, reason) => {
    const attempt = load(endpoints, { HOOK_SECRET: SECRET });
    expect(attempt).toThrow(/^invalid configuration: WEBHOOKS_CONFIG \S+webhooks\.json: /);
    expect(attempt).toThrow(reason);
    try {
      attempt();
    } catch (err) {
      expect((err as Error).message).not.toContain('\n');
      expect((err as Error).message).not.toContain(SECRET);
      expect((err as Error).message).not.toContain('hunter2');
      expect((err as Error).message).not.toContain('pa55word');
    }
  });

  it('stops `gridwall start` with one line on stderr and exit code 1, for a bad file and for a scope not in the geography', async () => {
    const run = (endpoints: unknown) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const file = join(mkdtempSync(join(tmpdir(), 'gridwall-webhooks-')), 'webhooks.json');
        writeFileSync(file, JSON.stringify({ endpoints }));
        const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--no-simulator', '--port', '0'], {
          env: {
            ...process.env,
            DATA_DIR: mkdtempSync(join(tmpdir(), 'gridwall-test-')),
            HOST: '127.0.0.1',
            LOG_LEVEL: 'silent',
            WEBHOOKS_CONFIG: file,
            HOOK_SECRET: SECRET,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => void (stderr += c.toString()));
        child.stdout.resume();
        child.once('exit', (code) => resolve({ code, stderr }));
      });
    const [badUrl, unknownScope] = await Promise.all([run([{ ...good, url: 'not a url' }]), run([{ ...good, scope: '120199' }])]);
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr).toMatch(/^gridwall: invalid configuration: WEBHOOKS_CONFIG \S+: endpoints\.0\.url: an http:\/\/ or https:\/\/ URL\n$/);
    expect(unknownScope.code).toBe(1);
    expect(unknownScope.stderr).toMatch(
      /^gridwall: invalid configuration: WEBHOOKS_CONFIG: endpoints\.0\.scope: 120199 is not the city, a district or a street of the geography\n$/,
    );
    for (const r of [badUrl, unknownScope]) expect(r.stderr).not.toContain(SECRET);
  }, 60_000);
});
