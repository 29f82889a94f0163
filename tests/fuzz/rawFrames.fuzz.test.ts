// Raw engine.io / socket.io frames of garbage over a plain WebSocket (the `ws` package): random
// text and bytes, packets of every type with hostile payloads, reserved event names, binary
// placeholders never followed by their attachment, deep nesting, frames over the 16 KB limit.
// After each frame the connection either still answers (a refused /console handshake is answered
// with a connect_error) or is closed by the server — within 3 s, never a hang or a crash; then the
// log and projections are unchanged and nothing is polluted. Embedded store.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { check } from './support/fuzzRun.ts';
import { hostileValue, serialise } from './support/hostile.ts';
import { expectUnchanged } from './support/invariants.ts';
import { useFuzzServer } from './support/fuzzServer.ts';

const fuzz = useFuzzServer('rawFrames');

const PROBE = '40/console,{"token":"not-a-token","wall":"hall-3x2"}';
type Outcome = 'answered' | 'closed' | 'hung';

/** Opens a raw engine.io WebSocket, sends `frames`, then the probe; says whether the probe was answered or the fuzz.server closed. */
function sendRaw(frames: (string | Uint8Array)[]): Promise<Outcome> {
  const ws = new WebSocket(`${fuzz.server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  return new Promise<Outcome>((resolve) => {
    const timer = setTimeout(() => done('hung'), 3000);
    const done = (o: Outcome) => {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
      resolve(o);
    };
    ws.on('error', () => done('closed'));
    ws.on('close', () => done('closed'));
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      if (text.startsWith('0{')) {
        for (const f of frames) ws.send(f, { binary: typeof f !== 'string' });
        ws.send(PROBE);
      } else if (text.startsWith('44/console,')) done('answered');
    });
  });
}

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const json = hostileValue.map(serialise);
const frame: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.string({ maxLength: 100 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.uint8Array({ maxLength: 200 }),
  fc
    .tuple(
      fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '40', '41', '42', '43', '44', '45', '46', '47', '4-', '4x'),
      fc.oneof(json, fc.string({ maxLength: 50 })),
    )
    .map(([p, s]) => p + s),
  fc
    .tuple(
      fc.constantFrom('42', '420', '4299999999999999999', '42/console,', '42/nope,', '421-', '451-', '451-/console,7'),
      fc.constantFrom('command', 'clock', 'disconnect', 'connect', 'error', 'newListener', '__proto__', 'constructor', 'connect_error', 'disconnecting', ''),
      fc.array(hostileValue, { maxLength: 3 }),
    )
    .map(([p, e, args]) => `${p}${serialise([e, ...args])}`),
  fc.tuple(fc.constantFrom('40', '40/console,'), json).map(([p, s]) => p + s),
  fc.integer({ min: 1, max: 7000 }).map((n) => `42["command",${deep(n)}]`),
  fc.integer({ min: 1, max: 3 }).map((n) => `45${n}-["command",{"_placeholder":true,"num":${n - 1}},${'{"_placeholder":true,"num":99}'}]`),
  fc.integer({ min: 16 * 1024, max: 40 * 1024 }).map((n) => `42["command","${'z'.repeat(n)}"]`),
);

describe('raw engine.io frames of garbage', () => {
  it('are answered or end in a closed connection, never a hang or a crash', async () => {
    await check(
      'raw frames',
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 3 }), async (frames) => {
        const outcome = await sendRaw(frames);
        fuzz.tally.count('raw socket.io frames', outcome);
        expect(outcome, `frames ${JSON.stringify(frames.map((f) => (typeof f === 'string' ? f.slice(0, 80) : `<${f.length} bytes>`)))}`).not.toBe('hung');
      }),
      0.5,
    );
    await expectUnchanged(fuzz.server, fuzz.baseline);
  });

  it('a raw CONNECT with a valid screen token, then garbage events, is answered or closed, never hangs', async () => {
    const auth = JSON.stringify({ token: fuzz.server.secrets.screenToken, wall: 'demo', screen: '1-1' });
    const outcome = await sendRaw([
      `40${auth}`,
      '42["command"]',
      '42["command",null]',
      '4299["command",{"type":"live"},1,2,3]',
      '42["clock","x"]',
      '42[]',
      '42{}',
      '42["__proto__",{"polluted":1}]',
    ]);
    fuzz.tally.count('raw socket.io frames (connected)', outcome);
    expect(outcome).not.toBe('hung');
    await expectUnchanged(fuzz.server, fuzz.baseline);
  });
});
