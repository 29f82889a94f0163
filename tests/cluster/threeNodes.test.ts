// Scale-out with real processes: three nodes on one PostgreSQL log and one Redis (loopback), each
// its own OS process. Ingest is spread over all three at once and screens sit on different nodes:
// every screen must see every transition exactly once, in log order, with the same heat and KPIs as
// a recomputation from PostgreSQL; what one node is told (positions, a presenter's command, a key
// revoked) reaches the screens and consoles of the others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fix, grids } from '../support/factories.ts';
import { connectPhone, send, watch, welcomed } from '../support/devicePhone.ts';
import { busRoads, clusterUnavailable, health, readClusterLog, startCluster, type Cluster } from '../support/cluster.ts';
import { connectConsole, connectScreen } from '../support/testServer.ts';
import { expectAcknowledgedStored, expectEveryTransitionOnce, expectScreenConverges, type SentBatch } from '../faults/lib/logChecks.ts';
import { connectResumingScreen, type ResumingScreen } from '../faults/lib/resumingScreen.ts';
import { batchFor, postEvents, runSenders } from '../faults/lib/senders.ts';

const skipped = await clusterUnavailable();
if (skipped) console.warn(skipped);

const roads = busRoads;

describe.skipIf(skipped !== null)('three nodes on PostgreSQL and Redis', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    // behind a proxy on loopback: a test can speak for other client addresses (X-Forwarded-For)
    cluster = await startCluster(3, { env: { TRUST_PROXY: 'loopback', DEVICE_OFFLINE_AFTER_S: '10' } });
  }, 120_000);
  afterAll(async () => {
    await cluster?.destroy();
  });
  const secretsOf = (i: number) => ({ url: cluster.nodes[i]!.url, secrets: cluster.tokens });

  it('ingest spread over every node: every screen on every node sees every transition once, and the aggregates of the log', async () => {
    const screens: ResumingScreen[] = cluster.nodes.flatMap((n) => [
      connectResumingScreen(n.url, cluster.tokens.screenToken),
      connectResumingScreen(n.url, cluster.tokens.screenToken, { wall: 'hall-3x2', screen: '2-3' }),
    ]);
    await Promise.all(screens.map((s) => s.until(() => s.snapshots.length > 0, 'its first snapshot')));

    const sent: SentBatch[] = [];
    let turn = 0;
    let acks = 0;
    // six senders at once, each request to the next node: commits on different nodes race each other
    await runSenders({
      url: () => cluster.nodes[turn++ % 3]!.url,
      key: cluster.tokens.ingestKey,
      senders: 6,
      prefix: 'C3',
      sent,
      stop: () => acks >= 150,
      onAck: () => void (acks += 1),
    });
    expect(
      sent.every((b) => b.acked),
      'every batch acknowledged',
    ).toBe(true);

    const log = await readClusterLog(cluster.schema);
    expectAcknowledgedStored(log, sent);
    for (const screen of screens) {
      await expectScreenConverges(screen, log);
      expectEveryTransitionOnce(screen, log);
      // resumed or not, the screen saw the whole burst line by line: no fresh snapshot covered a part of it
      expect(screen.snapshots.filter((s) => s.resumedFrom === null)).toHaveLength(1);
    }
    // every node folded the whole log, and the other nodes' commits came over the stream
    for (const node of cluster.nodes) {
      expect(await health(node.url)).toMatchObject({ status: 'ok', seq: log.at(-1)!.seq, bus: { kind: 'redis', connected: true } });
      const r = await roads(node.url);
      expect(r.local, 'its own commits').toBeGreaterThan(0);
      expect(r.stream, "other nodes' commits over the Redis stream").toBeGreaterThan(0);
      expect((r.local ?? 0) + (r.stream ?? 0) + (r.store ?? 0), 'each event applied once').toBe(log.length);
    }
    screens.forEach((s) => s.close());
  }, 120_000);

  it('a batch sent to two nodes at once (a retry that overtakes itself) is stored once, and both are answered', async () => {
    const races = Array.from({ length: 20 }, (_, n) => batchFor(n, 'RACE'));
    const answers = await Promise.all(
      races.flatMap((events) => [
        postEvents(cluster.nodes[0]!.url, cluster.tokens.ingestKey, events),
        postEvents(cluster.nodes[1]!.url, cluster.tokens.ingestKey, events),
      ]),
    );
    expect(
      answers.filter((a) => a.status !== 200).map((a) => JSON.stringify(a.body).slice(0, 300)),
      'every answer a success',
    ).toEqual([]);
    for (const [i, events] of races.entries()) {
      const [one, two] = [answers[2 * i]!.body, answers[2 * i + 1]!.body] as { stored: number; duplicates: string[] }[];
      // all or nothing on each side: one stored the batch, the other found it stored
      expect([one!.stored, two!.stored].sort()).toEqual([0, events.length]);
      expect(one!.stored + one!.duplicates.length).toBe(events.length);
    }
    const log = await readClusterLog(cluster.schema);
    const ids = log.map((e) => e.event.eventId);
    expect(ids.length).toBe(new Set(ids).size);
  }, 60_000);

  it("positions sent to one node move the workers on every node's screens", async () => {
    const far = connectScreen(secretsOf(2));
    await far.until(() => far.kpis.length > 0, 'its KPIs');
    const workers = ['CW-1', 'CW-2', 'CW-3', 'CW-4', 'CW-5'];
    const res = await fetch(`${cluster.nodes[0]!.url}/api/v1/positions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${cluster.tokens.ingestKey}` },
      body: JSON.stringify({ fixes: workers.map((w) => fix(w)) }),
    });
    expect(res.status).toBe(200);
    await far.until(() => far.kpis.at(-1)!.workersOnline === workers.length, 'the five workers online', 20_000);
    far.close();
  }, 60_000);

  it("a command on one node reaches the screens and consoles of the others; the consoles see every node's screens", async () => {
    const screenOn2 = connectScreen(secretsOf(1), { wall: 'hall-3x2', screen: '1-2' });
    const screenOn3 = connectScreen(secretsOf(2), { wall: 'hall-3x2', screen: '2-1' });
    await Promise.all([screenOn2, screenOn3].map((s) => s.until(() => s.wallStates.length > 0, 'the wall state')));
    const presenter = connectConsole(secretsOf(0));
    const watcher = connectConsole(secretsOf(2), { name: '值班员' });
    await Promise.all([presenter, watcher].map((c) => c.until(() => c.states.length > 0, 'the wall state')));
    // the console on node 1 lists the screens connected to nodes 2 and 3 (each node's own, gathered through Redis)
    await presenter.until(() => ['1-2', '2-1'].every((id) => presenter.screens.at(-1)?.some((p) => p.screen === id)), 'screens 1-2 and 2-1 present');

    const before = presenter.states.at(-1)!.version;
    const result = await presenter.send({ type: 'scene', scene: 'hongqiao' });
    expect(result).toMatchObject({ ok: true });
    for (const s of [screenOn2, screenOn3]) await s.until(() => s.wallStates.at(-1)!.version === before + 1, 'the new wall state');
    expect(screenOn3.wallStates.at(-1)).toEqual(presenter.states.at(-1));
    // the other node's console sees the state and the command's log entry
    await watcher.until(
      () => watcher.states.at(-1)!.version === before + 1 && watcher.log.some((e) => e.command.type === 'scene' && e.ok),
      'the command and its state',
    );
    // a screen that connects afterwards to a third node shows the same
    const late = connectScreen(secretsOf(1), { wall: 'hall-3x2', screen: '1-1' });
    await late.until(() => late.wallStates.length > 0, 'the wall state');
    expect(late.wallStates[0]).toEqual(presenter.states.at(-1));
    // a screen leaving node 3 leaves the list on node 1
    screenOn3.close();
    await presenter.until(() => !presenter.screens.at(-1)!.some((p) => p.screen === '2-1'), 'screen 2-1 gone');
    for (const c of [screenOn2, late, presenter, watcher]) c.close();
  }, 60_000);

  it('two presenters on two nodes command one wall at once: one order of states, the same on every node', async () => {
    const screen = connectScreen(secretsOf(2), { wall: 'hall-3x2', screen: '1-3' });
    const one = connectConsole(secretsOf(0), { name: '主持人甲' });
    const two = connectConsole(secretsOf(1), { name: '主持人乙' });
    await Promise.all([one, two].map((c) => c.until(() => c.states.length > 0, 'the wall state')));
    await screen.until(() => screen.wallStates.length > 0, 'the wall state');
    const start = one.states.at(-1)!.version;
    const metrics = ['open', 'newLastHour', 'overdue'];
    // ten commands from each console, fired together
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? two : one).send({ type: 'heatMetric', metric: metrics[i % 3] })));
    const accepted = results
      .filter((r) => r.ok)
      .map((r) => (r as { state: { version: number } }).state.version)
      .sort((a, b) => a - b);
    // every accepted command made a version of its own: none was made twice from one state
    expect(accepted).toEqual(Array.from({ length: accepted.length }, (_, i) => start + 1 + i));
    expect(
      results
        .filter((r) => !r.ok)
        .map((r) => (r as { code: string }).code)
        .every((code) => code === 'busy'),
    ).toBe(true);
    const last = start + accepted.length;
    for (const c of [one, two]) await c.until(() => c.states.at(-1)!.version === last, `version ${last}`);
    await screen.until(() => screen.wallStates.at(-1)!.version === last, `version ${last}`);
    expect(two.states.at(-1)).toEqual(one.states.at(-1));
    expect(screen.wallStates.at(-1)).toEqual(one.states.at(-1));
    for (const c of [screen, one, two]) c.close();
  }, 60_000);

  it("a playback started on one node plays on every node's screens", async () => {
    const screens = [connectScreen(secretsOf(1), { wall: 'hall-3x2', screen: '1-1' }), connectScreen(secretsOf(2), { wall: 'hall-3x2', screen: '2-2' })];
    await Promise.all(screens.map((s) => s.until(() => s.snapshots.length > 0, 'a snapshot')));
    const presenter = connectConsole(secretsOf(0));
    await presenter.until(() => presenter.states.length > 0, 'the wall state');
    const from = Date.now() - 3_600_000;
    expect(await presenter.send({ type: 'playback', from, to: Date.now() - 60_000, speed: 1 })).toMatchObject({ ok: true });
    for (const s of screens) await s.until(() => s.snapshots.some((x) => x.playbackAt !== null), 'a playback snapshot', 20_000);
    expect(await presenter.send({ type: 'live' })).toMatchObject({ ok: true });
    for (const s of screens) await s.until(() => s.snapshots.at(-1)!.playbackAt === null, 'a live snapshot', 20_000);
    for (const c of [...screens, presenter]) c.close();
  }, 60_000);

  it("a worker's phone on one node: the screens of the others see him on patrol, off duty, and offline when it falls silent", async () => {
    const admin = { authorization: `Bearer ${cluster.tokens.adminToken}`, 'content-type': 'application/json' };
    const workerId = `W${grids.grids[5]!.code}`;
    const made = (await (
      await fetch(`${cluster.nodes[0]!.url}/api/v1/admin/keys`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ role: 'device', label: '手机', worker: workerId }),
      })
    ).json()) as { token: string };
    const far = connectScreen(secretsOf(2));
    await far.until(() => far.snapshots.length > 0, 'its snapshot', 20_000);
    const worker = watch(far, workerId);
    const phone = connectPhone(cluster.nodes[1]!.url, made.token);
    await welcomed(phone);
    const [lon, lat] = grids.grids[5]!.centroid;
    expect(await send(phone, 'fixes', { fixes: [{ lon, lat, at: new Date().toISOString() }] })).toMatchObject({ ok: true, result: { live: 1 } });
    await far.until(() => worker.state() === 'patrolling', 'the worker patrolling', 20_000);
    expect(await send(phone, 'patrol', { action: 'stop', at: new Date().toISOString() })).toMatchObject({ ok: true });
    await far.until(() => worker.state() === 'off_duty', 'the worker off duty', 20_000);
    expect(await send(phone, 'patrol', { action: 'start', at: new Date().toISOString() })).toMatchObject({ ok: true });
    await far.until(() => worker.state() === 'patrolling', 'the worker on patrol again', 20_000);
    phone.close();
    // DEVICE_OFFLINE_AFTER_S=10 on these nodes: the phone's silence is judged on every node
    await far.until(() => worker.state() === 'offline', 'the worker offline', 40_000);
    far.close();
  }, 90_000);

  it('a key revoked on one node closes its sockets on the others', async () => {
    const admin = { authorization: `Bearer ${cluster.tokens.adminToken}`, 'content-type': 'application/json' };
    const made = (await (
      await fetch(`${cluster.nodes[0]!.url}/api/v1/admin/keys`, { method: 'POST', headers: admin, body: JSON.stringify({ role: 'screen', label: '二号屏' }) })
    ).json()) as { key: { id: string }; token: string };
    // the key made on node 1 opens a screen on node 3
    const screen = connectScreen(secretsOf(2), { token: made.token });
    const ended = new Promise<{ reason: string }>((resolve) => screen.socket.on('accessEnded', resolve));
    await screen.until(() => screen.snapshots.length > 0, 'its snapshot', 20_000);
    const revoked = await fetch(`${cluster.nodes[0]!.url}/api/v1/admin/keys/${made.key.id}`, { method: 'DELETE', headers: admin });
    expect(revoked.status).toBe(200);
    expect(await ended).toMatchObject({ reason: 'revoked' });
    // and node 2 refuses the token too
    const again = connectScreen(secretsOf(1), { token: made.token });
    await expect(again.until(() => again.snapshots.length > 0, 'a snapshot', 20_000)).rejects.toThrow(/revoked/);
    again.close();
  }, 60_000);

  it('refused tokens are counted once for all nodes: an address over its allowance is throttled by every node, its valid keys still let in', async () => {
    const from = { 'x-forwarded-for': '203.0.113.50' };
    const statuses: number[] = [];
    // 40 wrong tokens from one address, spread over two nodes: the allowance is 30 a minute in all
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${cluster.nodes[i % 2]!.url}/api/v1/kpis`, {
        headers: { ...from, authorization: `Bearer sk_wrong_${i}_xxxxxxxxxxxxxxxxxxxxxx` },
      });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(30);
    expect(statuses.slice(30).every((s) => s === 429)).toBe(true);
    // the third node, which saw none of them, refuses that address's next wrong token too
    const third = await fetch(`${cluster.nodes[2]!.url}/api/v1/kpis`, { headers: { ...from, authorization: 'Bearer sk_wrong_x_xxxxxxxxxxxxxxxxxxxxxx' } });
    expect(third.status).toBe(429);
    // while a valid key from the same address (an office behind one NAT) is let in on every node
    for (const node of cluster.nodes)
      expect((await fetch(`${node.url}/api/v1/kpis`, { headers: { ...from, authorization: `Bearer ${cluster.tokens.screenToken}` } })).status).toBe(200);
    // another address is not affected
    const other = await fetch(`${cluster.nodes[2]!.url}/api/v1/kpis`, {
      headers: { 'x-forwarded-for': '203.0.113.51', authorization: `Bearer ${cluster.tokens.screenToken}` },
    });
    expect(other.status).toBe(200);
  }, 60_000);
});
