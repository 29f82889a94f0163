// `gridwall replay` as a hall runs it before a visit: the real CLI in a child process feeds a small
// recorded day (10 minutes recorded: a full lifecycle, escalations, an extension, a deadline that
// falls due during the replay, fixes, a recorded overdue mark, bad lines) through a real server's
// live ingest at 300x, on both engines, while a real socket.io-client screen watches. Wall-clock
// speed is not asserted (a loaded 2-core machine); what is: every transition under the rehearsal's
// tag, in per-case order, each stored `at` exactly where the mapping puts it given the start the
// summary names, nothing stored before its stamp, the server's own overdue mark for the compressed
// deadline, the bad lines by number, a second rehearsal beside the first, a window, and Ctrl-C.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEventInput, PositionFix } from '../../shared/caseEvent.ts';
import { shanghaiClock } from '../../shared/shanghaiTime.ts';
import { ENGINES } from '../support/engines.ts';
import { GRID, OTHER_GRID, at, grids, reported, uniqueId } from '../support/factories.ts';
import { startTcpProxy } from '../support/tcpProxy.ts';
import { GRIDWALL_CLI, gridwall, lastJson } from '../support/gridwallCli.ts';
import { connectScreen, startTestServer, type Screen, type TestServer } from '../support/testServer.ts';

const SPEED = 300;
const R0 = Date.parse(at(0)); // 10:00 in Shanghai on a past day
/** A recorded instant, `s` seconds into the recording (multiples of 30 s map to whole 100 ms at 300x). */
const rec = (s: number) => new Date(R0 + s * 1000).toISOString();
const DAY = 86_400;

/** The recorded day: [line text, what it is]. Line numbers are 1-based positions. */
function recording() {
  const [A, B, C, D, E, X] = ['A', 'B', 'C', 'D', 'E', 'X'].map((p) => uniqueId(p)) as [string, string, string, string, string, string];
  const ev = (caseId: string, n: number, s: number, rest: Record<string, unknown>) =>
    ({ eventId: `${caseId}:${n}`, caseId, at: rec(s), ...rest }) as CaseEventInput;
  const w1 = `W${GRID}`,
    w2 = `W${OTHER_GRID}`;
  const fixAt = (workerId: string, grid: number, s: number): PositionFix => ({
    workerId,
    gridCode: grids.grids[grid]!.code,
    lon: grids.grids[grid]!.centroid[0],
    lat: grids.grids[grid]!.centroid[1],
    at: rec(s),
  });
  const lines: unknown[] = [
    reported(A, { at: rec(0), deadline: rec(7 * DAY), summary: '小区门口垃圾堆放' }), //                  1
    reported(B, { at: rec(30), urgency: 'urgent', deadline: rec(2 * DAY), category: 'facility.manhole', summary: '井盖破损' }), // 2
    ev(A, 2, 60, { type: 'accepted' }), //                                                                 3
    reported(C, { at: rec(90), deadline: rec(360), urgency: 'immediate', summary: '路灯不亮' }), //            4: falls due in the replay
    fixAt(w1, 0, 120), //                                                                                  5
    ev(B, 2, 120, { type: 'accepted' }), //                                                                6
    ev(A, 3, 150, { type: 'dispatched', unit: '街道综合执法队' }), //                                       7
    '{"eventId": "broken', //                                                                              8: not JSON
    ev(B, 3, 180, { type: 'dispatched', unit: '市政养护所' }), //                                           9
    ev(C, 2, 180, { type: 'accepted' }), //                                                                10
    ev(A, 4, 210, { type: 'started' }), //                                                                 11
    ev(B, 4, 210, { type: 'extension_requested', reason: '需更换井盖' }), //                                12: too late on the compressed clock
    ev(B, 5, 225, { type: 'extension_granted', until: rec(3 * DAY) }), //                                  13: so nothing to grant
    reported(X, { at: rec(240), category: 'weather.rain' as never }), //                                   14: refused here
    ev(B, 6, 240, { type: 'escalated', level: 'district', by: '区网格化管理中心' }), //                      15
    ev(X, 2, 270, { type: 'accepted' }), //                                                                16: its report was refused
    reported(D, { at: rec(270), gridCode: '120101999999999' }), //                                         17: refused by the server
    ev(D, 2, 300, { type: 'accepted' }), //                                                                18: its report was refused
    ev(A, 5, 300, { type: 'resolved', note: '已清运' }), //                                                 19
    ev(C, 3, 300, { type: 'dispatched', unit: '路灯所' }), //                                               20
    ev(B, 7, 330, { type: 'escalated', level: 'city', by: '市城市运行管理中心' }), //                         21
    ev(E, 5, 330, { type: 'started' }), //                                                                 22: reported before the recording
    ev(A, 6, 360, { type: 'verified', passed: true }), //                                                  23
    { eventId: `${C}:overdue:1`, caseId: C, type: 'overdue', at: rec(360), deadline: rec(360) }, //       24: the recorded server's mark
    fixAt(w2, 1, 390), //                                                                                  25
    ev(A, 7, 420, { type: 'evaluated', satisfied: true, rating: 5 }), //                                   26
    ev(C, 4, 450, { type: 'started' }), //                                                                 27: after its deadline
    ev(B, 8, 480, { type: 'resolved' }), //                                                                28
    ev(C, 5, 540, { type: 'resolved', note: '已修复' }), //                                                 29
    ev(B, 9, 570, { type: 'verified', passed: true }), //                                                  30
    ev(B, 10, 600, { type: 'evaluated', satisfied: false, rating: 2 }), //                                 31: sent back (重办)
  ];
  const text = `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`;
  const events = lines.filter((l): l is CaseEventInput => typeof l === 'object' && !('workerId' in (l as object)));
  // the live rules judge a rehearsal on its compressed clock: B's 2 days are 9.6 minutes there, so its
  // extension is not asked for 1 working day before the deadline and is refused (docs/operations.md)
  const replayed = events.filter((e) => [A, B, C].includes(e.caseId) && (e.type as string) !== 'overdue' && !e.type.startsWith('extension_'));
  return { text, ids: { A, B, C, D, E, X }, replayed, workers: [w1, w2] };
}

