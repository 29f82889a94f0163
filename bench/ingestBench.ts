// npm run bench:ingest [-- --engine postgres] — what the server ingests per second, and how fast a case reaches a
// screen. The server runs as its own process; this process is the load and the screens.
// Baseline, measured in the same run: the bare store (better-sqlite3, same pragmas, same batch
// size) without HTTP, validation, lifecycle checks or push: the ratio is the skeleton's overhead.
import type { ScreenClientToServer, ScreenServerToClient } from '../shared/socketEvents.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Command } from 'commander';
import { decodeTransitions, type EncodedTransitions } from '../shared/transitionCodec.ts';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { reported, uniqueId } from '../tests/support/factories.ts';
import { killHard, spawnServer } from '../tests/support/serverProcess.ts';

const opts = new Command()
  .option('--events <n>', 'events for the throughput phase', '20000')
  .option('--batch <n>', 'events per request in the throughput phase', '100')
  .option('--screens <n>', 'socket screens in the latency phase', '24')
  .option('--latency-cases <n>', 'single-case posts in the latency phase', '300')
  .option('--engine <engine>', 'store engine: sqlite (embedded) or postgres (DATABASE_URL, default the local server)', 'sqlite')
  .parse()
  .opts<{ events: string; batch: string; screens: string; latencyCases: string; engine: 'sqlite' | 'postgres' }>();
const EVENTS = Number(opts.events);
const BATCH = Number(opts.batch);
const SCREENS = Number(opts.screens);
const LATENCY_CASES = Number(opts.latencyCases);

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

