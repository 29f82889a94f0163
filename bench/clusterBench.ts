// npm run bench:cluster — the scale-out shape at 1, 2 and 3 nodes, each against N=1 of the same run.
// For each N: a fresh cluster (tests/support/cluster.ts: N node processes on loopback, a fresh
// PostgreSQL schema and Redis prefix), one real screen (tests/faults/lib/resumingScreen.ts, city
// scope) on EVERY node, then closed-loop senders posting batches round-robin over the nodes. A case
// is `batchFor` (tests/faults/lib/senders.ts): one new case, in rotation its 7 events (report to
// closure), its first 3, or its report alone (3.67 events on average); a batch is one case unless
// --cases-per-batch says more.
// Saturation phase (--senders, after --warmup): acknowledged events/s and batches/s; ack latency;
// end-to-end latency from the POST being sent to each case's last transition line arriving on each
// screen, split by whether the screen is on the node that committed it (same node) or on another
// (cross-node: the commit came over the Redis Stream, or was read from PostgreSQL); the CPU of each
// node process, of the PostgreSQL backends, of redis-server, of this process (senders and screens)
// and of everything else on the machine (/proc utime+stime, CLK_TCK from getconf). Light phase: one
// sender pausing 20 ms after each answer, the same latencies when nothing queues (what crossing
// Redis costs by itself). After the run: every acknowledged event is in the log once, every screen
// saw every transition of the log exactly once and in order (duplicates and missed must be 0: the
// bench fails otherwise), every node applied every event once (its bus roads from /metrics: local,
// stream, store = gap fills and catch-ups read from PostgreSQL), and each node's warnings and errors.
// Usage: npm run bench:cluster [-- --nodes 1,2,3 --senders 8 --seconds 20 --warmup 3
//          --cases-per-batch 1 --light-seconds 5 | --quick]
// (CLUSTER_BENCH_NODES, _SENDERS, _SECONDS and _CASES_PER_BATCH set the defaults too.)
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { Command } from 'commander';
import pg from 'pg';
import { createClient } from 'redis';
import type { StoredCaseEvent } from '../shared/caseEvent.ts';
import { clusterUnavailable, readClusterLog, REDIS_URL, startCluster, type Cluster } from '../tests/support/cluster.ts';
import { PG_URL } from '../tests/support/engines.ts';
import { connectResumingScreen, type ResumingScreen } from '../tests/faults/lib/resumingScreen.ts';
import { batchFor, postEvents } from '../tests/faults/lib/senders.ts';

const env = process.env;
const opts = new Command()
  .option('--nodes <list>', 'cluster sizes, each a fresh cluster', env.CLUSTER_BENCH_NODES ?? '1,2,3')
  .option('--senders <n>', 'concurrent closed-loop senders (round-robin over the nodes)', env.CLUSTER_BENCH_SENDERS ?? '8')
  .option('--seconds <n>', 'measured window per cluster size', env.CLUSTER_BENCH_SECONDS ?? '20')
  .option('--warmup <n>', 'seconds of the same load before the window (unmeasured)', '3')
  .option('--cases-per-batch <n>', 'cases in one POST (each batchFor: 7, 3 or 1 events)', env.CLUSTER_BENCH_CASES_PER_BATCH ?? '1')
  .option('--light-seconds <n>', 'then one sender pausing 20 ms after each answer, for this long (0: skip)', '5')
  .option('--quick', 'a 5 s window after 1 s of warm-up, 2 s of light load')
  .parse()
  .opts<{ nodes: string; senders: string; seconds: string; warmup: string; casesPerBatch: string; lightSeconds: string; quick?: boolean }>();
const sizes = opts.nodes.split(',').map(Number);
const senders = Number(opts.senders);
const seconds = opts.quick ? 5 : Number(opts.seconds);
const warmup = opts.quick ? 1 : Number(opts.warmup);
const casesPerBatch = Number(opts.casesPerBatch);
const lightSeconds = opts.quick ? Math.min(2, Number(opts.lightSeconds)) : Number(opts.lightSeconds);
const LIGHT_PAUSE_MS = 20;

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);
const sortNum = (xs: number[]) => [...xs].sort((a, b) => a - b);
const ms = (x: number) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : '-');
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

