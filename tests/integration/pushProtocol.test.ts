// The push protocol on real sockets: scoped rooms (a district wall never sees another district),
// resume after a reconnect or a server restart in the middle of a burst (every transition exactly
// once, in order, counted by seq), and a client that stops reading while a fast one carries on.
import { refusalError } from '../support/socketRefusal.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePositionFrame } from '../../shared/positionFrame.ts';
import type { TickerLine } from '../../shared/protocol.ts';
import { seededRng } from '../../shared/seededRng.ts';
import { ENGINES } from '../support/engines.ts';
import { fix, grids, reported, uniqueId } from '../support/factories.ts';
import { connectScreen, startTestServer, type Screen, type TestServer } from '../support/testServer.ts';

const HEPING = '120101';
const BINHAI = '120116';
const inDistrict = (d: string) => grids.grids.filter((g) => g.code.startsWith(d));
const now = () => new Date().toISOString();

/** Posts `batches` batches of `size` new cases spread over the given grids; resolves with their case ids. */
async function burst(server: TestServer, batches: number, size: number, where = grids.grids): Promise<string[]> {
  const ids: string[] = [];
  for (let b = 0; b < batches; b++) {
    const events = Array.from({ length: size }, (_, i) => reported(uniqueId('B'), { gridCode: where[(b * size + i) % where.length]!.code, at: now() }));
    const res = await server.post('/api/v1/events', { events });
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    ids.push(...events.map((e) => e.caseId));
  }
  return ids;
}

/** Every line of a screen: from its snapshots' tickers (a resume's missed lines) and its batches, by seq. */
function seqsSeen(screens: Screen[], ids: Set<string>): number[] {
  const seen: TickerLine[] = [];
  for (const s of screens) {
    for (const snap of s.snapshots) if (snap.resumedFrom !== null) seen.push(...snap.ticker);
    seen.push(...s.lines);
  }
  return seen.filter((l) => ids.has(l.caseId)).map((l) => l.seq);
}

