// Fault: one screen stops reading (its TCP proxy stops forwarding server -> client) during an
// ingest burst while another screen reads normally. Proves: ingest acknowledges every batch
// throughout the stall; the reading screen receives every transition while the other is still
// stalled (it is not held back by it: checked before the stall ends, no clock involved); the server
// notices the stalled screen and skips it on the ticks (the skipped-screens metric) instead of
// queuing heat and KPI ticks for it; after the stall the stalled screen gets every transition
// exactly once in order (or a fresh snapshot) and both converge to a recomputation from the log.
import { afterAll, describe, expect, it } from 'vitest';
import { seededRng } from '../../shared/seededRng.ts';
import { grids, reported, uniqueId } from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.ts';
import { expectEveryTransitionOnce, expectScreenConverges } from './lib/logChecks.ts';
import { connectResumingScreen, type ResumingScreen } from './lib/resumingScreen.ts';

describe('a stalled client', () => {
  let server: TestServer;
  const proxies: TcpProxy[] = [];
  const screens: ResumingScreen[] = [];
  afterAll(async () => {
    screens.forEach((s) => s.close());
    for (const p of proxies) await p.close();
    await server?.dispose();
  });

  const skipped = async () => {
    const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${server.secrets.adminToken}` } })).text();
    return Number(/gridwall_screens_skipped_total (\d+)/.exec(text)?.[1] ?? 0);
  };

  it('does not slow the other screen or ingest, and catches the stalled one up', async () => {
    server = await startTestServer({ engine: 'sqlite' });
    const [stalledProxy, readingProxy] = [await startTcpProxy(server.port), await startTcpProxy(server.port)];
    proxies.push(stalledProxy, readingProxy);
    const stalled = connectResumingScreen(stalledProxy.url, server.secrets.screenToken);
    const reading = connectResumingScreen(readingProxy.url, server.secrets.screenToken);
    screens.push(stalled, reading);
    await Promise.all(screens.map((s) => s.until(() => s.snapshots.length > 0 && s.kpis !== null, 'its snapshot and a heartbeat')));

    stalledProxy.pause();
    const bytesAtStall = stalledProxy.bytes.toClient;
    // random characters: the batches stay large after deflate, so the stalled screen's backlog outgrows the kernel's buffers
    const rng = seededRng(8);
    const long = () => Array.from({ length: 300 }, () => String.fromCharCode(0x4e00 + Math.floor(rng() * 20_000))).join('');
    let lastSeq = 0;
    let batches = 0;
    // until the server reports the stalled screen skipped (bounded: 40 batches of 500 are ~20 MB of transitions)
    while ((await skipped()) === 0) {
      expect(batches, 'the stalled screen was never skipped').toBeLessThan(40);
      const events = Array.from({ length: 500 }, (_, i) =>
        reported(uniqueId('STALL'), { gridCode: grids.grids[(batches * 500 + i) % grids.grids.length]!.code, summary: long() }),
      );
      const res = await server.post('/api/v1/events', { events });
      expect(res.status).toBe(200); // ingest acknowledges throughout the stall
      lastSeq = res.body.lastSeq;
      batches += 1;
    }
    // the reading screen has all of it while the other is still stalled
    await reading.until(() => reading.seq() >= lastSeq, 'every transition during the stall');
    const heartbeats = reading.kpiCount;
    await reading.until(() => reading.kpiCount >= heartbeats + 2, 'heartbeats during the stall');
    expect(stalled.seq()).toBeLessThan(lastSeq); // it really was behind
    // what reached the stalled screen during the stall: nothing after the proxy stopped reading
    expect(stalledProxy.bytes.toClient - bytesAtStall).toBeLessThan(64 * 1024);

    stalledProxy.resume();
    const store = await server.openStore();
    const log = await store.log.readEvents(0, 1_000_000);
    await store.close();
    expect(log.at(-1)!.seq).toBe(lastSeq);
    for (const s of screens) {
      await expectScreenConverges(s, log, 30_000);
      expectEveryTransitionOnce(s, log);
    }
    expect(reading.snapshots).toHaveLength(1); // never needed anything but its transitions
  });
});