// ---- CPU from /proc -------------------------------------------------------------------------------
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
const CORES = cpus().length;

function readProc(pid: number): { comm: string; ticks: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' '); // fields[0] is the state (field 3)
    return { comm: stat.slice(stat.indexOf('(') + 1, close), ticks: Number(fields[11]) + Number(fields[12]) }; // utime (14) + stime (15)
  } catch {
    return null; // gone
  }
}

function allProcesses(): Map<number, { comm: string; ticks: number }> {
  const out = new Map<number, { comm: string; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const p = readProc(Number(name));
    if (p) out.set(Number(name), p);
  }
  return out;
}

/** Busy and total jiffies of the whole machine (/proc/stat). */
function machineTicks(): { busy: number; total: number; steal: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0); // user nice system idle iowait irq softirq steal
  return { busy: total - cpu[3]! - cpu[4]! - cpu[7]!, total, steal: cpu[7]! };
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim().replaceAll(process.cwd(), '.').slice(0, 90);
  } catch {
    return '?';
  }
}

/**
 * Samples every process's utime+stime every 500 ms over the window, so that a PostgreSQL backend
 * that ends during the window still counts up to its last sample; one that starts during it counts
 * from zero.
 */
function cpuRecorder() {
  const first = allProcesses();
  const last = new Map(first);
  const machine0 = machineTicks();
  const self0 = process.cpuUsage();
  const t0 = performance.now();
  const timer = setInterval(() => {
    for (const [pid, p] of allProcesses()) last.set(pid, p);
  }, 500);
  return {
    stop() {
      clearInterval(timer);
      for (const [pid, p] of allProcesses()) last.set(pid, p);
      const wall = (performance.now() - t0) / 1000;
      const machine1 = machineTicks();
      const self = process.cpuUsage(self0);
      const delta = new Map<number, { comm: string; s: number }>();
      for (const [pid, p] of last) {
        const before = first.get(pid);
        const from = before && before.comm === p.comm ? before.ticks : 0;
        const s = (p.ticks - from) / CLK_TCK;
        if (s > 0) delta.set(pid, { comm: p.comm, s });
      }
      return {
        wall,
        delta,
        selfS: (self.user + self.system) / 1e6,
        machineBusyS: (machine1.busy - machine0.busy) / CLK_TCK,
        /** Time the hypervisor ran someone else while this VM wanted the CPU. */
        stealS: (machine1.steal - machine0.steal) / CLK_TCK,
        machineCapacityS: (machine1.total - machine0.total) / CLK_TCK, // cores x wall, as the kernel counts it
      };
    },
  };
}

/**
 * Every 100 ms over the window: how many of the nodes' PostgreSQL backends (PGAPPNAME) are waiting
 * for the log's advisory lock (one commit at a time, server/store/kysely/kyselyEventLog.ts), and how many
 * are inside a query at all.
 */
async function lockSampler(appName: string) {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  const samples: { waiting: number; active: number }[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const { rows } = await client.query<{ waiting: string; active: string }>(
        `SELECT count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event = 'advisory') AS waiting, count(*) FILTER (WHERE state = 'active') AS active
           FROM pg_stat_activity WHERE application_name = $1`,
        [appName],
      );
      samples.push({ waiting: Number(rows[0]!.waiting), active: Number(rows[0]!.active) });
      await sleep(100);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await client.end();
      const n = Math.max(1, samples.length);
      return {
        samples: samples.length,
        meanWaiting: samples.reduce((a, x) => a + x.waiting, 0) / n,
        shareWaiting: samples.filter((x) => x.waiting > 0).length / n,
        meanActive: samples.reduce((a, x) => a + x.active, 0) / n,
      };
    },
  };
}

// ---- the nodes' own figures ----------------------------------------------------------------------
async function roads(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Object.fromEntries([...text.matchAll(/^gridwall_bus_events_total\{road="(\w+)"\} (\d+)/gm)].map((m) => [m[1]!, Number(m[2])]));
}

