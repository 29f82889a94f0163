// Fault: the network drops in the middle of an ingest burst. Two screens (the city, and a district
// whose batches chain by their own `prev`) and the senders all go through a TCP proxy that cuts
// every connection several times while the burst runs; the screens reconnect by themselves with
// their last seq and log id, as the browser does, and the senders send again what was not
// acknowledged. Proves: nothing acknowledged is lost and the re-sends are idempotent; each screen
// got every transition of its scope exactly once, in order (or a fresh snapshot covered the gap);
// the city screen's heat, KPIs and open cases equal a recomputation from the log.
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.ts';
import { expectAcknowledgedStored, expectEveryTransitionOnce, expectScreenConverges, type SentBatch } from './lib/logChecks.ts';
import { connectResumingScreen, type ResumingScreen } from './lib/resumingScreen.ts';
import { resendUnacknowledged, runSenders } from './lib/senders.ts';

const DISTRICT = '120101';

describe('network drops mid-burst', () => {
  let server: TestServer;
  let proxy: TcpProxy;
  const screens: ResumingScreen[] = [];
  afterAll(async () => {
    screens.forEach((s) => s.close());
    await proxy?.close();
    await server?.dispose();
  });

  it('delivers every transition exactly once across cuts, and the aggregates converge', async () => {
    server = await startTestServer({ engine: 'sqlite' });
    proxy = await startTcpProxy(server.port);
    const city = connectResumingScreen(proxy.url, server.secrets.screenToken);
    const district = connectResumingScreen(proxy.url, server.secrets.screenToken, { scope: DISTRICT });
    screens.push(city, district);
    await Promise.all(screens.map((s) => s.until(() => s.snapshots.length > 0, 'its first snapshot')));

    const sent: SentBatch[] = [];
    let acks = 0;
    let cuts = 0;
    const failed = { count: 0 };
    await runSenders({
      url: () => proxy.url,
      key: server.secrets.ingestKey,
      senders: 4,
      prefix: 'NET',
      sent,
      stop: () => acks >= 240 && cuts === 5,
      onResult: (r) => {
        if (r.status === 'failed') failed.count += 1;
      },
      onAck: () => {
        acks += 1;
        // five cuts, spread over the burst, each while requests and pushes are in flight and both screens are connected
        if (acks >= 40 * (cuts + 1) && cuts < 5 && screens.every((s) => s.socket.connected)) {
          cuts += 1;
          proxy.cut();
        }
      },
    });
    expect(cuts).toBe(5);
    expect(failed.count).toBeGreaterThan(0); // requests were cut off too: unacknowledged, sent again below
    await resendUnacknowledged(proxy.url, server.secrets.ingestKey, sent);

    const store = await server.openStore();
    const log = await store.log.readEvents(0, 1_000_000);
    await store.close();
    expectAcknowledgedStored(log, sent);
    expect(log).toHaveLength(sent.reduce((n, b) => n + b.events.length, 0));

    await expectScreenConverges(city, log);
    expectEveryTransitionOnce(city, log);
    const gridOf = new Map(log.flatMap((e) => (e.event.type === 'reported' ? [[e.event.caseId, e.event.gridCode ?? '']] : [])));
    const inDistrict = log.filter((e) => gridOf.get(e.event.caseId)!.startsWith(DISTRICT));
    expect(inDistrict.length).toBeGreaterThan(0);
    await district.until(() => district.seq() >= (inDistrict.at(-1)?.seq ?? 0), 'the last transition of its district');
    expectEveryTransitionOnce(
      district,
      log.filter((e) => inDistrict.includes(e)),
    );
    // each screen really lost its connection every time and came back by itself
    for (const s of screens) expect(s.connects).toBeGreaterThanOrEqual(1 + cuts);
  });
});
