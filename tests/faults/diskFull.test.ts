// Fault: the disk under the data folder fills up (a real 24 MB tmpfs, filled to the last byte by a
// filler file) while a server process (embedded SQLite store) ingests and a screen watches. Proves:
// once the store cannot write, ingest is refused with 503 storage_full, a clear message and
// Retry-After, and such a batch stored nothing (read from the SQLite file itself); the process stays
// up: health, screens (heartbeats), position ingest and wall commands go on; nothing acknowledged is
// lost; deleting the filler makes the same batches go in without a restart, each event once; a
// graceful stop on a full disk (its checkpoint cannot be written) still ends cleanly; and a restart
// afterwards opens the store and serves the whole log.
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStores } from '../../server/store/sqliteStores.ts';
import { fix } from '../support/factories.ts';
import { killHard, spawnServer, type ServerProcess } from '../support/serverProcess.ts';
import { connectConsole } from '../support/testServer.ts';
import { expectAcknowledgedStored, expectEveryTransitionOnce, expectScreenConverges, type SentBatch } from './lib/logChecks.ts';
import { connectResumingScreen } from './lib/resumingScreen.ts';
import { batchFor, postEvents, resendUnacknowledged, type PostResult } from './lib/senders.ts';
import { mountTmpfs, type Tmpfs } from './lib/tmpfs.ts';
import { faultTokens } from './lib/tokens.ts';

const mounted = mountTmpfs(24);
if ('skipped' in mounted) console.warn(mounted.skipped);

describe.skipIf('skipped' in mounted)('a full disk under the data folder', () => {
  const disk = mounted as Tmpfs;
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) await killHard(s);
    disk.unmount();
  });

  /** The event ids among these that the SQLite file holds, read by a connection of our own. */
  const storedIds = (ids: string[]) => {
    const db = new SQLite(join(disk.dir, 'gridwall.sqlite'), { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare(`SELECT event_id FROM case_events WHERE event_id IN (${ids.map(() => '?').join(',')})`).all(...ids) as { event_id: string }[];
      return rows.map((r) => r.event_id);
    } finally {
      db.close();
    }
  };

  it('refuses ingest with 503 storage_full, stays up, recovers when space returns, and restarts', async () => {
    const tokens = faultTokens();
    const server = await spawnServer(disk.dir, tokens.env);
    servers.push(server);
    const screen = connectResumingScreen(server.url, tokens.screenToken);
    await screen.until(() => screen.snapshots.length > 0, 'its first snapshot');
    const sent: SentBatch[] = [];
    const send = async (n: number): Promise<PostResult> => {
      const batch: SentBatch = { events: batchFor(n, 'FULL'), acked: false };
      sent.push(batch);
      const r = await postEvents(server.url, tokens.ingestKey, batch.events);
      batch.acked = r.status === 200;
      return r;
    };
    for (let n = 0; n < 40; n++) expect((await send(n)).status).toBe(200);

    disk.fill();
    expect(disk.free()).toBe(0);
    // SQLite may still reuse room it has (its write-ahead log): the refusals start when it needs a new page
    let first: PostResult | null = null;
    let n = 40;
    for (; n < 400 && !first; n++) {
      const r = await send(n);
      if (r.status !== 200) first = r;
    }
    expect(first, 'ingest was never refused on a full disk').not.toBeNull();
    expect(first!.status).toBe(503);
    expect(first!.retryAfter).toMatch(/^\d+$/);
    expect(first!.body.error.code).toBe('storage_full');
    expect(first!.body.error.message).toMatch(/the data folder is full; nothing of this request was stored/);
    // it goes on refusing while the disk is full, and each refused batch stored nothing
    for (let i = 0; i < 3; i++) expect((await send(n++)).status).toBe(503);
    const refused = sent.filter((b) => !b.acked);
    expect(storedIds(refused.flatMap((b) => b.events.map((e) => e.eventId)))).toEqual([]);

    // the process is up and serving: health, the screen's heartbeat, positions, a wall command
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const beats = screen.kpiCount;
    await screen.until(() => screen.kpiCount >= beats + 2, 'heartbeats on a full disk');
    const positions = await fetch(`${server.url}/api/v1/positions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.ingestKey}` },
      body: JSON.stringify({ fixes: [fix('W-FULL-1'), fix('W-FULL-2')] }),
    });
    expect(positions.status).toBe(200);
    expect(await positions.json()).toMatchObject({ accepted: 2, sampled: 0 });
    const presenter = connectConsole({ url: server.url, secrets: { presenterToken: tokens.presenterToken } });
    await presenter.until(() => presenter.states.length > 0, 'the wall state');
    expect(await presenter.send({ type: 'heatMetric', metric: 'overdue' })).toMatchObject({ ok: true });
    presenter.close();
    expect(server.child.exitCode).toBeNull();

    // space returns: the refused batches go in as they are, without a restart
    disk.unfill();
    const resent = await resendUnacknowledged(server.url, tokens.ingestKey, sent);
    expect(resent).toEqual({ stored: refused.length, duplicate: 0 });
    for (let i = 0; i < 5; i++) expect((await send(n++)).status).toBe(200);
    const store = await openSqliteStores(disk.dir);
    const log = await store.log.readEvents(0, 1_000_000);
    await store.close();
    expectAcknowledgedStored(log, sent);
    expect(log).toHaveLength(sent.reduce((k, b) => k + b.events.length, 0));
    await expectScreenConverges(screen, log);
    expectEveryTransitionOnce(screen, log);
    screen.close();

    // a graceful stop on a full disk: the checkpoint it writes fails, is logged, and the stop ends cleanly
    disk.fill();
    const exit = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    server.child.kill('SIGTERM');
    expect(await exit).toBe(0);
    disk.unfill();

    // and a restart opens the store and serves the whole log
    const again = await spawnServer(disk.dir, tokens.env);
    servers.push(again);
    expect((await (await fetch(`${again.url}/healthz`)).json()).seq).toBe(log.at(-1)!.seq);
    const late = connectResumingScreen(again.url, tokens.screenToken);
    await expectScreenConverges(late, log);
    late.close();
  });
});