/** Warnings and errors a node logged (pino JSON at warn and above), counted by message. */
function nodeProblems(output: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) {
      if (/error|warn|exception/i.test(line)) found.set(`(text) ${line.slice(0, 160)}`, (found.get(`(text) ${line.slice(0, 160)}`) ?? 0) + 1);
      continue;
    }
    try {
      const j = JSON.parse(line) as { level?: number; msg?: string; err?: unknown };
      if ((j.level ?? 0) >= 40) {
        const key = `${j.level! >= 50 ? 'error' : 'warn'}: ${j.msg}${j.err ? ` (${JSON.stringify(j.err).slice(0, 120)})` : ''}`;
        found.set(key, (found.get(key) ?? 0) + 1);
      }
    } catch {
      /* a banner line */
    }
  }
  return found;
}

// ---- one cluster size ----------------------------------------------------------------------------
/** One measured phase: acknowledgements and deliveries of the batches sent inside its window. */
interface Phase {
  tStart: number;
  tEnd: number;
  ack: number[];
  events: number;
  batches: number;
  perNode: number[];
  /** End-to-end latencies by screen (index = its node): batches committed on its node, and on the others. */
  screens: { local: number[]; remote: number[] }[];
}
const newPhase = (size: number): Phase => ({
  tStart: Infinity,
  tEnd: Infinity,
  ack: [],
  events: 0,
  batches: 0,
  perNode: new Array<number>(size).fill(0),
  screens: Array.from({ length: size }, () => ({ local: [], remote: [] })),
});
/** A case posted (a batch holds casesPerBatch of them), by case id: when, to which node, how many of its events. */
interface SentCase {
  t0: number;
  node: number;
  events: number;
  phase: Phase | null;
}
interface Tracker {
  node: number;
  screen: ResumingScreen;
  seen: number;
  lines: Map<string, number>;
}

const stats = (xs: number[]) => {
  const sorted = sortNum(xs);
  return { p50: pct(sorted, 50), p99: pct(sorted, 99), max: sorted.at(-1) ?? NaN, n: sorted.length };
};
/** A phase's figures: throughput in its window, ack latency, end-to-end latency (all screens and each). */
function summarize(phase: Phase) {
  const window = (phase.tEnd - phase.tStart) / 1000;
  return {
    window,
    eventsPerS: phase.events / window,
    batchesPerS: phase.batches / window,
    perNode: phase.perNode,
    ack: stats(phase.ack),
    local: stats(phase.screens.flatMap((x) => x.local)),
    remote: stats(phase.screens.flatMap((x) => x.remote)),
    screens: phase.screens.map((x) => ({ local: stats(x.local), remote: stats(x.remote) })),
  };
}

let current: { cluster: Cluster; screens: ResumingScreen[] } | null = null;
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) return;
  interrupted = true;
  console.error('\ninterrupted: stopping the cluster');
  current?.screens.forEach((s) => s.close());
  void (current?.cluster.destroy() ?? Promise.resolve()).finally(() => process.exit(130));
});

const failures: string[] = [];

