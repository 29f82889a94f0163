// Rate limits (issue 8): per key for ingest and reads, per address for refused tokens, per socket for
// messages; beyond them a clear 429 with Retry-After (or a `rate_limited` refusal on a socket, and a
// disconnect for a flood), and a refused request stores nothing. The limits are set low here so a
// short burst crosses them; nothing is timed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reported, uniqueId } from '../support/factories.ts';
import { connectConsole, connectScreen, startTestServer, type TestServer } from '../support/testServer.ts';

describe('rate limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { RATE_LIMIT_INGEST: '5', RATE_LIMIT_READ: '3', RATE_LIMIT_AUTH_FAILURES: '3', RATE_LIMIT_SOCKET: '2' } });
  });
  afterAll(() => server?.dispose());

  it('an ingest key over its limit gets 429 with Retry-After, and what was refused is not stored', async () => {
    const ids = Array.from({ length: 20 }, () => uniqueId('RL'));
    const answers = await Promise.all(
      ids.map((id) => server.post('/api/v1/events', { events: [reported(id, { at: new Date().toISOString() })] }).then((r) => ({ id, ...r }))),
    );
    const refused = answers.filter((a) => a.status === 429);
    const accepted = answers.filter((a) => a.status === 200);
    expect(refused.length).toBeGreaterThan(0);
    expect(accepted.length + refused.length).toBe(20);
    expect(refused[0]!.body.error).toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/rate limit of key "GRIDWALL_INGEST_KEY" reached \(5 requests a second\): try again in \d+ s/),
    });
    const res = await fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.secrets.ingestKey}`, 'content-type': 'application/json' },
      body: '{"events":[]}',
    });
    if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const store = await server.openStore();
    const stored = new Set((await store.log.readEvents(0, 1000)).map((e) => e.event.caseId));
    await store.close();
    for (const a of accepted) expect(stored.has(a.id)).toBe(true);
    for (const r of refused) expect(stored.has(r.id)).toBe(false);
  });

  it('reads are limited per key and address', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => fetch(`${server.url}/api/v1/walls`, { headers: { authorization: `Bearer ${server.secrets.screenToken}` } })),
    );
    const limited = answers.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('a console over its message allowance gets rate_limited refusals, and a flood is disconnected', async () => {
    const c = connectConsole(server, { wall: 'demo' });
    await c.until(() => c.states.length > 0, 'the wall state');
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => c.send({ type: 'heatMetric', metric: i % 2 ? 'overdue' : 'open' })));
    expect(results.filter((r) => !r.ok && r.code === 'rate_limited').length).toBeGreaterThan(0);
    const gone = new Promise<string>((resolve) => c.socket.on('disconnect', resolve));
    for (let i = 0; i < 40; i++) c.socket.emit('clock', () => undefined);
    expect(await gone).toBe('io server disconnect');
  });
  // last: it locks this address out for the rest of the minute
  it('an address that keeps sending refused tokens is slowed down; the valid keys of others behind it still work', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${server.url}/api/v1/admin/keys`, { headers: { authorization: `Bearer ak_guess-${i}-aaaaaaaaaaaaaaaa` } });
      statuses.push(res.status);
      if (res.status === 429) expect((await res.json()).error.message).toMatch(/too many refused tokens/);
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toContain(429);
    // the office behind the same address: its valid keys are let in (a valid answer is no oracle to a
    // guesser: 192-bit tokens, the arithmetic in server/auth/admit.ts), over HTTP and at a handshake
    expect((await fetch(`${server.url}/api/v1/admin/keys`, { headers: { authorization: `Bearer ${server.secrets.adminToken}` } })).status).toBe(200);
    const screen = connectScreen(server);
    await screen.until(() => screen.snapshots.length === 1, 'a snapshot for a valid screen token from the throttled address');
    screen.close();
    // and the guesser is still throttled
    const again = await fetch(`${server.url}/api/v1/admin/keys`, { headers: { authorization: 'Bearer ak_guess-7-aaaaaaaaaaaaaaaa' } });
    expect(again.status).toBe(429);
    // the administrator's trail: every refusal counted by status and code
    const metrics = await fetch(`${server.url}/metrics`).then((r) => r.text());
    expect(Number(/gridwall_requests_refused_total\{status="401",code="unauthorized"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(3);
    expect(Number(/gridwall_requests_refused_total\{status="429",code="rate_limited"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
  });
});
