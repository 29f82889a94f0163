// Invariant 1: an ingest that was acknowledged is durable, even if the process is killed with
// SIGKILL right after the acknowledgement while other requests are still in flight.
import { describe, expect, it } from 'vitest';
import { ENGINES, dropStore, newStoreLocation, openStoreAt } from '../support/engines.ts';
import { closedCase, uniqueId } from '../support/factories.ts';
import { keysEnv, killHard, spawnServer } from '../support/serverProcess.ts';

describe.each(ENGINES)('crash durability on %s', (engine) => {
  it('loses no acknowledged event when the server is killed -9 mid-stream', async () => {
    const location = newStoreLocation(engine);
    const server = await spawnServer(location.dataDir, location.env);
    const acknowledged: string[] = [];
    let killed = false;
    const send = async (caseId: string) => {
      try {
        const res = await fetch(`${server.url}/api/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${server.ingestKey}` },
          body: JSON.stringify({ events: closedCase(caseId) }), // 7 events in one batch: all or none
        });
        if (res.ok) acknowledged.push(caseId);
      } catch {
        // refused or cut off by the kill: not acknowledged, so it may or may not be stored
      }
    };
    // Eight concurrent senders; the kill comes right after the 150th acknowledgement.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (!killed) {
          await send(uniqueId('CRASH'));
          if (acknowledged.length >= 150 && !killed) {
            killed = true;
            await killHard(server);
          }
        }
      }),
    );
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);

    const store = await openStoreAt(location);
    const events = await store.log.readEvents(0, 100_000);
    await store.close();
    const perCase = new Map<string, number>();
    for (const e of events) perCase.set(e.event.caseId, (perCase.get(e.event.caseId) ?? 0) + 1);
    const stored = new Set(perCase.keys());
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    // no batch is half-applied: every stored case has all seven of its events
    expect([...perCase.values()].filter((n) => n !== 7)).toEqual([]);

    // and the restarted server serves them
    const again = await spawnServer(location.dataDir, { ...location.env, ...keysEnv(server) });
    const health = await (await fetch(`${again.url}/healthz`)).json();
    expect(health.seq).toBe(
      Math.max(
        ...(await (async () => {
          const s = await openStoreAt(location);
          try {
            return (await s.log.readEvents(0, 100_000)).map((e) => e.seq);
          } finally {
            await s.close();
          }
        })()),
      ),
    );
    await killHard(again);
    await dropStore(location);
  });
});