async function run(size: number) {
  const appName = `gridwall-clusterbench-${process.pid}-${size}`;
  const cluster = await startCluster(size, { env: { PGAPPNAME: appName } });
  const screens: ResumingScreen[] = [];
  current = { cluster, screens };
  try {
    const { nodes, tokens } = cluster;
    const trackers: Tracker[] = nodes.map((n, i) => {
      const screen = connectResumingScreen(n.url, tokens.screenToken);
      screens.push(screen);
      return { node: i, screen, seen: 0, lines: new Map() };
    });
    await Promise.all(screens.map((s) => s.until(() => s.snapshots.length > 0, 'its first snapshot')));

    const sent = new Map<string, SentCase>(); // by case id
    // after the resuming screen's own listener (registered first) has taken the lines
    for (const t of trackers) {
      const arrived = () => {
        const now = performance.now();
        for (; t.seen < t.screen.delivered.length; t.seen++) {
          const line = t.screen.delivered[t.seen]!;
          const c = sent.get(line.caseId);
          if (!c) continue;
          const n = (t.lines.get(line.caseId) ?? 0) + 1;
          if (n < c.events) {
            t.lines.set(line.caseId, n);
            continue;
          }
          t.lines.delete(line.caseId);
          if (c.phase) c.phase.screens[t.node]![c.node === t.node ? 'local' : 'remote'].push(now - c.t0);
        }
      };
      t.screen.socket.on('transitions', arrived);
      t.screen.socket.on('snapshot', arrived);
    }

    const errors = new Map<string, number>();
    const ackedIds: string[] = [];
    let turn = 0;
    let n = 0;
    /** Runs `count` closed-loop senders (each pausing `pauseMs` after an answer): `warm` s unmeasured, then the phase's window. */
    async function drive(phase: Phase, count: number, pauseMs: number, warm: number, secs: number, hooks: { start?(): Promise<void>; end?(): void } = {}) {
      let stop = false;
      const loop = async () => {
        while (!stop && !interrupted) {
          // round-robin, each round rotated by one: batchFor's kinds (7, 3, 1 events) follow n % 3, and a
          // plain turn % 3 would give node1 every 7-event batch and node3 every report alone
          const node = (turn + Math.floor(turn / size)) % size;
          turn += 1;
          const events = Array.from({ length: casesPerBatch }, () => batchFor(n++, `CB${size}`)).flat();
          const t0 = performance.now();
          const inWindow = t0 >= phase.tStart;
          const perCase = new Map<string, number>();
          for (const e of events) perCase.set(e.caseId, (perCase.get(e.caseId) ?? 0) + 1);
          const cases = [...perCase].map(([id, k]) => {
            const c: SentCase = { t0, node, events: k, phase: inWindow ? phase : null };
            sent.set(id, c);
            return c;
          });
          const r = await postEvents(nodes[node]!.url, tokens.ingestKey, events);
          const t1 = performance.now();
          if (r.status !== 200 || r.body?.stored !== events.length) {
            const key = `${r.status} ${JSON.stringify(r.body).slice(0, 160)}`;
            errors.set(key, (errors.get(key) ?? 0) + 1);
            for (const id of perCase.keys()) sent.delete(id);
            await sleep(50);
            continue;
          }
          for (const e of events) ackedIds.push(e.eventId);
          if (inWindow && t1 <= phase.tEnd) {
            phase.ack.push(t1 - t0);
            phase.events += events.length;
            phase.batches += 1;
            phase.perNode[node]! += 1;
          } else for (const c of cases) c.phase = null; // answered after the window: its deliveries are not measured either
          if (pauseMs) await sleep(pauseMs);
        }
      };
      const running = Promise.all(Array.from({ length: count }, loop));
      await sleep(warm * 1000);
      await hooks.start?.();
      phase.tStart = performance.now();
      await sleep(secs * 1000);
      phase.tEnd = performance.now();
      hooks.end?.();
      stop = true;
      await running;
    }

    // saturation: the senders as fast as the cluster answers
    const sat = newPhase(size);
    let roadsBefore: Record<string, number>[] = [];
    let cpu: ReturnType<typeof cpuRecorder> | undefined;
    let used: ReturnType<ReturnType<typeof cpuRecorder>['stop']> | undefined;
    let locks: Awaited<ReturnType<typeof lockSampler>> | undefined;
    let lockWaits: ReturnType<NonNullable<typeof locks>['stop']> | undefined;
    await drive(sat, senders, 0, warmup, seconds, {
      start: async () => {
        roadsBefore = await Promise.all(nodes.map((nd) => roads(nd.url)));
        cpu = cpuRecorder();
        locks = await lockSampler(appName);
      },
      end: () => {
        used = cpu!.stop();
        lockWaits = locks!.stop();
      },
    });
    await lockWaits;
    if (interrupted || !used) return null;
    const usage = used;
    // light load: one sender, a pause after each answer: what a batch costs when nothing queues
    const light = newPhase(size);
    if (lightSeconds > 0) await drive(light, 1, LIGHT_PAUSE_MS, 1, lightSeconds);
    if (interrupted) return null;

    // our PostgreSQL backends: the nodes' pool connections (PGAPPNAME)
    const ours = new Set<number>();
    {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        for (const r of (await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [appName])).rows) ours.add(r.pid);
      } finally {
        await client.end();
      }
    }

    // drain: every node and every screen up to the log's last seq
    const log: StoredCaseEvent[] = await readClusterLog(cluster.schema);
    const last = log.at(-1)?.seq ?? 0;
    const drainStart = performance.now();
    await Promise.all(
      screens.map((s) =>
        s.until(() => s.seq() >= last, `the log's last seq ${last}`, 60_000).catch((err: Error) => failures.push(`N=${size}: ${err.message}`)),
      ),
    );
    const drainMs = performance.now() - drainStart;
    const health = await Promise.all(
      nodes.map(
        async (nd) => (await (await fetch(`${nd.url}/healthz`)).json()) as { status: string; seq: number; bus?: { behind?: boolean; connected?: boolean } },
      ),
    );
    const roadsAfter = await Promise.all(nodes.map((nd) => roads(nd.url)));

    // ---- checks against the log -----------------------------------------------------------------
    const countById = new Map<string, number>();
    for (const e of log) countById.set(e.event.eventId, (countById.get(e.event.eventId) ?? 0) + 1);
    const storedTwice = [...countById.values()].filter((c) => c > 1).length;
    const ackedMissing = ackedIds.filter((id) => !countById.has(id)).length;
    const check = (what: string, bad: number) => {
      if (bad) failures.push(`N=${size}: ${what}: ${bad}`);
    };
    check('event ids stored more than once', storedTwice);
    check('acknowledged events missing from the log', ackedMissing);
    check('log events not acknowledged', log.length - ackedIds.length);
    const bySeq = new Map(log.map((e) => [e.seq, e.event]));
    const screenRows = trackers.map((t) => {
      const s = t.screen;
      const from = s.snapshots[0]!.scopeSeq;
      const seen = new Set(s.delivered.map((l) => l.seq));
      const missed = log.filter((e) => e.seq > from && !seen.has(e.seq)).length;
      const outOfOrder = s.delivered.filter((l, i) => i > 0 && l.seq <= s.delivered[i - 1]!.seq).length;
      const wrong = s.delivered.filter((l) => bySeq.get(l.seq)?.caseId !== l.caseId || bySeq.get(l.seq)?.type !== l.type).length;
      const fresh = s.snapshots.filter((x) => x.resumedFrom === null).length - 1;
      check(`screen on node${t.node + 1}: transitions delivered twice`, s.duplicates);
      check(`screen on node${t.node + 1}: transitions of the log missed`, missed);
      check(`screen on node${t.node + 1}: out of log order`, outOfOrder);
      check(`screen on node${t.node + 1}: lines unlike the log`, wrong);
      return { node: t.node, lines: s.delivered.length, duplicates: s.duplicates, missed, gaps: s.gaps, reconnects: s.connects - 1, fresh };
    });
    const roadRows = roadsAfter.map((r, i) => {
      const total = (r.local ?? 0) + (r.stream ?? 0) + (r.store ?? 0);
      check(`node${i + 1}: events applied != log length (${total} vs ${log.length})`, total !== log.length ? 1 : 0);
      const b = roadsBefore[i]!;
      return {
        local: r.local ?? 0,
        stream: r.stream ?? 0,
        store: r.store ?? 0,
        window: { local: (r.local ?? 0) - (b.local ?? 0), stream: (r.stream ?? 0) - (b.stream ?? 0), store: (r.store ?? 0) - (b.store ?? 0) },
      };
    });
    for (const [i, h] of health.entries()) if (h.seq !== last) failures.push(`N=${size}: node${i + 1} at seq ${h.seq}, the log at ${last}`);
    for (const [what, count] of errors) failures.push(`N=${size}: ${count} ingest answers not 200 with every event stored: ${what}`);

    // ---- CPU ---------------------------------------------------------------------------------------
    const pids = new Set(nodes.map((nd) => nd.child.pid!));
    const nodeCpu = nodes.map((nd) => usage.delta.get(nd.child.pid!)?.s ?? 0);
    let pgAll = 0;
    let pgOurs = 0;
    let redis = 0;
    let others = 0;
    const otherTop: { pid: number; comm: string; s: number }[] = [];
    for (const [pid, d] of usage.delta) {
      if (pids.has(pid) || pid === process.pid) continue;
      if (d.comm === 'postgres') {
        pgAll += d.s;
        if (ours.has(pid)) pgOurs += d.s;
      } else if (d.comm === 'redis-server') redis += d.s;
      else {
        others += d.s;
        otherTop.push({ pid, comm: d.comm, s: d.s });
      }
    }
    otherTop.sort((a, b) => b.s - a.s);
    const nodesS = nodeCpu.reduce((a, b) => a + b, 0);
    const core = (s: number) => (s / usage.wall) * 100;

    const problems = nodes.map((nd) => nodeProblems(nd.output()));
    const satFigures = summarize(sat);
    return {
      size,
      sat: satFigures,
      locks: await lockWaits!,
      light: lightSeconds > 0 ? summarize(light) : null,
      screens: screenRows,
      roads: roadRows,
      logLength: log.length,
      drainMs,
      health,
      problems,
      cpu: {
        wall: usage.wall,
        nodes: nodeCpu,
        nodesS,
        pgAll,
        pgOurs,
        redis,
        self: used.selfS,
        others,
        otherTop: otherTop.slice(0, 4).map((o) => ({ ...o, cmd: cmdline(o.pid) })),
        machineBusy: usage.machineBusyS,
        steal: usage.stealS,
        capacity: usage.machineCapacityS,
        core,
        msPerEvent: (s: number) => (s * 1000) / sat.events,
      },
      errors,
    };
  } finally {
    screens.forEach((s) => s.close());
    await cluster.destroy().catch((err: Error) => console.error(`destroy failed: ${err.message}`));
    current = null;
  }
}