describe.each(ENGINES)('push protocol on %s', (engine) => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.dispose().catch(() => undefined);
  });
  const start = async (location?: TestServer['location']) => {
    const s = await startTestServer(location ? { location } : { engine });
    servers.push(s);
    return s;
  };

  it('sends a district wall only its district, and the city wall everything', async () => {
    const server = await start();
    const heping = connectScreen(server, { scope: HEPING });
    const binhai = connectScreen(server, { scope: BINHAI });
    const city = connectScreen(server);
    await Promise.all([heping, binhai, city].map((s) => s.until(() => s.snapshots.length > 0, 'a snapshot')));
    const ids = [...(await burst(server, 2, 30, inDistrict(HEPING))), ...(await burst(server, 2, 30, inDistrict(BINHAI)))];
    await server.post('/api/v1/positions', {
      fixes: [...inDistrict(HEPING).slice(0, 50), ...inDistrict(BINHAI).slice(0, 50)].map((g) =>
        fix(`W${g.code}`, { gridCode: g.code, lon: g.centroid[0], lat: g.centroid[1] }),
      ),
    });
    await city.until(() => city.lines.length >= 120 && city.frames.length > 0, 'all lines and a frame at the city wall');
    await heping.until(() => heping.frames.length > 0 && heping.heat.length > 0, 'a frame and heat at the Heping wall');
    await binhai.until(() => binhai.frames.length > 0 && binhai.lines.length >= 60, 'Binhai lines and a frame');
    expect(heping.lines).toHaveLength(60);
    expect(heping.lines.every((l) => l.gridCode.startsWith(HEPING))).toBe(true);
    expect(binhai.lines.every((l) => l.gridCode.startsWith(BINHAI))).toBe(true);
    expect(city.lines.filter((l) => ids.includes(l.caseId))).toHaveLength(120);
    const codeOf = (i: number) => grids.grids[i]!.code;
    expect(heping.heat.flatMap((h) => h.changes).every(([i]) => codeOf(i).startsWith(HEPING))).toBe(true);
    const roster = [...heping.snapshots[0]!.workerIds, ...heping.rosters.flatMap((r) => r.ids)];
    // the roster names only this district's workers; the others' places in the wire index are blank
    expect(roster.filter((id) => id !== '').every((id) => id.startsWith(`W${HEPING}`))).toBe(true);
    expect(roster.filter((id) => id.startsWith(`W${BINHAI}`))).toEqual([]);
    const cityRoster = [...city.snapshots[0]!.workerIds, ...city.rosters.flatMap((r) => r.ids)];
    expect(cityRoster.filter((id) => id.startsWith(`W${BINHAI}`))).toHaveLength(50);
    const framed = heping.frames.flatMap((f) => [...decodePositionFrame(f).indices]).map((i) => roster[i]!);
    expect(framed.length).toBeGreaterThan(0);
    expect(framed.every((id) => id.startsWith(`W${HEPING}`))).toBe(true);
    // a late joiner's snapshot is scoped too
    const late = connectScreen(server, { scope: HEPING });
    await late.until(() => late.snapshots.length > 0, 'the snapshot');
    const snap = late.snapshots[0]!;
    expect(snap.ticker.every((l) => l.gridCode.startsWith(HEPING))).toBe(true);
    expect(snap.heat.every(([i]) => codeOf(i).startsWith(HEPING))).toBe(true);
    expect(snap.kpis.openCases).toBe(60);
    // and a scope that is no wall's is refused
    const bad = connectScreen(server, { scope: '120199' });
    await new Promise<void>((resolve) =>
      bad.socket.once('connect_error', (err) => {
        expect(refusalError(err).message).toMatch(/^bad_handshake: scope 120199/);
        resolve();
      }),
    );
    // so are a wall that is not configured and a screen that is not on its wall
    const refusal = (screen: ReturnType<typeof connectScreen>) =>
      new Promise<string>((resolve) => screen.socket.once('connect_error', (err) => resolve(refusalError(err).message)));
    const noWall = connectScreen(server, { wall: 'lobby' });
    expect(await refusal(noWall)).toMatch(/^bad_handshake: no wall "lobby" \(the walls are demo, hall-3x2, long-screen\)/);
    const offWall = connectScreen(server, { wall: 'hall-3x2', screen: '3-1' });
    expect(await refusal(offWall)).toBe('bad_handshake: screen 3-1 is not on wall hall-3x2: its screens are 1-1 to 2-3');
    const onWall = connectScreen(server, { wall: 'hall-3x2', screen: '2-3' });
    await onWall.until(() => onWall.snapshots.length > 0, 'a snapshot on a screen of the hall wall');
    [heping, binhai, city, late, bad, noWall, offWall, onWall].forEach((s) => s.close());
  });

  it('chains every batch to the previous one of its scope, so a gap would show', async () => {
    const server = await start();
    const screen = connectScreen(server, { scope: HEPING });
    await screen.until(() => screen.snapshots.length > 0, 'a snapshot');
    await burst(server, 5, 7, inDistrict(HEPING));
    await burst(server, 3, 7, inDistrict(BINHAI)); // not this scope's: no batch, and no break in the chain
    await burst(server, 2, 7, inDistrict(HEPING));
    await screen.until(() => screen.lines.length >= 49, 'the lines');
    // the first batch follows the snapshot; each next one follows the last line of the one before
    let expectedPrev = screen.snapshots[0]!.scopeSeq;
    let received = 0;
    for (const batch of screen.batches) {
      expect(batch.prev).toBe(expectedPrev);
      received += batch.count;
      expectedPrev = screen.lines[received - 1]!.seq;
    }
    expect(received).toBe(49);
    const seqs = screen.lines.map((l) => l.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    screen.close();
  });

  it('resumes a screen that reconnects in the middle of a burst: every transition exactly once, in order', async () => {
    const server = await start();
    const first = connectScreen(server);
    await first.until(() => first.snapshots.length > 0, 'a snapshot');
    const sending = burst(server, 40, 25);
    await first.until(() => first.lines.length >= 200, 'part of the burst');
    first.close(); // cut off mid-burst
    const lastSeen = first.lines.at(-1)!.seq;
    await new Promise((r) => setTimeout(r, 100));
    const second = connectScreen(server, { lastSeq: lastSeen, logId: first.snapshots[0]!.logId });
    const ids = new Set(await sending);
    await second.until(() => second.snapshots.length > 0, 'the resume');
    expect(second.snapshots[0]!.resumedFrom).toBe(lastSeen);
    await second.until(() => seqsSeen([first, second], ids).length >= 1000, 'the whole burst', 20_000);
    const seqs = seqsSeen([first, second], ids);
    expect(seqs).toHaveLength(1000);
    expect(new Set(seqs).size).toBe(1000);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    second.close();
  });

  it('resumes across a server restart in the middle of a burst', async () => {
    const server = await start();
    const first = connectScreen(server);
    await first.until(() => first.snapshots.length > 0, 'a snapshot');
    const before = new Set(await burst(server, 10, 25));
    await first.until(() => seqsSeen([first], before).length >= 250, 'the first half');
    const lastSeen = first.lines.at(-1)!.seq;
    first.close();
    await server.stop();
    const again = await start(server.location);
    const after = new Set(await burst(again, 10, 25)); // sent while the screen is away
    const second = connectScreen(again, { lastSeq: lastSeen, logId: first.snapshots[0]!.logId });
    await second.until(() => second.snapshots.length > 0, 'the resume');
    expect(second.snapshots[0]!.resumedFrom).toBe(lastSeen);
    const more = new Set(await burst(again, 4, 25));
    const all = new Set([...before, ...after, ...more]);
    await second.until(() => seqsSeen([first, second], all).length >= 600, 'everything', 20_000);
    const seqs = seqsSeen([first, second], all);
    expect(new Set(seqs).size).toBe(600);
    expect(seqs).toHaveLength(600);
    second.close();
  });

  it('resumes only within the same log: a seq beyond it, or from another log, gets a fresh snapshot', async () => {
    const server = await start();
    await burst(server, 1, 5);
    const probe = connectScreen(server);
    await probe.until(() => probe.snapshots.length > 0, 'a snapshot');
    const { logId } = probe.snapshots[0]!;
    probe.close();
    const resumable = connectScreen(server, { lastSeq: 2, logId });
    const future = connectScreen(server, { lastSeq: 10_000_000, logId });
    const otherLog = connectScreen(server, { lastSeq: 2, logId: 'another-log' });
    await Promise.all([resumable, future, otherLog].map((s) => s.until(() => s.snapshots.length > 0, 'a snapshot')));
    expect(resumable.snapshots[0]).toMatchObject({ resumedFrom: 2, ticker: [expect.anything(), expect.anything(), expect.anything()] });
    for (const s of [future, otherLog]) {
      expect(s.snapshots[0]!.resumedFrom).toBeNull();
      expect(s.snapshots[0]!.ticker.length).toBe(5);
      s.close();
    }
    resumable.close();
  });

  it('skips a screen that stops reading, without slowing a fast one, and catches it up when it reads again', async () => {
    const server = await start();
    const fast = connectScreen(server);
    const slow = connectScreen(server);
    await Promise.all([fast, slow].map((s) => s.until(() => s.snapshots.length > 0, 'a snapshot')));
    // the slow screen stops reading its TCP socket: what the server sends piles up in buffers
    const tcp = (slow.socket.io.engine.transport as unknown as { ws: { _socket: { pause(): void; resume(): void } } }).ws._socket;
    tcp.pause();
    // random characters: the batches must stay large after deflate to outgrow the kernel's buffers
    const rng = seededRng(9);
    const long = () => Array.from({ length: 300 }, () => String.fromCharCode(0x4e00 + Math.floor(rng() * 20_000))).join('');
    const ids: string[] = [];
    for (let b = 0; b < 60; b++) {
      // 30,000 transitions of about 1 KB each: far more than the kernel buffers hold
      const events = Array.from({ length: 500 }, (_, i) =>
        reported(uniqueId('SL'), { gridCode: grids.grids[(b * 500 + i) % grids.grids.length]!.code, at: now(), summary: long() }),
      );
      expect((await server.post('/api/v1/events', { events })).status).toBe(200);
      ids.push(...events.map((e) => e.caseId));
    }
    const all = new Set(ids);
    const kpisBefore = fast.kpis.length;
    // waits last as long as the screens keep receiving: a busy machine slows the flow, not its end
    await fast.untilReached(() => seqsSeen([fast], all).length, 30_000, 'the fast screen gets everything', 30_000);
    await fast.until(() => fast.kpis.length >= kpisBefore + 2, 'heartbeats keep coming to the fast screen');
    const skipped = async () => Number(/gridwall_screens_skipped_total (\d+)/.exec(await (await fetch(`${server.url}/metrics`)).text())?.[1] ?? 0);
    await expect.poll(skipped, { timeout: 10_000 }).toBeGreaterThan(0);
    const slowSoFar = seqsSeen([slow], all).length;
    expect(slowSoFar).toBeLessThan(30_000); // it really was behind
    tcp.resume();
    await slow.untilReached(() => seqsSeen([slow], all).length, 30_000, 'the slow screen catches up', 30_000);
    const seqs = seqsSeen([slow], all);
    expect(new Set(seqs).size).toBe(30_000); // transitions were queued, never dropped, never doubled
    // once drained, it gets a fresh state (a snapshot that resumes from where it is: nothing missed)
    await slow.until(() => slow.snapshots.length >= 2, 'a fresh state', 30_000);
    expect(slow.snapshots.at(-1)!.resumedFrom).not.toBeNull();
    fast.close();
    slow.close();
  }, 600_000); // a safety net only: each wait above fails on its own when nothing moves for 30 s
});