function baselineEventsPerSecond(): number {
  const db = new SQLite(join(mkdtempSync(join(tmpdir(), 'gridwall-bench-base-')), 'base.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('create table case_events (seq integer primary key autoincrement, event_id text not null unique, case_id text not null, body text not null)');
  const insert = db.prepare('insert into case_events (event_id, case_id, body) values (?, ?, ?)');
  const events = Array.from({ length: EVENTS }, () => reported(uniqueId('B')));
  const tx = db.transaction((batch: typeof events) => batch.forEach((e) => insert.run(e.eventId, e.caseId, JSON.stringify(e))));
  const t0 = performance.now();
  for (let i = 0; i < events.length; i += BATCH) tx(events.slice(i, i + BATCH));
  const seconds = (performance.now() - t0) / 1000;
  db.close();
  return EVENTS / seconds;
}

/** The same for PostgreSQL: one client, a multi-row INSERT per batch, a commit per batch. */
async function baselinePostgresEventsPerSecond(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const schema = `bench_base_${Date.now().toString(36)}`;
  await client.query(
    `CREATE SCHEMA ${schema}; SET search_path TO ${schema}; CREATE TABLE case_events (seq bigserial primary key, event_id text not null unique, case_id text not null, body text not null)`,
  );
  const events = Array.from({ length: EVENTS }, () => reported(uniqueId('B')));
  const t0 = performance.now();
  for (let i = 0; i < events.length; i += BATCH) {
    const batch = events.slice(i, i + BATCH);
    await client.query('INSERT INTO case_events (event_id, case_id, body) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])', [
      batch.map((e) => e.eventId),
      batch.map((e) => e.caseId),
      batch.map((e) => JSON.stringify(e)),
    ]);
  }
  const seconds = (performance.now() - t0) / 1000;
  await client.query(`DROP SCHEMA ${schema} CASCADE`);
  await client.end();
  return EVENTS / seconds;
}

async function main() {
  const schema = `bench_${Date.now().toString(36)}`;
  const env: Record<string, string> =
    opts.engine === 'postgres' ? { DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', DATABASE_SCHEMA: schema } : {};
  const server = await spawnServer(mkdtempSync(join(tmpdir(), 'gridwall-bench-')), env);
  const post = async (events: unknown[]) => {
    const res = await fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.ingestKey}` },
      body: JSON.stringify({ events }),
    });
    if (!res.ok) throw new Error(`ingest refused: ${res.status} ${await res.text()}`);
    return (await res.json()) as { lastSeq: number };
  };

  // 1. Throughput: batches of BATCH events, 4 requests in flight.
  const events = Array.from({ length: EVENTS }, () => reported(uniqueId('T')));
  const batches = Array.from({ length: Math.ceil(EVENTS / BATCH) }, (_, i) => events.slice(i * BATCH, (i + 1) * BATCH));
  let t0 = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let b = batches.shift(); b; b = batches.shift()) await post(b);
    }),
  );
  const throughput = EVENTS / ((performance.now() - t0) / 1000);
  const baseline = opts.engine === 'postgres' ? await baselinePostgresEventsPerSecond(env.DATABASE_URL!) : baselineEventsPerSecond();

  // 2. Single-event request latency (each is a durable commit with fsync).
  const single: number[] = [];
  for (let i = 0; i < 300; i++) {
    t0 = performance.now();
    await post([reported(uniqueId('S'))]);
    single.push(performance.now() - t0);
  }
  single.sort((a, b) => a - b);

  // 3. Ingest-to-screen latency with SCREENS screens connected.
  type ScreenSocket = Socket<ScreenServerToClient, ScreenClientToServer>;
  const screens = await Promise.all(
    Array.from(
      { length: SCREENS },
      () =>
        new Promise<ScreenSocket>((resolve, reject) => {
          const s: ScreenSocket = io(server.url, {
            auth: { token: server.screenToken, wall: 'demo', screen: '1-1' },
            transports: ['websocket'],
            forceNew: true,
          });
          s.once('snapshot', () => resolve(s));
          s.once('connect_error', reject);
        }),
    ),
  );
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  for (const s of screens) {
    s.on('transitions', (message: EncodedTransitions) => {
      const { lines } = decodeTransitions(message);
      const now = performance.now();
      for (const l of lines) {
        const t = sentAt.get(l.caseId);
        if (t !== undefined) latencies.push(now - t);
      }
    });
  }
  for (let i = 0; i < LATENCY_CASES; i++) {
    const e = reported(uniqueId('L'));
    sentAt.set(e.caseId, performance.now());
    await post([e]);
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 500));
  latencies.sort((a, b) => a - b);
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  const rss = Number(/process_resident_memory_bytes (\d+)/.exec(metrics)?.[1] ?? 0);
  screens.forEach((s) => s.disconnect());
  await killHard(server);

  if (opts.engine === 'postgres') {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA ${schema} CASCADE`);
    await client.end();
  }
  console.log(`engine: ${opts.engine}`);
  console.log(`case ingest throughput, batches of ${BATCH}, 4 in flight: ${throughput.toFixed(0)} events/s`);
  console.log(
    opts.engine === 'postgres'
      ? `baseline, bare PostgreSQL multi-row insert (one client, same batches): ${baseline.toFixed(0)} events/s`
      : `baseline, bare SQLite insert (same pragmas, same batches): ${baseline.toFixed(0)} events/s`,
  );
  console.log(`ratio skeleton / baseline: ${(throughput / baseline).toFixed(2)}`);
  console.log(`single-event request latency (durable commit): p50 ${fmt(pct(single, 50))}, p99 ${fmt(pct(single, 99))}, max ${fmt(single.at(-1)!)}`);
  console.log(
    `ingest-to-screen latency, ${SCREENS} screens, ${LATENCY_CASES} cases at ~20/s: p50 ${fmt(pct(latencies, 50))}, p99 ${fmt(pct(latencies, 99))}, max ${fmt(latencies.at(-1)!)} (${latencies.length} receipts, expected ${SCREENS * LATENCY_CASES})`,
  );
  console.log(`server RSS after the run: ${(rss / 1048576).toFixed(0)} MiB`);
}

await main();
