// npm run bench:push — the push layer under load, against two baselines in the same run.
// For each system and each number of screens: a load generator in its own process posts 5,000
// worker fixes/s and 50 cases/s, then a burst of 2,000 cases/s; the screens (socket clients in this
// process) measure ingest-to-receipt latency of every case report (its id carries its send time),
// and bytes received; five seconds after its report each case is closed (6 more events). Systems: ours (the real server, embedded store, city scope); naive (Socket.IO emitting
// every event and fix as JSON to everyone as it arrives); ws (raw `ws` broadcast of the same bytes:
// the practical ceiling). Then the fix ingest ceiling of our server alone.
// Usage: npm run bench:push [-- --clients 1,24,200 --seconds 10 --systems ours,naive,ws]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { decodeTransitions, type EncodedTransitions } from '../shared/transitionCodec.ts';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { grids } from '../tests/support/factories.ts';
import { killHard, spawnServer } from '../tests/support/serverProcess.ts';

const opts = new Command()
  .option('--clients <list>', 'numbers of screens', '1,24,200')
  .option('--seconds <n>', 'steady phase length', '10')
  .option('--fixes <n>', 'fixes per second, steady', '5000')
  .option('--cases <n>', 'cases per second, steady', '50')
  .option('--burst <n>', 'cases per second in the burst', '2000')
  .option('--burst-seconds <n>', 'burst length', '3')
  .option('--systems <list>', 'which servers', 'ours,naive,ws')
  .parse()
  .opts<{ clients: string; seconds: string; fixes: string; cases: string; burst: string; burstSeconds: string; systems: string }>();

type System = 'ours' | 'naive' | 'ws';
interface Target {
  url: string;
  key: string;
  screenToken?: string;
  stop(): Promise<void>;
  usage(): Promise<{ rss: number; cpuSeconds: number }>;
}

