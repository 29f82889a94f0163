// Fault: the server process is killed with SIGKILL in the middle of ingest (concurrent senders, a
// screen connected through a TCP proxy that follows it to its new port) and restarted on the same
// data folder (or PostgreSQL schema). Proves, on both engines: every acknowledged event is in the
// log exactly once and no batch is stored in part; sending the unacknowledged batches again is
// idempotent (each is counted whole, as stored or as duplicates); and the screen, reconnecting by
// itself with its last seq and log id, gets every transition exactly once in order (or a fresh
// snapshot covering what it missed) and converges to the log: KPIs, heat, open cases.
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, dropStore, newStoreLocation, openStoreAt, type StoreLocation } from '../support/engines.ts';
import { killHard, spawnServer, type ServerProcess } from '../support/serverProcess.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.ts';
import { expectAcknowledgedStored, expectEveryTransitionOnce, expectScreenConverges, type SentBatch } from './lib/logChecks.ts';
import { connectResumingScreen } from './lib/resumingScreen.ts';
import { resendUnacknowledged, runSenders } from './lib/senders.ts';
import { faultTokens } from './lib/tokens.ts';

const portOf = (url: string) => Number(new URL(url).port);

describe.each(ENGINES)('SIGKILL mid-ingest and restart on %s', (engine) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  });

  it('loses nothing acknowledged, re-sends idempotently, and the screen converges', async () => {
    const location: StoreLocation = newStoreLocation(engine);
    const tokens = faultTokens();
    const env = { ...location.env, ...tokens.env };
    let server: ServerProcess = await spawnServer(location.dataDir, env);
    const proxy: TcpProxy = await startTcpProxy(portOf(server.url));
    let current = server;
    cleanup.push(
      () => dropStore(location),
      () => proxy.close(),
      async () => {
        if (current.child.exitCode === null) await killHard(current);
      },
    );
    const screen = connectResumingScreen(proxy.url, tokens.screenToken);
    cleanup.push(async () => screen.close());
    await screen.until(() => screen.snapshots.length > 0, 'its first snapshot');

    const sent: SentBatch[] = [];
    let acks = 0;
    let killed = false;
    await runSenders({
      url: () => server.url,
      key: tokens.ingestKey,
      senders: 6,
      prefix: `KILL${engine[0]}`,
      sent,
      stop: () => killed,
      onAck: async () => {
        acks += 1;
        if (acks === 60 && !killed) {
          killed = true;
          await killHard(server); // the other senders are mid-request
        }
      },
    });
    const acknowledged = sent.filter((b) => b.acked).length;
    expect(acknowledged).toBeGreaterThanOrEqual(60);

    // restarted on the same store, with the same tokens; the proxy sends the screen to it
    server = await spawnServer(location.dataDir, env);
    current = server;
    proxy.retarget(portOf(server.url));

    const store = await openStoreAt(location);
    try {
      expectAcknowledgedStored(await store.log.readEvents(0, 1_000_000), sent);
      // the batches in flight at the kill: each stored whole or not at all, and idempotent on a re-send
      const resent = await resendUnacknowledged(server.url, tokens.ingestKey, sent);
      expect(resent.stored + resent.duplicate).toBe(sent.length - acknowledged);
      // acknowledged ones sent again are duplicates, stored nothing
      expect(
        await resendUnacknowledged(
          server.url,
          tokens.ingestKey,
          sent.slice(0, 3).map((b) => ({ ...b, acked: false })),
        ),
      ).toEqual({ stored: 0, duplicate: 3 });
      const log = await store.log.readEvents(0, 1_000_000);
      expectAcknowledgedStored(log, sent);
      expect(log).toHaveLength(sent.reduce((n, b) => n + b.events.length, 0));

      await expectScreenConverges(screen, log);
      expectEveryTransitionOnce(screen, log);
      expect(screen.connects).toBeGreaterThanOrEqual(2); // it did lose the server and come back
    } finally {
      await store.close();
    }
  });
});