// ---- main -------------------------------------------------------------------------------------------
const unavailable = await clusterUnavailable();
if (unavailable) {
  console.error(`bench:cluster needs PostgreSQL and Redis: ${unavailable}`);
  process.exit(1);
}
async function serviceFacts(): Promise<string> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  const q = async (s: string) => (await client.query<Record<string, string>>(s)).rows[0]!;
  const version = (await q('SHOW server_version')).server_version;
  const sync = (await q('SHOW synchronous_commit')).synchronous_commit;
  const fsync = (await q('SHOW fsync')).fsync;
  await client.end();
  const redis = createClient({ url: REDIS_URL });
  await redis.connect();
  const info = await redis.info('server');
  await redis.close();
  return `PostgreSQL ${version} (synchronous_commit ${sync}, fsync ${fsync}), Redis ${/redis_version:(\S+)/.exec(info)?.[1]}`;
}

const started = performance.now();
const batchWords =
  casesPerBatch === 1
    ? 'one case a batch: its 7, 3 or 1 events in rotation, 3.67 on average'
    : `${casesPerBatch} cases a batch (each its 7, 3 or 1 events in rotation: ${((casesPerBatch * 11) / 3).toFixed(1)} events on average)`;
console.log(
  `bench:cluster — N = ${sizes.join(', ')} nodes; ${senders} closed-loop senders round-robin over the nodes; batchFor batches (${batchWords}); ${warmup} s warm-up + ${seconds} s window per N${lightSeconds > 0 ? `, then ${lightSeconds} s of light load (1 sender, ${LIGHT_PAUSE_MS} ms pause after each answer)` : ''}`,
);
console.log(
  `machine: ${CORES} cores (${cpus()[0]?.model.trim()}), load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} at the start; ${await serviceFacts()}; clock ticks ${CLK_TCK}/s`,
);
console.log(
  'expectation: on a 2-core machine the machine, not the design, is the limit: every node, PostgreSQL, Redis and this process (senders, screens) share the same 2 cores, so N > 1 adds work (each node folds every event) without adding cores.\n',
);

