// `gridwall import` and `gridwall export` as a user runs them (the real CLI in a child process)
// against a real server, on both engines: a validation report with line numbers, resume, and an
// export that imports back into a fresh server.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../support/engines.ts';
import { closedCase, fix, reported, steps, uniqueId } from '../support/factories.ts';
import { gridwall, lastJson } from '../support/gridwallCli.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

const now = () => new Date().toISOString();

describe.each(ENGINES)('import and export on %s', (engine) => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.dispose();
  });

  it('imports a file, reports each bad line by number and reason, resumes, and exports what it stored', async () => {
    const server = await startTestServer({ engine });
    servers.push(server);
    const dir = mkdtempSync(join(tmpdir(), 'gridwall-import-'));
    const good = [uniqueId('IM'), uniqueId('IM'), uniqueId('IM')].flatMap((id) => closedCase(id));
    const lines = [
      ...good.slice(0, 10).map((e) => JSON.stringify(e)), //         lines 1-10
      '', //                                                          11: blank, ignored
      '{"eventId": "broken', //                                       12: not JSON
      JSON.stringify({ ...good[0], eventId: 'x1', caseId: 'x1', category: 'weather.rain' }), // 13: unknown category
      JSON.stringify(steps(uniqueId('NOPE'), [{ type: 'accepted' }])[0]), // 14: unknown case (the server says so)
      ...good.slice(10).map((e) => JSON.stringify(e)), //             15-25
      JSON.stringify(fix(uniqueId('W'))), //                          26: a fix
      JSON.stringify(fix(uniqueId('W'), { gridCode: undefined, lon: 118.3, lat: 38.9 })), // 27: a fix at sea
      JSON.stringify({ eventId: 'z:overdue:1', caseId: 'z', type: 'overdue', at: now(), deadline: now() }), // 28: raised by the exporting server: skipped
    ];
    const file = join(dir, 'day.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);

    const key = ['--url', server.url, '--key', server.secrets.ingestKey, '--batch', '4'];
    const first = await gridwall(['import', file, ...key]);
    expect(first.code).toBe(1); // some lines were rejected
    expect(lastJson(first.stderr)).toMatchObject({ lines: 28, stored: 21, fixes: 1, serverRaised: 1, rejected: 4 });
    const report = readFileSync(`${file}.rejected.ndjson`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; reason: string });
    expect(report.map((r) => r.line)).toEqual([12, 13, 14, 27]);
    expect(report[0]!.reason).toMatch(/^not JSON/);
    expect(report[1]!.reason).toMatch(/category/);
    expect(report[2]!.reason).toMatch(/^unknown_case/);
    expect(report[3]!.reason).toMatch(/^outside_city/);

    const again = await gridwall(['import', file, ...key, '--resume']);
    expect(lastJson(again.stderr)).toMatchObject({ skipped: 28, stored: 0, rejected: 0 });

    // a wrong key stops at once with one line that says so, not a report of every line
    const badKey = await gridwall(['import', file, '--url', server.url, '--key', 'ik_wrong-key-0123456789']);
    expect(badKey.code).toBe(1);
    expect(badKey.stderr.trim()).toMatch(/^gridwall: the server refused the ingest key/);
    expect(badKey.stderr).not.toMatch(/\n\s+at /); // no stack trace

    // export: the whole log, then a window that holds only the reports (at(0)) and acceptances (at(1))
    const out = join(dir, 'export.ndjson');
    const exported = await gridwall(['export', '-o', out], { DATA_DIR: server.location.dataDir, ...server.location.env });
    expect(exported.code).toBe(0);
    const events = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.map((e) => e.eventId)).toEqual(good.map((e) => e.eventId));
    expect(events[0]).toMatchObject({ ...good[0], deadline: expect.any(String) }); // as stored: the server's deadline added
    const from = good[0]!.at;
    const to = new Date(Date.parse(good[0]!.at) + 90_000).toISOString();
    const window = await gridwall(['export', '--from', from, '--to', to], { DATA_DIR: server.location.dataDir, ...server.location.env });
    expect(
      window.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).type)
        .sort(),
    ).toEqual(['accepted', 'accepted', 'accepted', 'reported', 'reported', 'reported']);

    // and the export imports into a fresh server whole
    const fresh = await startTestServer({ engine });
    servers.push(fresh);
    const back = await gridwall(['import', out, '--url', fresh.url, '--key', fresh.secrets.ingestKey]);
    expect(back.code).toBe(0);
    expect(lastJson(back.stderr)).toMatchObject({ stored: 21, rejected: 0 });
  }, 60_000);

  it('imports a case whose exported versions counted an overdue mark it skips', async () => {
    const server = await startTestServer({ engine });
    servers.push(server);
    const dir = mkdtempSync(join(tmpdir(), 'gridwall-import-'));
    const id = uniqueId('OV');
    // as a source using optimistic concurrency exported it: version 3 is the exporting server's overdue mark
    const report = reported(id);
    const [accepted, dispatched] = steps(id, [{ type: 'accepted' }, { type: 'dispatched', unit: '城管' }]);
    const lines = [
      { ...report, caseVersion: 1 },
      { ...accepted, caseVersion: 2 },
      { eventId: `${id}:overdue:1`, caseId: id, type: 'overdue', caseVersion: 3, at: accepted!.at, deadline: accepted!.at },
      { ...dispatched, caseVersion: 4 },
    ];
    const file = join(dir, 'versions.ndjson');
    writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const run = await gridwall(['import', file, '--url', server.url, '--key', server.secrets.ingestKey]);
    expect(lastJson(run.stderr)).toMatchObject({ stored: 3, serverRaised: 1, rejected: 0 });
    expect(run.code).toBe(0);
  }, 60_000);
});
