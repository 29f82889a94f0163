// npm run bench:access — what authorisation costs a request. The server runs in its own process
// (simulator off); closed-loop clients on keep-alive connections request, for --seconds each:
//   baseline   GET /healthz             (no key: routing and JSON only)
//   read       GET /api/v1/walls/demo   (a screen key: hash lookup, role, wall and scope checks)
//   read+limit the same with the read rate limit on (set too high to refuse: its bookkeeping only)
//   ingest     POST /api/v1/events, one new report each (an ingest key; durable commit, fsync)
//   ingest+limit the same with the ingest limit on
// Figures: requests/s and p50/p99 latency, and the ratios against the baseline and unlimited runs.
// Usage: npm run bench:access [-- --seconds 5 --clients 16]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { loadGridIndex } from '../server/geo/gridIndex.ts';
import { killHard, spawnServer, type ServerProcess } from '../tests/support/serverProcess.ts';

const opts = new Command()
  .option('--seconds <n>', 'per measurement', '5')
  .option('--clients <n>', 'concurrent closed-loop clients', '16')
  .parse()
  .opts<{ seconds: string; clients: string }>();
const seconds = Number(opts.seconds);
const clients = Number(opts.clients);
const grids = loadGridIndex('public').grids;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

interface Run {
  name: string;
  rps: number;
  p50: number;
  p99: number;
}
let seq = 0;

async function measure(name: string, request: () => Promise<Response>, warmUp = true): Promise<Run> {
  // the same requests for a second first, unmeasured: the JIT and the connections warm up
  if (warmUp) await measure('', request, false);
  const latencies: number[] = [];
  const until = performance.now() + (warmUp ? seconds : 1) * 1000;
  let failed = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        const res = await request();
        await res.arrayBuffer();
        if (!res.ok) failed += 1;
        latencies.push(performance.now() - t);
      }
    }),
  );
  if (failed) throw new Error(`${name}: ${failed} requests failed`);
  const run = { name, rps: latencies.length / (warmUp ? seconds : 1), p50: pct(latencies, 50), p99: pct(latencies, 99) };
  if (warmUp)
    console.log(
      `  ${name.padEnd(14)} ${run.rps.toFixed(0).padStart(7)} req/s   p50 ${run.p50.toFixed(2).padStart(7)} ms   p99 ${run.p99.toFixed(2).padStart(7)} ms`,
    );
  return run;
}

async function withServer<T>(env: Record<string, string>, run: (s: ServerProcess) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'gridwall-access-'));
  const server = await spawnServer(dir, { LOG_LEVEL: 'warn', ...env });
  try {
    return await run(server);
  } finally {
    await killHard(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

const read = (s: ServerProcess) => () => fetch(`${s.url}/api/v1/walls/demo`, { headers: { authorization: `Bearer ${s.screenToken}` } });
const ingest = (s: ServerProcess) => () => {
  const id = `BENCH-${process.pid}-${++seq}`;
  const event = {
    eventId: `${id}:1`,
    caseId: id,
    type: 'reported',
    at: new Date().toISOString(),
    gridCode: grids[seq % grids.length]!.code,
    category: 'appearance.garbage',
    urgency: 'ordinary',
    source: 'hotline_12345',
    summary: '小区门口垃圾堆放',
  };
  return fetch(`${s.url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.ingestKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events: [event] }),
  });
};

console.log(`bench:access — ${clients} clients, ${seconds} s each, server in its own process`);
const unlimited = await withServer({}, async (s) => ({
  baseline: await measure('baseline', () => fetch(`${s.url}/healthz`)),
  read: await measure('read', read(s)),
  ingest: await measure('ingest', ingest(s)),
}));
const limited = await withServer({ RATE_LIMIT_READ: '1000000000', RATE_LIMIT_INGEST: '1000000000' }, async (s) => ({
  read: await measure('read+limit', read(s)),
  ingest: await measure('ingest+limit', ingest(s)),
}));
const ratio = (a: Run, b: Run) => `${(a.rps / b.rps).toFixed(2)}x throughput, p50 ${(a.p50 / b.p50).toFixed(2)}x`;
console.log(`  read vs baseline:        ${ratio(unlimited.read, unlimited.baseline)}`);
console.log(`  read+limit vs read:      ${ratio(limited.read, unlimited.read)}`);
console.log(`  ingest+limit vs ingest:  ${ratio(limited.ingest, unlimited.ingest)}`);