type Result = NonNullable<Awaited<ReturnType<typeof run>>>;
const lat = (x: { p50: number; p99: number; max: number; n: number }) => (x.n ? `p50 ${ms(x.p50)} / p99 ${ms(x.p99)} / max ${ms(x.max)} ms (n = ${x.n})` : '-');
const results: Result[] = [];
for (const size of sizes) {
  if (interrupted) break;
  const t = performance.now();
  const r = await run(size);
  if (!r) break;
  results.push(r);
  const c = r.cpu;
  const sat = r.sat;
  console.log(
    `N=${size}  (${((performance.now() - t) / 1000).toFixed(0)} s with start-up and checks; load average now ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')})`,
  );
  console.log(
    `  saturation, ${senders} senders: ${fmt(sat.eventsPerS)} events/s, ${fmt(sat.batchesPerS)} batches/s acknowledged (${fmt(sat.eventsPerS / size)} events/s per node); batches per node ${sat.perNode.join(' / ')}`,
  );
  console.log(`    ack latency: ${lat(sat.ack)}`);
  console.log(`    POST sent -> batch's last line on a screen: on the committing node ${lat(sat.local)}; on another node ${lat(sat.remote)}`);
  for (const [i, s] of r.screens.entries()) {
    const e = sat.screens[i]!;
    console.log(
      `      screen on node${s.node + 1}: ${s.lines} lines, duplicates ${s.duplicates}, missed ${s.missed}, gaps ${s.gaps}, reconnects ${s.reconnects}, fresh snapshots ${s.fresh}; local p50/p99 ${ms(e.local.p50)}/${ms(e.local.p99)} ms, remote p50/p99 ${ms(e.remote.p50)}/${ms(e.remote.p99)} ms`,
    );
  }
  if (r.light) {
    console.log(`  light load, 1 sender: ${fmt(r.light.batchesPerS)} batches/s; ack ${lat(r.light.ack)}`);
    console.log(`    POST sent -> screen: on the committing node ${lat(r.light.local)}; on another node ${lat(r.light.remote)}`);
  }
  console.log(
    `  drain after the run: ${ms(r.drainMs)} ms; log ${fmt(r.logLength)} events; every node at the log's last seq: ${r.health.every((h) => h.seq === r.health[0]!.seq)} (status ${r.health.map((h) => h.status).join(', ')})`,
  );
  console.log(
    `    the log's commit lock (sampled every 100 ms, n = ${r.locks.samples}): on average ${r.locks.meanWaiting.toFixed(2)} of the nodes' backends waiting for it (at least one in ${(100 * r.locks.shareWaiting).toFixed(0)} % of samples), ${r.locks.meanActive.toFixed(2)} in a query`,
  );
  for (const [i, rd] of r.roads.entries()) {
    const total = rd.local + rd.stream + rd.store;
    console.log(
      `    node${i + 1} bus roads, whole run: local ${fmt(rd.local)}, stream ${fmt(rd.stream)}, store ${fmt(rd.store)} (${((100 * rd.store) / Math.max(1, total)).toFixed(1)} % from PostgreSQL); in the saturation window: local ${fmt(rd.window.local)}, stream ${fmt(rd.window.stream)}, store ${fmt(rd.window.store)}`,
    );
  }
  console.log(`  CPU over the ${c.wall.toFixed(1)} s saturation window, % of one core (ms per acknowledged event):`);
  console.log(
    `    nodes ${c.nodes.map((s, i) => `node${i + 1} ${c.core(s).toFixed(0)} %`).join(', ')} = ${c.core(c.nodesS).toFixed(0)} % (${c.msPerEvent(c.nodesS).toFixed(3)} ms/event, ${c.msPerEvent(c.nodesS / size).toFixed(3)} per node)`,
  );
  console.log(
    `    postgres ${c.core(c.pgAll).toFixed(0)} % (${c.msPerEvent(c.pgAll).toFixed(3)} ms/event; the nodes' own backends ${c.core(c.pgOurs).toFixed(0)} %, the rest is PostgreSQL's background processes and other clients)`,
  );
  console.log(
    `    redis-server ${c.core(c.redis).toFixed(0)} % (${c.msPerEvent(c.redis).toFixed(3)} ms/event); this process (senders + screens) ${c.core(c.self).toFixed(0)} % (${c.msPerEvent(c.self).toFixed(3)} ms/event)`,
  );
  console.log(
    `    everything else ${c.core(c.others).toFixed(0)} %${c.otherTop.length ? ` (top: ${c.otherTop.map((o) => `${o.comm} ${c.core(o.s).toFixed(0)} % [${o.cmd}]`).join('; ')})` : ''}`,
  );
  console.log(
    `    machine busy ${((100 * c.machineBusy) / c.capacity).toFixed(0)} % of ${CORES} cores (${c.core(c.machineBusy).toFixed(0)} % of one core); steal (the hypervisor running others) ${((100 * c.steal) / c.capacity).toFixed(1)} %`,
  );
  const probs = r.problems.flatMap((p, i) => [...p].map(([m, k]) => `node${i + 1} ×${k} ${m}`));
  console.log(`  node logs (warn and above): ${probs.length ? `\n    ${probs.join('\n    ')}` : 'none'}`);
  if (r.errors.size) console.log(`  ingest errors: ${[...r.errors].map(([m, k]) => `×${k} ${m}`).join('; ')}`);
  console.log('');
}

