// Hostile inputs the server takes today though it must refuse them (found by this fuzz suite):
// each is written as the test it should pass, marked `it.fails` until the server is fixed — when a
// fix lands its test starts failing here: turn `it.fails` into `it`. See BENCHMARKS.md
// ("Reliability: hostile input") for the minimal inputs and the fixes suggested.
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

describe('known bugs: hostile input the server accepts', () => {
  it('BUG 1: a report dated in year 1 is stored (it opens a case overdue since year 1)', async () => {
    await expectRefusedAndNothingStored('/api/v1/events', JSON.stringify({ events: [reported(uniqueId('BUG'), { at: '0001-01-01T00:00:00Z' })] }), [400, 422]);
  });

  it('BUG 1: a report dated 1900 is stored', async () => {
    await expectRefusedAndNothingStored('/api/v1/events', JSON.stringify({ events: [reported(uniqueId('BUG'), { at: '1900-01-01T00:00:00Z' })] }), [400, 422]);
  });

  it('BUG 1: a position fix dated in year 1 is accepted and sampled (a new worker appears on every wall)', async () => {
    const answer = await send(server.url, { path: '/api/v1/positions', body: JSON.stringify({ fixes: [fix(uniqueId('BUGW'), { at: '0001-01-01T00:00:00Z' })] }), key: server.secrets.ingestKey });
    expectRefusal(answer, { statuses: [400, 422] });
  });

  it('BUG 2: a lone surrogate (\\ud800) in a summary is stored', async () => {
    const body = JSON.stringify({ events: [reported(uniqueId('BUG'), { summary: 'S' })] }).replace('"summary":"S"', '"summary":"ab\\ud800cd"');
    await expectRefusedAndNothingStored('/api/v1/events', body, [400]);
  });

  it('BUG 2: invalid UTF-8 bytes in a summary are stored (as U+FFFD)', async () => {
    const [head, tail] = JSON.stringify({ events: [reported(uniqueId('BUG'), { summary: 'S' })] }).split('"summary":"S"') as [string, string];
    const body = Buffer.concat([Buffer.from(`${head}"summary":"ab`), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(`cd"${tail}`)]);
    await expectRefusedAndNothingStored('/api/v1/events', body, [400]);
  });

  it.fails('BUG 3: two different events under one event id in one batch: the second is dropped silently (200, listed as a duplicate)', async () => {
    const caseId = uniqueId('BUG');
    const first = reported(caseId);
    const second = { ...reported(caseId), summary: '另一件事', at: at(5) };
    await expectRefusedAndNothingStored('/api/v1/events', JSON.stringify({ events: [first, second] }), [409]);
  });

  it('BUG 4: a command or clock with an extra argument is never answered (the ack is not the 2nd argument)', async () => {
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