function spawnScript(script: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      const port = /listening (\d+)/.exec(d.toString())?.[1];
      if (port) resolve({ child, url: `http://127.0.0.1:${port}` });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}`)));
  });
}

async function startSystem(system: System): Promise<Target> {
  if (system === 'ours') {
    const s = await spawnServer(mkdtempSync(join(tmpdir(), 'gridwall-pushbench-')));
    return {
      url: s.url,
      key: s.ingestKey,
      screenToken: s.screenToken,
      stop: () => killHard(s),
      async usage() {
        const m = await (await fetch(`${s.url}/metrics`)).text();
        return { rss: Number(/^process_resident_memory_bytes (\S+)$/m.exec(m)![1]), cpuSeconds: Number(/^process_cpu_seconds_total (\S+)$/m.exec(m)![1]) };
      },
    };
  }
  const { child, url } = await spawnScript(system === 'naive' ? 'bench/push/naiveServer.ts' : 'bench/push/wsServer.ts');
  return {
    url,
    key: '-',
    stop: () =>
      new Promise((r) => {
        child.once('exit', () => r());
        child.kill('SIGKILL');
      }),
    async usage() {
      const u = (await (await fetch(`${url}/rss`)).json()) as { rss: number; cpu: { user: number; system: number } };
      return { rss: u.rss, cpuSeconds: (u.cpu.user + u.cpu.system) / 1e6 };
    },
  };
}

/** A screen counts the bytes its TCP socket read: what crossed the wire, compression included. */
interface Screen {
  latencies: number[];
  wireBytes(): number;
  close(): void;
}
const latencyOf = (caseId: string, now: number) => now - Number(caseId.split('-')[1]);
type Tcp = { bytesRead: number };

function connect(system: System, target: Target): Promise<Screen> {
  const latencies: number[] = [];
  if (system === 'ws') {
    const ws = new WebSocket(target.url.replace('http', 'ws'));
    ws.on('message', (data: Buffer) => {
      const text = data.toString();
      if (text.startsWith('{"eventId"')) {
        const e = JSON.parse(text) as { caseId: string; type: string };
        if (e.type === 'reported') latencies.push(latencyOf(e.caseId, Date.now()));
      }
    });
    const screen: Screen = { latencies, wireBytes: () => (ws as unknown as { _socket: Tcp })._socket.bytesRead, close: () => ws.close() };
    return new Promise((resolve) => ws.once('open', () => resolve(screen)));
  }
  const socket: Socket = io(target.url, {
    transports: ['websocket'],
    forceNew: true,
    ...(system === 'ours' && { auth: { token: target.screenToken, wall: 'demo', screen: '1-1' } }),
  });
  if (system === 'ours')
    socket.on('transitions', (message: EncodedTransitions) => {
      const { lines } = decodeTransitions(message);
      const now = Date.now();
      for (const l of lines) if (l.type === 'reported') latencies.push(latencyOf(l.caseId, now));
    });
  else socket.on('event', (e: { caseId: string; type: string }) => e.type === 'reported' && latencies.push(latencyOf(e.caseId, Date.now())));
  const tcp = () => (socket.io.engine.transport as unknown as { ws: { _socket: Tcp } }).ws._socket;
  const screen: Screen = { latencies, wireBytes: () => tcp().bytesRead, close: () => socket.disconnect() };
  return new Promise((resolve) => socket.once(system === 'ours' ? 'snapshot' : 'connect', () => resolve(screen)));
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);

async function run(system: System, clients: number) {
  const target = await startSystem(system);
  const screens = await Promise.all(Array.from({ length: clients }, () => connect(system, target)));
  const bytesAtStart = screens.reduce((s, c) => s + c.wireBytes(), 0);
  const before = await target.usage();
  const t0 = performance.now();
  const load = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/push/load.ts', target.url, target.key, opts.seconds, opts.fixes, opts.cases, opts.burst, opts.burstSeconds],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let loadOut = '';
  load.stdout!.on('data', (d: Buffer) => (loadOut += d.toString()));
  const rssSamples: number[] = [];
  const sampler = setInterval(
    () =>
      void target
        .usage()
        .then((u) => rssSamples.push(u.rss))
        .catch(() => undefined),
    5000,
  );
  await new Promise((r) => load.once('exit', r));
  clearInterval(sampler);
  const sent = JSON.parse(loadOut) as { sentCases: number; sentFixes: number; failures: number };
  // let what is in flight arrive (at most 10 s)
  const expected = sent.sentCases * clients;
  const drainUntil = performance.now() + 10_000;
  while (screens.reduce((s, c) => s + c.latencies.length, 0) < expected && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 100));
  const seconds = (performance.now() - t0) / 1000;
  const after = await target.usage();
  const latencies = screens.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const bytesPerClientPerSec = (screens.reduce((s, c) => s + c.wireBytes(), 0) - bytesAtStart) / clients / seconds;
  screens.forEach((s) => s.close());
  await target.stop();
  return {
    system,
    clients,
    sent,
    received: latencies.length,
    expected,
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
    max: latencies.at(-1) ?? NaN,
    kBps: bytesPerClientPerSec / 1024,
    cpu: ((after.cpuSeconds - before.cpuSeconds) / seconds) * 100,
    rssMiB: after.rss / 2 ** 20,
    // RSS over the run, every 5 s: after the first fifth (warm-up) vs the end, and the peak
    rssDrift:
      rssSamples.length >= 5
        ? { warm: rssSamples[Math.floor(rssSamples.length / 5)]! / 2 ** 20, end: rssSamples.at(-1)! / 2 ** 20, peak: Math.max(...rssSamples) / 2 ** 20 }
        : null,
  };
}

async function fixCeiling(): Promise<number> {
  const target = await startSystem('ours');
  const body = (n: number) =>
    JSON.stringify({
      fixes: Array.from({ length: n }, (_, i) => {
        const g = grids.grids[i % grids.grids.length]!;
        return { workerId: `X${i}`, gridCode: g.code, lon: g.centroid[0], lat: g.centroid[1], at: new Date().toISOString() };
      }),
    });
  const payload = body(20_000);
  let accepted = 0;
  const until = performance.now() + 8000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (performance.now() < until) {
        const res = await fetch(`${target.url}/api/v1/positions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${target.key}` },
          body: payload,
        });
        if (res.ok) accepted += ((await res.json()) as { accepted: number }).accepted;
      }
    }),
  );
  const rate = accepted / ((performance.now() - t0) / 1000);
  await target.stop();
  return rate;
}

const results = [];
for (const clients of opts.clients.split(',').map(Number)) {
  for (const system of opts.systems.split(',') as System[]) {
    const r = await run(system, clients);
    results.push(r);
    console.log(
      `${system.padEnd(5)} ${String(clients).padStart(3)} screens: cases ${r.received}/${r.expected} received; latency p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms; ${r.kBps.toFixed(1)} KiB/s per screen; server CPU ${r.cpu.toFixed(0)} %, RSS ${r.rssMiB.toFixed(0)} MiB; load sent ${r.sent.sentCases} cases, ${r.sent.sentFixes} fixes, ${r.sent.failures} failed requests${r.rssDrift ? `; RSS after warm-up ${r.rssDrift.warm.toFixed(0)} MiB, at the end ${r.rssDrift.end.toFixed(0)} MiB (${(((r.rssDrift.end - r.rssDrift.warm) / r.rssDrift.warm) * 100).toFixed(1)} %), peak ${r.rssDrift.peak.toFixed(0)} MiB` : ''}`,
    );
  }
  const ours = results.find((r) => r.system === 'ours' && r.clients === clients);
  for (const base of results.filter((r) => r.system !== 'ours' && r.clients === clients)) {
    if (ours)
      console.log(
        `  ours / ${base.system} at ${clients}: p99 latency ${(ours.p99 / base.p99).toFixed(2)}, bytes per screen ${(ours.kBps / base.kBps).toFixed(3)}, server CPU ${(ours.cpu / base.cpu).toFixed(2)}`,
      );
  }
}
if (opts.systems.includes('ours'))
  console.log(`fix ingest ceiling, ours, 4 posts of 20,000 fixes in flight for 8 s: ${(await fixCeiling()).toFixed(0)} fixes/s`);