if (results.length) {
  const base = results.find((r) => r.size === 1) ?? results[0]!;
  console.log(`summary, saturation (ratios against N=${base.size} of this run)`);
  console.log(
    '| N | events/s | batches/s | ratio | events/s per node | ack p50 / p99 / max ms | same node p50 / p99 ms | cross-node p50 / p99 ms | backends waiting for the log lock | nodes CPU | postgres | redis | bench process | machine busy |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    const c = r.cpu;
    const s = r.sat;
    console.log(
      `| ${r.size} | ${fmt(s.eventsPerS)} | ${fmt(s.batchesPerS)} | ${(s.eventsPerS / base.sat.eventsPerS).toFixed(2)}x | ${fmt(s.eventsPerS / r.size)} | ${ms(s.ack.p50)} / ${ms(s.ack.p99)} / ${ms(s.ack.max)} | ${ms(s.local.p50)} / ${ms(s.local.p99)} | ${s.remote.n ? `${ms(s.remote.p50)} / ${ms(s.remote.p99)}` : '-'} | ${r.locks.meanWaiting.toFixed(2)} | ${c.core(c.nodesS).toFixed(0)} % | ${c.core(c.pgAll).toFixed(0)} % | ${c.core(c.redis).toFixed(0)} % | ${c.core(c.self).toFixed(0)} % | ${((100 * c.machineBusy) / c.capacity).toFixed(0)} % |`,
    );
  }
  if (results.some((r) => r.light)) {
    console.log('\nlight load (1 sender, 20 ms pause): latency when nothing queues');
    console.log('| N | ack p50 / p99 ms | same node p50 / p99 ms | cross-node p50 / p99 ms | cross-node minus same node, p50 |');
    console.log('| --- | --- | --- | --- | ---: |');
    for (const r of results) {
      const l = r.light;
      if (!l) continue;
      console.log(
        `| ${r.size} | ${ms(l.ack.p50)} / ${ms(l.ack.p99)} | ${ms(l.local.p50)} / ${ms(l.local.p99)} | ${l.remote.n ? `${ms(l.remote.p50)} / ${ms(l.remote.p99)}` : '-'} | ${l.remote.n ? `${(l.remote.p50 - l.local.p50).toFixed(2)} ms` : '-'} |`,
      );
    }
  }
  console.log('\nCPU ms per acknowledged event, saturation window');
  console.log(
    "| N | all nodes | one node (mean) | postgres (all processes) | postgres (the nodes' backends) | redis-server | bench process | everything else |",
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    const c = r.cpu;
    console.log(
      `| ${r.size} | ${c.msPerEvent(c.nodesS).toFixed(3)} | ${c.msPerEvent(c.nodesS / r.size).toFixed(3)} | ${c.msPerEvent(c.pgAll).toFixed(3)} | ${c.msPerEvent(c.pgOurs).toFixed(3)} | ${c.msPerEvent(c.redis).toFixed(3)} | ${c.msPerEvent(c.self).toFixed(3)} | ${c.msPerEvent(c.others).toFixed(3)} |`,
    );
  }
}
console.log(
  `\nbench:cluster took ${((performance.now() - started) / 1000).toFixed(0)} s; load average at the end ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
if (failures.length) {
  console.error(`\nFAILED — exactly-once or completeness checks:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(
  'checks: every acknowledged event in the log once; every screen saw every transition exactly once, in log order (0 duplicates, 0 missed); every node applied every event once.',
);
process.exit(0);
