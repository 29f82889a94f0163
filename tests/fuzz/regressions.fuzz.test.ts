// Hostile inputs the server once took though it must refuse them (found by this fuzz suite, each
// reduced to its minimal input): now refused, and kept here so they stay refused. See BENCHMARKS.md
// ("Reliability: hostile input").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, fix, reported, uniqueId } from '../support/factories.ts';
import type { TestServer } from '../support/testServer.ts';
import { expectRefusal, send } from './support/http.ts';
import { readLog, startFuzzServer } from './support/invariants.ts';
import { emitAck, open } from './support/sockets.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startFuzzServer();
});
afterAll(async () => {
  await server?.dispose();
});

/** Posts a body; it must be refused with a clear 4xx and leave the log as it was. */
async function expectRefusedAndNothingStored(path: string, body: string | Uint8Array, statuses: number[]) {
  const before = (await readLog(server)).length;
  const answer = await send(server.url, { path, body, key: server.secrets.ingestKey });
  expect((await readLog(server)).length, `nothing stored (answered ${answer.status} ${answer.text})`).toBe(before);
  expectRefusal(answer, { statuses });
}

describe('regressions: hostile input the fuzz suite found accepted', () => {
  it('a report dated in year 1 is refused (it would open a case overdue since year 1)', async () => {
    await expectRefusedAndNothingStored('/api/v1/events', JSON.stringify({ events: [reported(uniqueId('BUG'), { at: '0001-01-01T00:00:00Z' })] }), [400, 422]);
  });

  it('a report dated 1900 is refused', async () => {
    await expectRefusedAndNothingStored('/api/v1/events', JSON.stringify({ events: [reported(uniqueId('BUG'), { at: '1900-01-01T00:00:00Z' })] }), [400, 422]);
  });

  it('a position fix dated in year 1 is refused (it would put a new worker on every wall)', async () => {
    const answer = await send(server.url, {
      path: '/api/v1/positions',
      body: JSON.stringify({ fixes: [fix(uniqueId('BUGW'), { at: '0001-01-01T00:00:00Z' })] }),
      key: server.secrets.ingestKey,
    });
    expectRefusal(answer, { statuses: [400, 422] });
  });

  it('a lone surrogate (\\ud800) in a summary is refused', async () => {
    const body = JSON.stringify({ events: [reported(uniqueId('BUG'), { summary: 'S' })] }).replace('"summary":"S"', '"summary":"ab\\ud800cd"');
    await expectRefusedAndNothingStored('/api/v1/events', body, [400]);
  });

  it('invalid UTF-8 bytes in a summary are refused (the parser would store U+FFFD)', async () => {
    const [head, tail] = JSON.stringify({ events: [reported(uniqueId('BUG'), { summary: 'S' })] }).split('"summary":"S"') as [string, string];
    const body = Buffer.concat([Buffer.from(`${head}"summary":"ab`), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(`cd"${tail}`)]);
    await expectRefusedAndNothingStored('/api/v1/events', body, [400]);
  });

  it('two different events under one event id in one batch are refused (409), not the second dropped as a duplicate', async () => {
    const caseId = uniqueId('BUG');
    const first = reported(caseId);
    const second = { ...reported(caseId), summary: '另一件事', at: at(5) };
    await expectRefusedAndNothingStored('/api/v1/events', JSON.stringify({ events: [first, second] }), [409]);
  });

  it('a command or clock with an extra argument is answered (the ack is the last argument)', async () => {
    const socket = await open(server.url, '', { token: server.secrets.screenToken, wall: 'demo', screen: '1-1' });
    try {
      const command = await emitAck(socket, 'command', [{ type: 'live' }, 'extra'], 1000);
      expect(command.kind, 'command with an extra argument').toBe('answered');
      const clock = await emitAck(socket, 'clock', ['extra'], 1000);
      expect(clock.kind, 'clock with an argument').toBe('answered');
    } finally {
      socket.disconnect();
    }
  });
});
