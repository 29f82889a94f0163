// Hostile input from a worker's phone: generated bodies for every device message, on the `/device`
// namespace and the REST equivalent, each answered with the API's error shape ({ok: false, error:
// {code, message}} on the socket, a 4xx over HTTP), never applied; garbage handshakes are refused.
// Afterwards the log and what a fresh screen is sent are unchanged, and nothing is polluted.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_NAMESPACE, deviceFixesSchema, deviceReportSchema, heartbeatSchema, patrolSchema, socketFixesSchema } from '../../shared/device.ts';
import { GRID } from '../support/factories.ts';
import { check } from './support/fuzzRun.ts';
import { hostileValue, mutateObject } from './support/hostile.ts';
import { expectUnchanged } from './support/invariants.ts';
import { useFuzzServer } from './support/fuzzServer.ts';
import { emitAck, handshake, open, refusalKind } from './support/sockets.ts';

const fuzz = useFuzzServer('deviceInput');
let token = '';
beforeAll(async () => {
  const made = await fuzz.server.post('/api/v1/admin/keys', { role: 'device', label: 'fuzz phone', worker: `W${GRID}` }, fuzz.server.secrets.adminToken);
  expect(made.status).toBe(201);
  token = made.body.token;
});

const asSent = (v: unknown): unknown => (v === undefined ? null : JSON.parse(JSON.stringify(v) ?? 'null'));
const now = () => new Date().toISOString();
/** Each message, a valid example to mutate, the keys to play with, and the schema that must refuse what is sent. */
const MESSAGES = [
  {
    event: 'fixes',
    path: 'fixes',
    example: () => ({ fixes: [{ lon: 117.2, lat: 39.1, at: now(), accuracy: 5 }] }),
    keys: ['fixes', 'lon', 'lat', 'at', 'accuracy', 'workerId'],
    socket: socketFixesSchema,
    rest: deviceFixesSchema,
  },
  {
    event: 'heartbeat',
    path: 'heartbeat',
    example: () => ({ at: now(), battery: 50 }),
    keys: ['at', 'battery'],
    socket: heartbeatSchema,
    rest: heartbeatSchema,
  },
  { event: 'patrol', path: 'patrol', example: () => ({ action: 'start', at: now() }), keys: ['action', 'at'], socket: patrolSchema, rest: patrolSchema },
  {
    event: 'report',
    path: 'reports',
    example: () => ({ reportId: 'r1', at: now(), category: 'appearance.garbage', summary: '垃圾', location: { lon: 117.2, lat: 39.1 }, photos: ['photo:1'] }),
    keys: ['reportId', 'at', 'category', 'urgency', 'summary', 'location', 'photos', 'lon', 'lat'],
    socket: deviceReportSchema,
    rest: deviceReportSchema,
  },
] as const;
const hostileBody = (m: (typeof MESSAGES)[number]) =>
  fc.oneof({ weight: 4, arbitrary: mutateObject(m.example(), [...m.keys]).map((x) => x.value) }, { weight: 1, arbitrary: hostileValue });

describe('the device namespace', () => {
  it('a hostile handshake is refused with a connect_error naming the problem', async () => {
    await check(
      'handshake /device',
      fc.asyncProperty(
        fc.oneof(
          mutateObject({ token: 'dk_x' }, ['token']).map((m) => m.value),
          hostileValue,
        ),
        async (auth) => {
          fc.pre(!(typeof auth === 'object' && auth !== null && (auth as { token?: unknown }).token === token));
          const outcome = await handshake(fuzz.server.url, DEVICE_NAMESPACE, auth);
          fuzz.tally.count('handshake /device', outcome.kind === 'refused' ? refusalKind(outcome.message) : outcome.kind);
          if (outcome.kind === 'refused') expect(['bad_handshake', 'unauthorized', 'rate_limited']).toContain(refusalKind(outcome.message));
          else expect(outcome.kind).toBe('closed'); // socket.io drops a CONNECT whose auth is no object
        },
      ),
      0.3,
    );
  });

  it.each(MESSAGES.map((m) => [m.event, m] as const))('%s: a hostile body is answered with the error, on the socket and over HTTP', async (_name, m) => {
    let socket = await open(fuzz.server.url, DEVICE_NAMESPACE, { token });
    try {
      await check(
        `device ${m.event}`,
        fc.asyncProperty(hostileBody(m), async (body) => {
          const sent = asSent(body);
          fc.pre(!m.socket.safeParse(sent ?? {}).success);
          if (!socket.connected) socket = await open(fuzz.server.url, DEVICE_NAMESPACE, { token });
          const outcome = await emitAck(socket, m.event, [body]);
          if (outcome.kind === 'disconnected') return; // a packet over 16 KB closes the socket
          expect(outcome.kind).toBe('answered');
          const answer = (outcome as { args: unknown[] }).args[0] as { ok: boolean; error?: { code: string; message: string } };
          fuzz.tally.count(`device ${m.event}`, answer.error?.code ?? 'ok');
          expect(answer.ok, JSON.stringify(sent)?.slice(0, 200)).toBe(false);
          expect(answer.error!.message.length).toBeGreaterThan(8);
          if (!m.rest.safeParse(sent ?? {}).success) {
            const res = await fuzz.server.postRaw(`/api/v1/device/${m.path}`, JSON.stringify(sent), { authorization: `Bearer ${token}` });
            expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
            expect(res.status).toBeLessThan(500);
            expect(typeof res.body.error.code).toBe('string');
          }
        }),
        0.5,
      );
    } finally {
      socket.disconnect();
    }
    await expectUnchanged(fuzz.server, fuzz.baseline);
  });
});
