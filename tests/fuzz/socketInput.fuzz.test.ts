// Hostile socket input: generated handshakes (screen namespace and /console) are refused with a
// connect_error naming the problem (or the connection is closed), never let in; generated wall
// commands from screens and consoles are answered { ok: false, code: 'invalid_command', message };
// commands a valid presenter sends that the wall must refuse get their own code; garbage `clock`
// calls and unknown events are ignored and the socket goes on answering. Afterwards the log, every
// projection and every wall's state are unchanged, and nothing is polluted. Embedded store.
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { CONSOLE_NAMESPACE, wallCommandSchema } from '../../shared/wallControl.ts';
import { check, runs } from './support/fuzzRun.ts';
import { hostileKey, hostileValue, mutateObject, protoObjects } from './support/hostile.ts';
import { expectNoPollution, expectUnchanged } from './support/invariants.ts';
import { useFuzzServer } from './support/fuzzServer.ts';
import { emitAck, handshake, open, refusalKind } from './support/sockets.ts';

const fuzz = useFuzzServer('socketInput');

const WALLS = ['demo', 'hall-3x2', 'long-screen'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Conservative: true for anything the screen handshake schema might let through (those are not sent). */
function screenAuthMaybeValid(a: unknown): boolean {
  if (!isObject(a)) return false;
  const { token, wall, screen, scope, lastSeq, logId } = a;
  return (
    (token === fuzz.server.secrets.screenToken || token === fuzz.server.secrets.presenterToken) &&
    typeof wall === 'string' &&
    WALLS.includes(wall) &&
    typeof screen === 'string' &&
    /^\d{1,2}-\d{1,2}$/.test(screen) &&
    (scope === undefined || (typeof scope === 'string' && /^12\d{2}(\d{2}(\d{3})?)?$/.test(scope))) &&
    (lastSeq === undefined || (typeof lastSeq === 'number' && Number.isInteger(lastSeq) && lastSeq >= 0)) &&
    (logId === undefined || (typeof logId === 'string' && logId.length <= 64))
  );
}
function consoleAuthMaybeValid(a: unknown): boolean {
  if (!isObject(a)) return false;
  const { token, wall, name } = a;
  return (
    token === fuzz.server.secrets.presenterToken &&
    typeof wall === 'string' &&
    WALLS.includes(wall) &&
    (name === undefined || (typeof name === 'string' && name.trim().length >= 1 && name.trim().length <= 40))
  );
}
/** The fuzz.server's maxHttpBufferSize (fuzz.server/push/wallPush.ts): a bigger message closes the connection. */
const MAX_PACKET = 16 * 1024;
const packetBytes = (event: string, args: unknown[]) => Buffer.byteLength(`42${JSON.stringify([event, ...args])}`) + 4;
const REFUSALS = ['bad_handshake', 'unauthorized', 'forbidden', 'rate_limited'];

describe('handshakes', () => {
  const cases = [
    {
      nsp: '',
      base: () => ({ token: fuzz.server.secrets.screenToken, wall: 'demo', screen: '1-1' }),
      keys: ['token', 'wall', 'screen', 'scope', 'lastSeq', 'logId'],
      valid: screenAuthMaybeValid,
    },
    {
      nsp: CONSOLE_NAMESPACE,
      base: () => ({ token: fuzz.server.secrets.presenterToken, wall: 'hall-3x2', name: '主持人' }),
      keys: ['token', 'wall', 'name'],
      valid: consoleAuthMaybeValid,
    },
  ];
  it.each(cases.map((c) => [c.nsp || '/', c] as const))('%s: a hostile auth is refused with a connect_error naming the problem', async (name, c) => {
    const surface = `handshake ${name}`;
    const auth = fc.oneof({ weight: 4, arbitrary: mutateObject(c.base(), c.keys).map((m) => m.value) }, { weight: 1, arbitrary: hostileValue });
    await check(
      surface,
      fc.asyncProperty(auth, async (a) => {
        fc.pre(!c.valid(asSent(a)));
        const outcome = await handshake(fuzz.server.url, c.nsp, a);
        fuzz.tally.count(surface, outcome.kind === 'refused' ? refusalKind(outcome.message) : outcome.kind);
        if (outcome.kind === 'refused') {
          expect(REFUSALS, outcome.message).toContain(refusalKind(outcome.message));
          expect(outcome.message.length).toBeGreaterThan(15);
        } else {
          // socket.io itself drops a CONNECT whose auth is no object, or a packet over maxHttpBufferSize, before the fuzz.server sees it
          expect(outcome.kind, `a hostile handshake ${JSON.stringify(a)?.slice(0, 200)}`).toBe('closed');
          expect(!isObject(a) || packetBytes('', [a]) > MAX_PACKET - 500, `closed without a connect_error: ${JSON.stringify(a)?.slice(0, 200)}`).toBe(true);
        }
      }),
      0.5,
    );
    await expectUnchanged(fuzz.server, fuzz.baseline);
  });

  it('a handshake carrying __proto__ / constructor keys pollutes nothing (extra keys are dropped)', async () => {
    for (const extra of protoObjects()) {
      const outcome = await handshake(
        fuzz.server.url,
        '',
        Object.assign(JSON.parse(JSON.stringify(extra)) as object, { token: fuzz.server.secrets.screenToken, wall: 'demo', screen: '1-1' }),
      );
      fuzz.tally.count('handshake / (prototype keys)', outcome.kind);
      expect(['connected', 'refused']).toContain(outcome.kind);
      expectNoPollution(fuzz.baseline);
    }
  });
});

/** What the fuzz.server receives: the value after a JSON round trip (keys holding undefined are gone). */
const asSent = (v: unknown): unknown => (v === undefined ? null : JSON.parse(JSON.stringify(v) ?? 'null'));
const COMMAND_EXAMPLES: Record<string, unknown>[] = [
  { type: 'scene', scene: 'overview' },
  { type: 'sceneStep', step: 1 },
  { type: 'focus', region: '120101' },
  {
    type: 'bounds',
    bounds: [
      [117, 39],
      [117.5, 39.5],
    ],
  },
  { type: 'heatMetric', metric: 'open' },
  { type: 'layers', density: true, workers: false },
  { type: 'trendPeriod', period: '7d' },
  { type: 'spotlight', caseId: 'C1' },
  { type: 'playback', from: 1, to: 2, speed: 60 },
  { type: 'pause' },
  { type: 'resume' },
  { type: 'seek', at: 1 },
  { type: 'speed', speed: 10 },
  { type: 'live' },
  { type: 'reset' },
];
const COMMAND_KEYS = ['type', 'scene', 'step', 'region', 'bounds', 'metric', 'density', 'workers', 'period', 'caseId', 'from', 'to', 'speed', 'at'];
const hostileCommand = fc
  .oneof(
    {
      weight: 4,
      arbitrary: fc
        .constantFrom(...COMMAND_EXAMPLES)
        .chain((c) => mutateObject(c, COMMAND_KEYS))
        .map((m) => m.value),
    },
    { weight: 1, arbitrary: hostileValue },
    {
      weight: 1,
      arbitrary: fc.record({ type: fc.oneof(fc.string({ maxLength: 12 }), hostileKey, fc.constantFrom('overdue', 'Live', 'LIVE', 'reset ', '__proto__')) }),
    },
  )
  .filter((c) => !wallCommandSchema.safeParse(asSent(c)).success);

describe('commands', () => {
  const senders = [
    { name: 'screen (keyboard wall)', nsp: '', auth: () => ({ token: fuzz.server.secrets.screenToken, wall: 'hall-3x2', screen: '1-2' }) },
    { name: 'screen (read-only wall)', nsp: '', auth: () => ({ token: fuzz.server.secrets.screenToken, wall: 'demo', screen: '1-1' }) },
    { name: 'console', nsp: CONSOLE_NAMESPACE, auth: () => ({ token: fuzz.server.secrets.presenterToken, wall: 'hall-3x2', name: 'fuzz' }) },
  ];
  it.each(senders.map((s) => [s.name, s] as const))(
    '%s: a hostile command is answered invalid_command with the field named (one over 16 KB closes the socket)',
    async (name, s) => {
      let socket = await open(fuzz.server.url, s.nsp, s.auth());
      const surface = `command from ${name}`;
      try {
        await check(
          surface,
          fc.asyncProperty(hostileCommand, async (command) => {
            if (!socket.connected) socket = await open(fuzz.server.url, s.nsp, s.auth());
            const outcome = await emitAck(socket, 'command', [command]);
            const answer = outcome.kind === 'answered' ? (outcome.args[0] as { ok?: unknown; code?: unknown; message?: unknown }) : null;
            fuzz.tally.count(surface, answer ? String(answer.code) : outcome.kind);
            const bytes = packetBytes('command', [command]);
            // (the estimate is off by the ack id's digits: near the limit either answer is right)
            if (Math.abs(bytes - MAX_PACKET) <= 500 && outcome.kind === 'disconnected') return;
            if (bytes > MAX_PACKET + 500) {
              expect(outcome.kind, `a ${bytes}-byte packet`).toBe('disconnected');
              return;
            }
            expect(answer, `an answer to ${JSON.stringify(command)?.slice(0, 200)}`).not.toBeNull();
            expect(answer).toMatchObject({ ok: false, code: 'invalid_command' });
            expect(typeof answer!.message === 'string' && answer!.message.length > 8, String(answer!.message)).toBe(true);
          }),
        );
        if (!socket.connected) socket = await open(fuzz.server.url, s.nsp, s.auth());
        expect(await emitAck(socket, 'clock', [])).toMatchObject({ kind: 'answered' });
      } finally {
        socket.disconnect();
      }
      await expectUnchanged(fuzz.server, fuzz.baseline);
    },
  );

  it('a presenter’s well-formed commands the wall must refuse get their own code and change nothing', async () => {
    const socket = await open(fuzz.server.url, CONSOLE_NAMESPACE, { token: fuzz.server.secrets.presenterToken, wall: 'hall-3x2', name: 'fuzz' });
    const now = Date.now();
    const refused: [unknown, string][] = [
      [{ type: 'scene', scene: 'no-such-scene' }, 'unknown_scene'],
      [{ type: 'focus', region: '129999' }, 'unknown_region'],
      [{ type: 'spotlight', caseId: 'NO-SUCH-CASE' }, 'unknown_case'],
      [{ type: 'playback', from: now - 3_600_000, to: now - 7_200_000, speed: 60 }, 'period_reversed'],
      [{ type: 'playback', from: now - 3_600_000, to: now + 86_400_000, speed: 60 }, 'period_in_future'],
      [{ type: 'playback', from: now - 60 * 86_400_000, to: now - 59 * 86_400_000, speed: 60 }, 'period_too_old'],
      [{ type: 'playback', from: -8.64e15, to: 8.64e15, speed: 60 }, 'period_in_future'],
      [{ type: 'pause' }, 'not_playing'],
      [{ type: 'resume' }, 'not_playing'],
      [{ type: 'seek', at: now - 1000 }, 'not_playing'],
      [{ type: 'speed', speed: 2 }, 'not_playing'],
    ];
    try {
      for (const [command, code] of refused) {
        const outcome = await emitAck(socket, 'command', [command], 10_000);
        const answer = outcome.kind === 'answered' ? (outcome.args[0] as { code?: string }) : null;
        fuzz.tally.count('command from console (well-formed, refused)', answer?.code ?? outcome.kind);
        expect(answer, JSON.stringify(command)).toMatchObject({ ok: false, code });
      }
    } finally {
      socket.disconnect();
    }
    await expectUnchanged(fuzz.server, fuzz.baseline);
  });

  it('garbage clock calls and unknown events are ignored; the socket goes on answering', async () => {
    let socket: Socket = await open(fuzz.server.url, '', { token: fuzz.server.secrets.screenToken, wall: 'demo', screen: '1-1' });
    const names = fc.oneof(
      fc.constantFrom('clock', 'command', 'snapshot', 'heat', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'x'.repeat(1000)),
      fc.string({ maxLength: 20 }),
    );
    try {
      await check(
        'unknown events and garbage clock',
        fc.asyncProperty(names, fc.array(hostileValue, { maxLength: 3 }), async (event, args) => {
          fc.pre(!['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'].includes(event));
          if (!socket.connected) socket = await open(fuzz.server.url, '', { token: fuzz.server.secrets.screenToken, wall: 'demo', screen: '1-1' });
          socket.emit(event, ...args);
          const bytes = packetBytes(event, args);
          const clock = await emitAck(socket, 'clock', []);
          fuzz.tally.count('unknown events / garbage clock (no ack)', clock.kind === 'answered' ? 'ignored' : 'disconnected');
          if (bytes > MAX_PACKET - 500 && clock.kind === 'disconnected') return;
          expect(clock.kind).toBe('answered');
          expect(typeof (clock as { args: unknown[] }).args[0]).toBe('number');
        }),
        0.5,
      );
    } finally {
      socket.disconnect();
    }
    expect(runs(0.5)).toBeGreaterThan(0);
    await expectUnchanged(fuzz.server, fuzz.baseline);
  });
});
