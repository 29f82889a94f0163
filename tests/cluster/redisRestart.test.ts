// Redis killed mid-ingest and started again, empty (a private redis-server of the test's own; the
// machine's shared Redis is never touched). Proves: while Redis is away ingest is still acknowledged
// (the log is PostgreSQL; publishing never waits on Redis), the nodes say they are degraded, and each
// node still shows the other's commits, read from PostgreSQL; once Redis is back the nodes reconnect
// by themselves and the stream carries the commits again; every screen saw every transition once and
// ends with the log's aggregates.
import { afterAll, describe, expect, it } from 'vitest';
import { busRoads, clusterUnavailable, health, readClusterLog, startCluster, waitFor, type Cluster } from '../support/cluster.ts';
import { expectAcknowledgedStored, expectEveryTransitionOnce, expectScreenConverges, type SentBatch } from '../faults/lib/logChecks.ts';
import { connectResumingScreen } from '../faults/lib/resumingScreen.ts';
import { runSenders } from '../faults/lib/senders.ts';
import { startPrivateRedis, type PrivateRedis } from './lib/privateRedis.ts';

const skipped = (await clusterUnavailable()) ?? null;
const redis = skipped ? { skipped } : await startPrivateRedis();
if ('skipped' in redis) console.warn(redis.skipped);

const roads = busRoads;

describe.skipIf('skipped' in redis)('Redis restarted mid-ingest', () => {
  const r = redis as PrivateRedis;
  let cluster: Cluster | undefined;
  afterAll(async () => {
    await cluster?.destroy();
    await r.destroy();
  });

  it("ingest goes on while it is away, the nodes read each other's commits from PostgreSQL, and recover when it is back", async () => {
    const c = (cluster = await startCluster(2, { redisUrl: r.url }));
    const [a, b] = c.nodes as [(typeof c.nodes)[0], (typeof c.nodes)[0]];
    const screens = [connectResumingScreen(a.url, c.tokens.screenToken), connectResumingScreen(b.url, c.tokens.screenToken)];
    await Promise.all(screens.map((s) => s.until(() => s.snapshots.length > 0, 'its first snapshot')));

    const sent: SentBatch[] = [];
    let acks = 0;
    let stopped = false;
    // everything is posted to node A: node B's screen shows it only through the bus or the log
    const senders = runSenders({
      url: () => a.url,
      key: c.tokens.ingestKey,
      senders: 4,
      prefix: 'REDIS',
      sent,
      stop: () => stopped,
      onAck: () => void (acks += 1),
    });
    await waitFor(() => acks >= 40, '40 acknowledgements');
    const streamedBefore = (await roads(b.url)).stream ?? 0;
    expect(streamedBefore, "node B got node A's commits over the stream").toBeGreaterThan(0);

    await r.kill();
    await waitFor(async () => (await health(b.url)).status === 'degraded' && (await health(a.url)).status === 'degraded', 'both nodes degraded');
    const atKill = acks;
    await waitFor(() => acks >= atKill + 40, '40 acknowledgements while Redis is away');
    // node B's screen follows node A's commits all the same: read from PostgreSQL
    const whileAway = await readClusterLog(c.schema);
    await screens[1]!.until(() => screens[1]!.seq() >= whileAway.at(-1)!.seq, "node A's commits made while Redis was away");
    const fromStoreWhileAway = (await roads(b.url)).store ?? 0;
    expect(fromStoreWhileAway).toBeGreaterThan(0);

    await r.start();
    await waitFor(async () => (await health(a.url)).status === 'ok' && (await health(b.url)).status === 'ok', 'both nodes connected again');
    const streamedAtRestart = (await roads(b.url)).stream ?? 0;
    const atRestart = acks;
    await waitFor(() => acks >= atRestart + 40, '40 acknowledgements after Redis is back');
    stopped = true;
    await senders;
    // the stream carries the commits again (not only the log reads)
    await waitFor(async () => ((await roads(b.url)).stream ?? 0) > streamedAtRestart, 'commits over the new stream');

    expect(
      sent.every((batch) => batch.acked),
      'every batch acknowledged, Redis or not',
    ).toBe(true);
    const log = await readClusterLog(c.schema);
    expectAcknowledgedStored(log, sent);
    for (const screen of screens) {
      await expectScreenConverges(screen, log);
      expectEveryTransitionOnce(screen, log);
      expect(screen.snapshots.filter((s) => s.resumedFrom === null)).toHaveLength(1);
    }
    const total = await roads(b.url);
    expect((total.local ?? 0) + (total.stream ?? 0) + (total.store ?? 0), 'each event applied once on node B').toBe(log.length);
  }, 180_000);
});
