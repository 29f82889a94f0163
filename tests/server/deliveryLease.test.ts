// The webhook delivery lease on a real Redis: one node holds it, a second waits; the holder's stop
// hands it over without waiting for it to lapse; a holder that dies (its connection gone, no
// release) gives it up locally before Redis lets it lapse, so at no moment do two nodes deliver.
// Skipped without Redis, except under CI=true.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { connectRedis, type RedisClient } from '../../server/redis/redisClient.ts';
import { LEASE_TTL_MS, redisLease, type DeliveryLease } from '../../server/webhooks/deliveryLease.ts';
import { REDIS_URL, redisUnreachable, waitFor } from '../support/cluster.ts';

const skipped = await redisUnreachable(REDIS_URL);
if (skipped && process.env.CI === 'true') throw new Error(`CI=true and ${skipped}`);
if (skipped) console.warn(`skipped: ${skipped}`);

describe.skipIf(skipped !== null)('the webhook delivery lease', () => {
  const prefix = `lease_${process.pid}_${randomBytes(3).toString('hex')}`;
  const opened: { client: RedisClient; lease: DeliveryLease }[] = [];
  afterEach(async () => {
    for (const { client, lease } of opened.splice(0)) {
      await lease.stop().catch(() => undefined);
      await client.close().catch(() => undefined);
    }
  });
  const node = async (name: string, test: string) => {
    const client = await connectRedis(REDIS_URL, { offlineQueue: true });
    const changes: boolean[] = [];
    const lease = redisLease({ client, prefix: `${prefix}_${test}`, node: name, warn: () => undefined });
    lease.onChange((held) => changes.push(held));
    opened.push({ client, lease });
    return { client, lease, changes };
  };

  it('is held by one node; a stopping holder hands it over without waiting for it to lapse', async () => {
    const a = await node('a', 'handover');
    a.lease.start();
    await waitFor(() => a.lease.held(), 'a holding the lease', 5000);
    const b = await node('b', 'handover');
    b.lease.start();
    await new Promise((r) => setTimeout(r, 500));
    expect(b.lease.held()).toBe(false);
    await a.lease.stop();
    expect(a.lease.held()).toBe(false);
    await waitFor(() => b.lease.held(), 'b taking over', 5000);
    expect(a.changes).toEqual([true, false]);
    expect(b.changes).toEqual([true]);
  });

  it('of a holder that dies lapses, and the other takes it over, never both holding at once', async () => {
    const a = await node('a', 'lapse');
    a.lease.start();
    await waitFor(() => a.lease.held(), 'a holding the lease', 5000);
    const b = await node('b', 'lapse');
    b.lease.start();
    const died = Date.now();
    a.client.destroy(); // no release, no more renewals: as a node killed with SIGKILL (its process would be gone too)
    let both = 0;
    await waitFor(
      () => {
        if (a.lease.held() && b.lease.held()) both += 1;
        return b.lease.held();
      },
      'b taking over',
      LEASE_TTL_MS + 8000,
    );
    expect(both).toBe(0);
    expect(a.lease.held()).toBe(false);
    // not before the lease could have lapsed in Redis
    expect(Date.now() - died).toBeGreaterThanOrEqual(LEASE_TTL_MS - 3000);
  }, 30_000);
});
