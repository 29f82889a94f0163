// Invariant 1: an ingest that was acknowledged is durable, even if the process is killed with
// SIGKILL right after the acknowledgement while other requests are still in flight.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteEventStore } from '../../server/store/sqliteEventStore.ts';
import { reported, uniqueId } from '../support/factories.ts';
import { killHard, spawnServer } from '../support/serverProcess.ts';

describe('crash durability', () => {
  it('loses no acknowledged event when the server is killed -9 mid-stream', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gridwall-crash-'));
    const server = await spawnServer(dataDir);
    const acknowledged: string[] = [];
    let killed = false;
    const send = async (caseId: string) => {
      try {
        const res = await fetch(`${server.url}/api/v1/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${server.ingestKey}` },
          body: JSON.stringify({ events: [reported(caseId)] }),
        });
        if (res.ok) acknowledged.push(caseId);
      } catch {
        // refused or cut off by the kill: not acknowledged, so it may or may not be stored
      }
    };
    // Eight concurrent senders; the kill comes right after the 150th acknowledgement.
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (!killed) {
        await send(uniqueId('CRASH'));
        if (acknowledged.length >= 150 && !killed) {
          killed = true;
          await killHard(server);
        }
      }
    }));
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);

    const store = await openSqliteEventStore(dataDir);
    const stored = new Set((await store.readEvents(0, 100_000)).map((e) => e.event.caseId));
    await store.close();
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);

    // and the restarted server serves them
    const again = await spawnServer(dataDir);
    const health = await (await fetch(`${again.url}/healthz`)).json();
    expect(health.seq).toBe(stored.size);
    await killHard(again);
  });
});
