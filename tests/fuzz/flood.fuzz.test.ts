// Floods, with the server's rate limits on (RATE_LIMIT_SOCKET, RATE_LIMIT_INGEST small): a socket
// that fires hundreds of bad commands is answered rate_limited and then disconnected; a burst of bad
// ingest requests gets 400s and 429s with Retry-After, never a 5xx. Without limits, a screen's burst
// of 2000 bad commands is answered one by one. The server stays up; log and projections unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_NAMESPACE } from '../../shared/wallControl.ts';
import type { TestServer } from '../support/testServer.ts';
import { createTally, FUZZ_RUNS } from './support/fuzzRun.ts';
import { errorCode, expectRefusal, send } from './support/http.ts';
import { captureState, expectUnchanged, startFuzzServer, type Baseline } from './support/invariants.ts';
import { postSeedSet } from './support/seedSet.ts';
import { emitAck, open } from './support/sockets.ts';

const tally = createTally('flood');
const BURST = Math.min(5000, Math.max(300, FUZZ_RUNS * 3));
afterAll(() => tally.report());

describe.each([
  { name: 'rate limits on', env: { RATE_LIMIT_SOCKET: '20', RATE_LIMIT_INGEST: '20' } as Record<string, string>, limited: true },
  { name: 'rate limits off', env: {} as Record<string, string>, limited: false },
])('floods with $name', ({ env, limited }) => {
  let server: TestServer;
  let baseline: Baseline;
  beforeAll(async () => {
    server = await startFuzzServer(env);
    await postSeedSet(server);
    baseline = await captureState(server);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it(`a burst of ${BURST} bad commands on one socket`, async () => {
    const socket = await open(server.url, CONSOLE_NAMESPACE, { token: server.secrets.presenterToken, wall: 'hall-3x2', name: 'flood' });
    let disconnected = false;
    socket.on('disconnect', () => {
      disconnected = true;
    });
    const outcomes = await Promise.all(Array.from({ length: BURST }, (_, i) => emitAck(socket, 'command', [{ type: 'focus', region: `bad-${i}` }], 15_000)));
    socket.disconnect();
    for (const o of outcomes)
      tally.count(`socket flood (${limited ? 'limited' : 'unlimited'})`, o.kind === 'answered' ? String((o.args[0] as { code: string }).code) : o.kind);
    for (const o of outcomes)
      if (o.kind === 'answered')
        expect(o.args[0]).toMatchObject({
          ok: false,
          code: expect.stringMatching(limited ? /^(invalid_command|rate_limited)$/ : /^invalid_command$/),
          message: expect.any(String),
        });
    if (limited) {
      expect(outcomes.some((o) => o.kind === 'answered' && (o.args[0] as { code: string }).code === 'rate_limited')).toBe(true);
      expect(disconnected, 'a flooding socket is disconnected').toBe(true);
    } else expect(outcomes.every((o) => o.kind === 'answered')).toBe(true);
    // a new socket is served as before
    const fresh = await open(server.url, '', { token: server.secrets.screenToken, wall: 'demo', screen: '1-1' });
    expect(await emitAck(fresh, 'clock', [], 5000)).toMatchObject({ kind: 'answered' });
    fresh.disconnect();
    await expectUnchanged(server, baseline);
  });

  it(`a burst of ${BURST} bad ingest requests`, async () => {
    const answers = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        send(server.url, {
          path: '/api/v1/events',
          body: i % 2 ? '{"events":[' : JSON.stringify({ events: [{ eventId: `x${i}`, type: 'nope' }] }),
          key: server.secrets.ingestKey,
        }),
      ),
    );
    for (const a of answers) {
      tally.count(`HTTP flood (${limited ? 'limited' : 'unlimited'})`, a.status);
      expectRefusal(a, { statuses: limited ? [400, 429] : [400] });
    }
    if (limited) expect(answers.some((a) => errorCode(a) === 'rate_limited')).toBe(true);
    await expectUnchanged(server, baseline);
  });
});