describe.each(ENGINES)('replay on %s', (engine) => {
  let server: TestServer;
  let screen: Screen;
  let dir: string;
  beforeAll(async () => {
    server = await startTestServer({ engine });
    screen = connectScreen(server);
    await screen.until(() => screen.snapshots.length === 1, 'the snapshot');
    dir = mkdtempSync(join(tmpdir(), 'gridwall-replay-'));
  });
  afterAll(async () => {
    screen?.close();
    await server?.dispose();
  });
  const replay = (file: string, ...args: string[]) =>
    gridwall(['replay', file, '--url', server.url, '--key', server.secrets.ingestKey, '--speed', String(SPEED), ...args]);
  const linesOf = (caseId: string) => screen.lines.filter((l) => l.caseId === caseId);
  const storedEvents = async (caseIds: string[]) => {
    const store = await server.openStore();
    try {
      return (await Promise.all(caseIds.map((id) => store.log.readCaseEvents(id)))).flat();
    } finally {
      await store.close();
    }
  };

  it('plays a recorded day through the live path under a rehearsal tag, times mapped, bad lines reported, and again beside itself', async () => {
    const day = recording();
    const file = join(dir, 'day.ndjson');
    writeFileSync(file, day.text);
    const { A, B, C } = day.ids;

    const first = await replay(file, '--tag', 'RH1');
    expect(first.code).toBe(1); // lines were rejected
    const summary = lastJson(first.stderr);
    expect(summary).toMatchObject({
      tag: 'RH1',
      speed: SPEED,
      from: rec(0),
      lines: 31,
      scheduled: 26,
      stored: 20,
      duplicates: 0,
      fixes: 2,
      rejected: 7,
      serverRaised: 1,
      withoutReport: 1,
      unsent: 0,
      interrupted: false,
      clockSkewMs: 0,
    });
    const report = readFileSync(`${file}.replay-rejected.ndjson`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; reason: string });
    expect(report.map((r) => r.line)).toEqual([8, 12, 13, 14, 16, 17, 18]);
    expect(report[0]!.reason).toMatch(/^not JSON/);
    expect(report[1]!.reason).toMatch(/^extension_too_late: /);
    expect(report[2]!.reason).toMatch(/^illegal_transition: .*has no extension request to grant/);
    expect(report[3]!.reason).toMatch(/^invalid_payload: category/);
    expect(report[4]!.reason).toMatch(/report of case .* \(line 14\) was refused/);
    expect(report[5]!.reason).toMatch(/^unknown_grid/);
    expect(report[6]!.reason).toMatch(/report of case .* \(line 17\) was refused/);

    // the screen: every replayed transition under the tag, in each case's order, and the server's own
    // overdue mark for C (its compressed deadline passes 1.2 s into the replay; the watch looks every second)
    const tagged = (id: string) => `RH1-${id}`;
    await screen.until(
      () => linesOf(tagged(B)).length === 8 && linesOf(tagged(C)).some((l) => l.type === 'overdue'),
      "the rehearsal's transitions and C's overdue mark",
    );
    for (const id of [A, B, C]) {
      expect(
        linesOf(tagged(id))
          .filter((l) => l.type !== 'overdue')
          .map((l) => l.type),
      ).toEqual(day.replayed.filter((e) => e.caseId === id).map((e) => e.type));
    }
    expect(linesOf(tagged(A)).at(-1)).toMatchObject({ type: 'evaluated', status: 'closed' });
    expect(linesOf(tagged(B)).map((l) => l.status)).toContain('escalated');
    expect(linesOf(tagged(B)).at(-1)).toMatchObject({ type: 'evaluated', status: 'dispatched' }); // unsatisfied: handled again
    expect(screen.lines.some((l) => l.caseId === A || l.caseId.endsWith(day.ids.D) || l.caseId.endsWith(day.ids.E))).toBe(false);

    // the log: each `at` where the mapping puts it, deadlines too; nothing stored before its stamp
    const start = Date.parse(summary.start);
    const mapped = (iso: string) => new Date(start + (Date.parse(iso) - R0) / SPEED).toISOString();
    const stored = await storedEvents([A, B, C].map(tagged));
    const byId = new Map(stored.map((s) => [s.event.eventId, s]));
    for (const e of day.replayed) {
      const s = byId.get(tagged(e.eventId));
      expect(s, e.eventId).toBeDefined();
      expect(s!.event.at).toBe(mapped(e.at));
      expect(s!.recordedAt).toBeGreaterThanOrEqual(Date.parse(s!.event.at));
      expect(s!.event.caseVersion).toBeUndefined();
    }
    const event = (id: string) => byId.get(tagged(id))!.event as { deadline?: string; until?: string };
    expect(event(`${A}:1`).deadline).toBe(new Date(start + (7 * DAY * 1000) / SPEED).toISOString()); // 7 days: 33.6 minutes
    const overdue = stored.find((s) => s.event.type === 'overdue')!.event;
    expect(overdue).toMatchObject({ caseId: tagged(C), deadline: mapped(rec(360)) });
    expect(Date.parse(overdue.at)).toBeGreaterThanOrEqual(Date.parse(mapped(rec(360)))); // its deadline, or C's change after it
    // the spacing is the recording's, compressed (stamps exact; sending never early, however late)
    const seqs = stored.filter((s) => s.event.type !== 'overdue').sort((a, b) => a.seq - b.seq);
    expect(Date.parse(seqs.at(-1)!.event.at) - Date.parse(seqs[0]!.event.at)).toBe(600_000 / SPEED);

    // the fixes: the hall's own workers, at mapped times
    for (const [k, worker] of day.workers.entries()) {
      const track = await fetch(`${server.url}/api/v1/workers/${worker}/track`, { headers: { authorization: `Bearer ${server.secrets.screenToken}` } }).then(
        (r) => r.json(),
      );
      expect(track.points.map((p: { at: string }) => p.at)).toContain(mapped(rec(k === 0 ? 120 : 390)));
    }

    // a second rehearsal of the same day, default tag: beside the first, nothing collides
    const second = await replay(file);
    const again = lastJson(second.stderr);
    expect(again.tag).toMatch(/^R\d{4}-\d{6}$/);
    expect(again).toMatchObject({ stored: 20, duplicates: 0, fixes: 2, rejected: 7 });
    expect(readFileSync(`${file}.replay-rejected.ndjson`, 'utf8')).not.toMatch(/case_exists|event_id_reused|out_of_order/);
    await screen.until(() => linesOf(`${again.tag}-${B}`).length === 8, "the second rehearsal's transitions");
    expect(linesOf(`${again.tag}-${A}`).map((l) => l.type)).toEqual(linesOf(tagged(A)).map((l) => l.type));
    expect(linesOf(tagged(A))).toHaveLength(7); // the first rehearsal's cases untouched
  }, 90_000);

  it('plays a part of the day: what came before --from at once, nothing from --to on', async () => {
    const day = recording();
    const file = join(dir, 'window.ndjson');
    writeFileSync(file, day.text);
    const { A, B } = day.ids;
    const from = shanghaiClock(Date.parse(rec(300))); // HH:MM:SS in Shanghai
    const res = await replay(file, '--tag', 'RH3', '--from', from, '--to', rec(420), '--report', join(dir, 'window.rejected.ndjson'));
    const summary = lastJson(res.stderr);
    expect(summary).toMatchObject({ tag: 'RH3', from: rec(300), to: rec(420), afterWindow: 6, unsent: 0 });
    const start = Date.parse(summary.start);
    const stored = new Map((await storedEvents([A, B].map((id) => `RH3-${id}`))).map((s) => [s.event.eventId, s.event]));
    expect(stored.get(`RH3-${A}:2`)!.at).toBe(new Date(start + ((60 - 300) * 1000) / SPEED).toISOString()); // before the start: sent at once
    expect(stored.get(`RH3-${A}:6`)!.at).toBe(new Date(start + ((360 - 300) * 1000) / SPEED).toISOString());
    expect(stored.has(`RH3-${A}:7`)).toBe(false); // at 420 s: the end of the part, left out
    expect(stored.has(`RH3-${B}:8`)).toBe(false);
  }, 60_000);

  it('keeps the schedule through a slow answer: stamps as mapped, what fell due meanwhile sent at once, the lag reported', async () => {
    const ids = Array.from({ length: 40 }, () => uniqueId('L'));
    const file = join(dir, 'slow.ndjson');
    // 40 reports, one every 30 s recorded: 4 s at 300x
    writeFileSync(file, `${ids.map((id, i) => JSON.stringify(reported(id, { at: rec(i * 30), deadline: rec(DAY) }))).join('\n')}\n`);
    const proxy = await startTcpProxy(server.port);
    try {
      const tagged = () => screen.lines.filter((l) => l.caseId.startsWith('RH5-'));
      const running = gridwall(['replay', file, '--url', proxy.url, '--key', server.secrets.ingestKey, '--speed', String(SPEED), '--tag', 'RH5']);
      await screen.until(() => tagged().length >= 2, 'the first replayed reports', 30_000);
      proxy.pause(); // the server stores the next batch, but its answer is held for 1.5 s
      await new Promise((r) => setTimeout(r, 1500));
      proxy.resume();
      const res = await running;
      expect(res.code).toBe(0);
      const summary = lastJson(res.stderr);
      expect(summary).toMatchObject({ stored: 40, rejected: 0 });
      expect(summary.maxLagMs).toBeGreaterThanOrEqual(1000);
      const start = Date.parse(summary.start);
      const stored = (await storedEvents(ids.map((id) => `RH5-${id}`))).sort((a, b) => a.seq - b.seq);
      expect(stored.map((s) => s.event.caseId)).toEqual(ids.map((id) => `RH5-${id}`)); // in order
      stored.forEach((s, i) => {
        expect(s.event.at).toBe(new Date(start + (i * 30_000) / SPEED).toISOString()); // the schedule did not slip
        expect(s.recordedAt).toBeGreaterThanOrEqual(Date.parse(s.event.at));
      });
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it('stops at once, with one line, when the server refuses the key', async () => {
    const file = join(dir, 'refused.ndjson');
    writeFileSync(file, recording().text);
    const res = await gridwall(['replay', file, '--url', server.url, '--key', 'ik_wrong-key-0123456789', '--speed', String(SPEED)]);
    expect(res.code).toBe(1);
    expect(res.stderr.trim().split('\n').at(-1)).toMatch(/^gridwall: the server refused the ingest key/);
    expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 30_000);

  it('stops cleanly on Ctrl-C with a summary, and sends nothing after', async () => {
    const ids = Array.from({ length: 40 }, () => uniqueId('S'));
    const file = join(dir, 'long.ndjson');
    // 40 reports, one every 30 s recorded: 20 minutes, 20 s at 60x
    writeFileSync(file, `${ids.map((id, i) => JSON.stringify(reported(id, { at: rec(i * 30), deadline: rec(DAY) }))).join('\n')}\n`);
    const child = spawn(
      process.execPath,
      [...GRIDWALL_CLI, 'replay', file, '--url', server.url, '--key', server.secrets.ingestKey, '--speed', '60', '--tag', 'RH4'],
      {
        env: { ...process.env, LOG_LEVEL: 'silent' },
      },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const tagged = () => screen.lines.filter((l) => l.caseId.startsWith('RH4-'));
    const early = exited.then((code) => Promise.reject(new Error(`the replay ended before Ctrl-C (exit ${code}): ${stderr}`)));
    await Promise.race([screen.until(() => tagged().length >= 3, 'the first replayed reports', 30_000), early]);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const summary = lastJson(stderr);
    expect(summary).toMatchObject({ tag: 'RH4', interrupted: true, rejected: 0 });
    expect(summary.stored).toBeGreaterThanOrEqual(3);
    expect(summary.stored + summary.unsent).toBe(40);
    expect(summary.unsent).toBeGreaterThan(0);
    // every report acknowledged reaches the screen, and none after the stop
    await screen.until(() => tagged().length === summary.stored, 'every acknowledged report');
    await new Promise((r) => setTimeout(r, 1000));
    expect(tagged()).toHaveLength(summary.stored);
  }, 60_000);
});
