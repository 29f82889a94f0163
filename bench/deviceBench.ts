// npm run bench:device — what one node sustains of the grid workers' phones (the device API).
// The server runs in its own process (embedded SQLite store, simulator off, traffic limits off as in
// every bench); device keys for roster workers `W<grid>` are made through the admin API; this process
// holds the phones (real socket.io-client on `/device`, tests/support/devicePhone.ts) and one real wall
// screen (city scope, as tests/support/testServer.ts connectScreen does).
//   1. Connected phones, in steps (--phones), real time: every phone heartbeats every 30 s and sends
//      one live fix every 5–10 s (uniform), from a random phase; the load runs on while each step's
//      new phones connect (each sending its last fix on connecting, which spreads the phones' track
//      samples over 30 s). Then the largest count connected and silent (what a connection costs),
//      and with time compressed (--compress K: fixes every 5/K–10/K s, heartbeats every 30/K s: the
//      message rate of K times as many phones, on the connections and the track samples of the real
//      number, since samples are one per worker per 30 s of the fixes' time). Per step: ack latency of fixes and heartbeats, server CPU, RSS and heap,
//      the event loop's lag, and on the screen the position frames' interval and the time from a fix
//      being sent to the frame that shows it.
//   2. Baseline of the live load: the first compressed step's fixes per second posted by a gateway
//      through the source API (POST /api/v1/positions, the ingest key, one batch a second), the
//      phones connected and silent: server CPU per fix, device / source.
//   3. Backlogs: --backlog-phones phones back after an hour offline, all at once, each with an hour
//      of fixes (--backlog-fixes: 360 is one every 10 s, 3,600 one a second, ending now), uploaded
//      over the socket in --chunk-fix messages (reconnecting first, each chunk after the last one's
//      answer), over HTTP in one request, and — the baseline — the same fixes of as many other
//      workers through the source API, one request each. Every phone and worker is fresh for its
//      road (no track of that hour yet).
// CPU is utime+stime from /proc, in % of one core; this process (the phones, the screen) shares the
// machine's cores with the server and is printed beside it, and so is everything else that ran.
// Usage: npm run bench:device [-- --phones 500,2000,5000 --seconds 15 --compress 4 --backlog-phones 200 --backlog-fixes 360,3600]
import type { ScreenClientToServer, ScreenServerToClient } from '../shared/socketEvents.ts';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Command } from 'commander';
import { io, type Socket } from 'socket.io-client';
import { workerRoster } from '../server/geo/workerRoster.ts';
import { SAMPLE_INTERVAL_MS } from '../server/ingest/positionIngest.ts';
import type { FixesAnswer, HeartbeatAnswer } from '../shared/device.ts';
import { decodePositionFrame } from '../shared/positionFrame.ts';

import { connectPhone, type Phone } from '../tests/support/devicePhone.ts';
import { grids } from '../tests/support/factories.ts';
import { killHard, spawnServer, type ServerProcess } from '../tests/support/serverProcess.ts';

const opts = new Command()
  .option('--phones <list>', 'connected phones, one real-time step each', '500,2000,5000')
  .option('--seconds <n>', 'measurement window of each step', '15')
  .option('--warmup <n>', 'seconds of load before each window', '3')
  .option('--compress <list>', 'time compressions run at the largest phone count (empty: none)', '4')
  .option('--backlog-phones <n>', 'phones uploading a backlog at once', '200')
  .option('--backlog-fixes <list>', 'fixes in each backlog (one hour)', '360,3600')
  .option('--chunk <n>', 'fixes per socket message of a backlog', '100')
  .parse()
  .opts<{ phones: string; seconds: string; warmup: string; compress: string; backlogPhones: string; backlogFixes: string; chunk: string }>();
const list = (s: string) => s.split(',').filter(Boolean).map(Number);
const STEPS = list(opts.phones);
const MAX_PHONES = Math.max(...STEPS);
const SECONDS = Number(opts.seconds);
const WARMUP = Number(opts.warmup);
const COMPRESSIONS = list(opts.compress).filter((k) => k > 1);
const BACKLOG_PHONES = Number(opts.backlogPhones);
const BACKLOG_SIZES = list(opts.backlogFixes);
const CHUNK = Number(opts.chunk);

// ---- figures ------------------------------------------------------------------------------------------
const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const max = (xs: number[]) => xs.reduce((m, x) => Math.max(x, m), -Infinity);
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(x >= 10 ? 1 : 2));
const lat = (xs: number[]) => `p50 ${ms(pct(xs, 50))} / p99 ${ms(pct(xs, 99))} / max ${ms(max(xs))} ms (n = ${xs.length})`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const int = (x: number) => Math.round(x).toLocaleString('en-US');
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

// ---- CPU and memory from /proc, the server's metrics ------------------------------------------------------
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
function cpuSecondsOf(pid: number): number {
  // the fields after "(comm) ": state is field 3, utime 14, stime 15
  const rest = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(rest[11]) + Number(rest[12])) / CLK_TCK;
}
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
function machineJiffies() {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0); // user nice system idle iowait irq softirq steal
  return { busy: total - cpu[3]! - cpu[4]!, total };
}
interface CpuUse {
  wall: number;
  serverS: number;
  server: number;
  bench: number;
  machine: number;
}
/** Starts a window; the returned function ends it: CPU of the server, this process and the whole machine, in % of one core. */
function cpuWindow(server: ServerProcess): () => CpuUse {
  const pid = server.child.pid!;
  const t0 = performance.now();
  const s0 = cpuSecondsOf(pid);
  const b0 = process.cpuUsage();
  const m0 = machineJiffies();
  return () => {
    const wall = (performance.now() - t0) / 1000;
    const serverS = cpuSecondsOf(pid) - s0;
    const b = process.cpuUsage(b0);
    const m = machineJiffies();
    return {
      wall,
      serverS,
      server: (serverS / wall) * 100,
      bench: ((b.user + b.system) / 1e6 / wall) * 100,
      machine: ((m.busy - m0.busy) / (m.total - m0.total)) * cpus().length * 100,
    };
  };
}
/** What else ran in a window (other work on the machine shares its cores), in % of one core. */
const others = (u: CpuUse) => Math.max(0, u.machine - u.server - u.bench);
/** Event-loop lag is read with a 10 ms timer (prom-client's and ours): 10 ms is a loop that never waited. */
const LOOP_TIMER_MS = 10;
const benchLoop = monitorEventLoopDelay({ resolution: LOOP_TIMER_MS });
benchLoop.enable();
/** The server's metrics; reading them resets prom-client's event-loop histogram, so read once before a window and once after. */
async function serverMetrics(server: ServerProcess) {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const get = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    lagP99: Math.max(0, get('nodejs_eventloop_lag_p99_seconds') * 1000 - LOOP_TIMER_MS),
    lagMax: Math.max(0, get('nodejs_eventloop_lag_max_seconds') * 1000 - LOOP_TIMER_MS),
    heapBytes: get('nodejs_heap_size_used_bytes'),
    deviceSockets: get('gridwall_device_sockets'),
  };
}

// ---- the workers, their keys and their phones -------------------------------------------------------------
const fullTime = workerRoster(grids.grids).filter((w) => w.role === 'full_time');
const gridOf = new Map(grids.grids.map((g) => [g.code, g]));
/**
 * A point near the worker's grid label point, rounded to 6 decimals (~0.1 m) as a phone app would
 * send it: 150 fixes at full double precision with an accuracy exceed the socket's 16 KB message limit.
 */
function pointNear(gridCode: string, k: number) {
  const [lon, lat] = gridOf.get(gridCode)!.centroid;
  const r = (x: number) => Math.round(x * 1e6) / 1e6;
  return { lon: r(lon + Math.sin(k / 7) * 5e-4), lat: r(lat + Math.cos(k / 11) * 5e-4) };
}
const iso = (t: number) => new Date(t).toISOString();

/** Device keys through the admin API, 8 requests in flight. */
async function makeDeviceKeys(server: ServerProcess, workers: string[]): Promise<string[]> {
  const tokens: string[] = new Array(workers.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = next++; i < workers.length; i = next++) {
        const res = await fetch(`${server.url}/api/v1/admin/keys`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
          body: JSON.stringify({ role: 'device', label: `bench phone ${i}`, worker: workers[i] }),
        });
        if (res.status !== 201) throw new Error(`key for ${workers[i]}: ${res.status} ${await res.text()}`);
        tokens[i] = ((await res.json()) as { token: string }).token;
      }
    }),
  );
  return tokens;
}

interface LivePhone {
  worker: string;
  gridCode: string;
  token: string;
  socket: Phone | null;
  steps: number;
  /** The server's rule for the live road, mirrored: a live fix 30 s (by its time) after the last sampled one is stored to the track, one commit each. */
  lastSampleAt: number;
}

/** Phones disconnected by the server or the network, by socket.io's reason (the bench's own closes are not counted). */
const dropped = new Map<string, number>();
const leaving = new WeakSet<Phone>();
const leave = (socket: Phone) => {
  leaving.add(socket);
  socket.disconnect();
};
const welcomed = (socket: Phone) =>
  new Promise<void>((resolve, reject) => {
    socket.once('welcome', () => resolve());
    socket.once('connect_error', reject);
  });

/**
 * Connects phones, 100 handshakes in flight; resolves with each one's time from connecting to
 * `welcome`. Each phone then sends the fix it last took, up to 30 s old, as an app does on connecting:
 * it is live and sampled to the track, so the phones' next samples (30 s of fix time later) fall
 * evenly over the following 30 s, as in a city whose phones did not all start at once, rather than
 * all within the first fixes of the load.
 */
async function connectAll(server: ServerProcess, phones: LivePhone[]): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      for (let i = next++; i < phones.length; i = next++) {
        const p = phones[i]!;
        const t = performance.now();
        const socket = connectPhone(server.url, p.token);
        await welcomed(socket);
        times.push(performance.now() - t);
        const at = Date.now() - Math.random() * SAMPLE_INTERVAL_MS;
        const answer = (await socket.timeout(30_000).emitWithAck('fixes', { fixes: [{ ...pointNear(p.gridCode, p.steps++), at: iso(at), accuracy: 8 }] })) as {
          ok: boolean;
          result?: FixesAnswer;
        };
        if (!answer.ok || !answer.result!.live) throw new Error(`${p.worker}: the fix sent on connecting was not taken live: ${JSON.stringify(answer)}`);
        p.lastSampleAt = at;
        socket.on('disconnect', (reason) => {
          if (!leaving.has(socket)) dropped.set(reason, (dropped.get(reason) ?? 0) + 1);
        });
        p.socket = socket;
      }
    }),
  );
  return times;
}

/** What the phones and the screen recorded in a window. */
interface Tally {
  fix: number[];
  beat: number[];
  errors: number;
  firstError?: string;
  /** Live fixes stored to the track (each its own commit), by the mirrored rule. */
  samples: number;
  /** Workers whose fix went live, and when (ms) the first of their live fixes not yet on the screen was sent: the screen takes them off when it shows them. */
  liveSent: Map<string, number>;
  liveWorkers: Set<string>;
  /** From a live fix being sent to the position frame that carries its worker. */
  toScreen: number[];
}
const newTally = (): Tally => ({ fix: [], beat: [], errors: 0, samples: 0, liveSent: new Map(), liveWorkers: new Set(), toScreen: [] });

/**
 * The phones' live load, running from the first step to the last: every phone sends a live fix every
 * 5–10 s and a heartbeat every 30 s (both divided by `compress`), from a random phase; each answer
 * is timed by its ack and goes to the tally of the moment. Phones join as they connect; a change of
 * `compress` reschedules every phone from a random phase of the new intervals.
 */
function liveLoad(tally: () => Tally) {
  const timers = new Map<LivePhone, { fix?: NodeJS.Timeout; beat?: NodeJS.Timeout }>();
  let compress = 1;
  const fail = (what: string) => {
    const t = tally();
    t.errors += 1;
    t.firstError ??= what;
  };
  type Answer<T> = { ok: boolean; result?: T; error?: { code: string } };
  function sendFix(p: LivePhone) {
    const sent = performance.now();
    const at = Date.now();
    p.socket!.timeout(30_000).emit(
      'fixes',
      { fixes: [{ ...pointNear(p.gridCode, p.steps++), at: iso(at), accuracy: 8 }] },
      (err: Error | null, answer: Answer<FixesAnswer>) => {
        if (err || !answer.ok) return fail(err?.message ?? answer.error!.code);
        const t = tally();
        t.fix.push(performance.now() - sent);
        if (answer.result!.live) {
          if (at - p.lastSampleAt >= SAMPLE_INTERVAL_MS) {
            p.lastSampleAt = at;
            t.samples += 1;
          }
          t.liveWorkers.add(p.worker);
          if (!t.liveSent.has(p.worker)) t.liveSent.set(p.worker, sent);
        }
      },
    );
    timers.get(p)!.fix = setTimeout(sendFix, (5000 + Math.random() * 5000) / compress, p);
  }
  function sendBeat(p: LivePhone) {
    const sent = performance.now();
    p.socket!.timeout(30_000).emit('heartbeat', { at: iso(Date.now()), battery: 80 }, (err: Error | null, answer: Answer<HeartbeatAnswer>) => {
      if (err || !answer.ok) return fail(err?.message ?? answer.error!.code);
      tally().beat.push(performance.now() - sent);
    });
    timers.get(p)!.beat = setTimeout(sendBeat, 30_000 / compress, p);
  }
  const start = (p: LivePhone) => {
    timers.set(p, {
      fix: setTimeout(sendFix, (Math.random() * 7500) / compress, p),
      beat: setTimeout(sendBeat, (Math.random() * 30_000) / compress, p),
    });
  };
  const clear = () => {
    for (const t of timers.values()) {
      clearTimeout(t.fix);
      clearTimeout(t.beat);
    }
  };
  return {
    add: (phones: LivePhone[]) => phones.forEach(start),
    setCompress(k: number) {
      clear();
      compress = k;
      [...timers.keys()].forEach(start);
    },
    stop: clear,
  };
}

// ---- the wall's screen --------------------------------------------------------------------------------------
/** A real screen: when each position frame came, how many workers it moved, and which of the phones' live fixes it showed. */
function connectScreenProbe(server: ServerProcess, tally: () => Tally) {
  const socket: Socket<ScreenServerToClient, ScreenClientToServer> = io(server.url, {
    auth: { token: server.screenToken, wall: 'demo', screen: '1-1' },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  let frames: { at: number; count: number }[] = [];
  const ids: string[] = [];
  socket.on('snapshot', (s) => ids.splice(0, ids.length, ...s.workerIds));
  socket.on('roster', (r) => r.ids.forEach((id, k) => (ids[r.from + k] = id)));
  socket.on('positions', (frame) => {
    const now = performance.now();
    const { indices } = decodePositionFrame(frame);
    frames.push({ at: now, count: indices.length });
    const t = tally();
    for (const i of indices) {
      const worker = ids[i];
      const sent = worker === undefined ? undefined : t.liveSent.get(worker);
      if (sent === undefined) continue;
      t.toScreen.push(now - sent);
      t.liveSent.delete(worker!);
    }
  });
  const ready = new Promise<void>((resolve, reject) => {
    socket.once('snapshot', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    ready,
    /** Starts a window of frames; the returned function ends it. */
    window() {
      frames = [];
      return () => {
        const gaps = frames.slice(1).map((f, i) => f.at - frames[i]!.at);
        return { frames: frames.length, gaps, perFrame: frames.reduce((s, f) => s + f.count, 0) / Math.max(1, frames.length) };
      };
    },
    close: () => socket.disconnect(),
  };
}
type ScreenProbe = ReturnType<typeof connectScreenProbe>;
/** Where the phones' answers go, and whose live fixes the screen looks for (the same window's, until its last frame). */
interface Tallies {
  phones: Tally;
  screen: Tally;
}

// ---- 1 and 2: the live load and its baseline ------------------------------------------------------------------
interface StepResult {
  label: string;
  phones: number;
  compress: number;
  fixesPerS: number;
  beatsPerS: number;
  tally: Tally;
  cpu: CpuUse;
  rss: number;
  heapBytes: number;
  lagP99: number;
  lagMax: number;
  benchLagP99: number;
  gaps: number[];
  frames: number;
  perFrame: number;
  shown: number;
}

/** Runs the live load on `phones` for the warm-up and the window; the screen's tally follows the phones'. */
/** Measures the running load: `phones` are the phones in it, sending at `compress`. */
async function liveStep(server: ServerProcess, screen: ScreenProbe, phones: LivePhone[], compress: number, tallies: Tallies): Promise<StepResult> {
  tallies.phones = tallies.screen = newTally();
  await sleep(WARMUP * 1000);
  const t = (tallies.phones = tallies.screen = newTally());
  await serverMetrics(server);
  benchLoop.reset();
  const cpu = cpuWindow(server);
  const frames = screen.window();
  await sleep(SECONDS * 1000);
  const used = cpu();
  const benchLagP99 = Math.max(0, benchLoop.percentile(99) / 1e6 - LOOP_TIMER_MS);
  const m = await serverMetrics(server);
  const fixesPerS = t.fix.length / used.wall;
  const beatsPerS = t.beat.length / used.wall;
  // the window's last live fixes reach the screen with the next position frame (a frame a second);
  // what the phones send meanwhile is not the window's
  tallies.phones = newTally();
  await sleep(1500);
  const shown = frames();
  if (t.errors) console.log(`    ${int(t.errors)} messages failed (first: ${t.firstError})`);
  return {
    label: compress === 1 ? `${int(phones.length)} phones` : `${int(phones.length)} phones, time x${compress}`,
    phones: phones.length,
    compress,
    fixesPerS,
    beatsPerS,
    tally: t,
    cpu: used,
    rss: rssOf(server.child.pid!),
    heapBytes: m.heapBytes,
    lagP99: m.lagP99,
    lagMax: m.lagMax,
    benchLagP99,
    gaps: shown.gaps,
    frames: shown.frames,
    perFrame: shown.perFrame,
    shown: t.liveWorkers.size - t.liveSent.size,
  };
}

function printStep(r: StepResult) {
  const t = r.tally;
  console.log(
    `  ${r.label}${r.compress > 1 ? ` (the messages of ${int(r.phones * r.compress)} phones)` : ''}: fixes ${int(r.fixesPerS)}/s, ack ${lat(t.fix)}; heartbeats ${int(r.beatsPerS)}/s, ack ${lat(t.beat)}`,
  );
  console.log(`    track samples of live fixes, one commit each: ${int(t.samples / r.cpu.wall)}/s (one per phone per 30 s: ${int(r.phones / 30)}/s)`);
  console.log(
    `    server CPU ${r.cpu.server.toFixed(1)} %, RSS ${mib(r.rss)}, heap ${mib(r.heapBytes)}, event-loop lag p99 ${ms(r.lagP99)} ms (max ${ms(r.lagMax)}); bench process ${r.cpu.bench.toFixed(0)} % (its lag p99 ${ms(r.benchLagP99)} ms); everything else ${others(r.cpu).toFixed(0)} %`,
  );
  console.log(
    `    screen: ${r.frames} position frames, interval ${lat(r.gaps)}, ${int(r.perFrame)} workers a frame; fix sent -> on the screen ${lat(t.toScreen)}; ${int(r.shown)} of the ${int(t.liveWorkers.size)} workers with a live fix shown`,
  );
}

/** The baseline of the live load: a gateway posting the same fixes per second through the source API, one batch a second. */
async function gatewayStep(server: ServerProcess, phones: LivePhone[], fixesPerS: number) {
  const post = (fixes: unknown[]) =>
    fetch(`${server.url}/api/v1/positions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.ingestKey}` },
      body: JSON.stringify({ fixes }),
    });
  const latencies: number[] = [];
  let sent = 0;
  let sampled = 0;
  let failed = 0;
  let k = 0;
  const batch = () =>
    Array.from({ length: Math.round(fixesPerS) }, () => {
      const p = phones[k++ % phones.length]!;
      return { workerId: p.worker, gridCode: p.gridCode, ...pointNear(p.gridCode, p.steps++), at: iso(Date.now()) };
    });
  const run = async (seconds: number, measure: boolean) => {
    const inFlight: Promise<void>[] = [];
    for (let s = 0; s < seconds; s++) {
      const t = performance.now();
      const fixes = batch();
      inFlight.push(
        post(fixes).then(async (res) => {
          const answer = (await res.json()) as { sampled?: number };
          if (!res.ok) failed += 1;
          if (measure) {
            latencies.push(performance.now() - t);
            sent += fixes.length;
            sampled += answer.sampled ?? 0;
          }
        }),
      );
      await sleep(Math.max(0, 1000 - (performance.now() - t)));
    }
    await Promise.all(inFlight);
  };
  await run(WARMUP, false);
  const cpu = cpuWindow(server);
  await run(SECONDS, true);
  const used = cpu();
  if (failed) console.log(`    ${failed} gateway requests failed`);
  return { fixesPerS: sent / used.wall, sent, samplesPerS: sampled / used.wall, latencies, cpu: used };
}

// ---- 3: backlogs ---------------------------------------------------------------------------------------------------
/** A POST on a connection of its own, as each phone has (not a keep-alive connection of a pool shared by many "phones"). */
function postOwnConnection(url: string, token: string, body: unknown): Promise<{ status: number; text: string }> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), authorization: `Bearer ${token}` },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      },
    );
    req.once('error', reject);
    req.end(data);
  });
}

type Road = 'socket' | 'http' | 'source';
interface BacklogResult {
  road: Road;
  n: number;
  fixes: number;
  accepted: number;
  tracked: number;
  requests: number[];
  perPhone: number[];
  connect: number[];
  cpu: CpuUse;
}
/** Who uploads: a phone (its device key), or for the source baseline a worker whom a source names (no key of his own). */
interface Uploader {
  worker: string;
  gridCode: string;
  token?: string;
}

/** An hour of fixes ending now, oldest first: `n` evenly spaced. */
function hourOf(u: Uploader, n: number, now: number) {
  const step = 3600_000 / n;
  return Array.from({ length: n }, (_, k) => ({ ...pointNear(u.gridCode, k), at: iso(now - 3600_000 + (k + 1) * step), accuracy: 12.5 }));
}

/** Every uploader at once (a reconnect storm); a phone's socket chunks one after the other, as its queue drains. */
async function backlogRun(server: ServerProcess, road: Road, uploaders: Uploader[], n: number): Promise<BacklogResult> {
  const now = Date.now();
  const backlogs = uploaders.map((u) => hourOf(u, n, now));
  const requests: number[] = [];
  const perPhone: number[] = [];
  const connect: number[] = [];
  let accepted = 0;
  let tracked = 0;
  const cpu = cpuWindow(server);
  await Promise.all(
    uploaders.map(async (u, i) => {
      const fixes = backlogs[i]!;
      const t0 = performance.now();
      if (road === 'socket') {
        const socket = connectPhone(server.url, u.token!);
        await welcomed(socket);
        connect.push(performance.now() - t0);
        for (let k = 0; k < fixes.length; k += CHUNK) {
          const t = performance.now();
          const answer = (await socket.timeout(60_000).emitWithAck('fixes', { fixes: fixes.slice(k, k + CHUNK) })) as {
            ok: boolean;
            result?: FixesAnswer;
            error?: unknown;
          };
          if (!answer.ok) throw new Error(`${u.worker}: a chunk refused: ${JSON.stringify(answer.error)}`);
          requests.push(performance.now() - t);
          accepted += answer.result!.accepted;
          tracked += answer.result!.tracked + answer.result!.live;
        }
        leave(socket);
      } else {
        const source = road === 'source';
        // the source API: the same fixes, each naming its worker and his grid (it has no accuracy field)
        const body = source ? { fixes: fixes.map(({ accuracy: _, ...f }) => ({ workerId: u.worker, gridCode: u.gridCode, ...f })) } : { fixes };
        const res = await postOwnConnection(`${server.url}/api/v1/${source ? 'positions' : 'device/fixes'}`, source ? server.ingestKey : u.token!, body);
        if (res.status !== 200) throw new Error(`${u.worker} over ${road}: ${res.status} ${res.text}`);
        const answer = JSON.parse(res.text) as FixesAnswer & { sampled?: number };
        requests.push(performance.now() - t0);
        accepted += answer.accepted;
        tracked += source ? answer.sampled! : answer.tracked + answer.live;
      }
      perPhone.push(performance.now() - t0);
    }),
  );
  return { road, n, fixes: uploaders.length * n, accepted, tracked, requests, perPhone, connect, cpu: cpu() };
}

// ---- main --------------------------------------------------------------------------------------------------------
// the backlog's phones are the first of the live ones (socket and HTTP: fresh ones per size); the
// source's workers come after every phone (no key)
const keysNeeded = Math.max(MAX_PHONES, BACKLOG_PHONES * 2 * BACKLOG_SIZES.length);
if (keysNeeded + BACKLOG_PHONES * BACKLOG_SIZES.length > fullTime.length)
  throw new Error(`more workers wanted than the roster's ${fullTime.length} full-time workers`);
console.log(
  `bench:device — machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  `steps of ${STEPS.map(int).join(', ')} phones, windows of ${SECONDS} s after ${WARMUP} s of load; time compressed x${COMPRESSIONS.join(', x') || ' none'}; backlogs of ${BACKLOG_SIZES.map(int).join(' and ')} fixes x ${BACKLOG_PHONES} phones, ${CHUNK} a socket message`,
);

const dir = mkdtempSync(join(tmpdir(), 'gridwall-devicebench-'));
const server = await spawnServer(dir);
process.on('SIGINT', () => void killHard(server).finally(() => process.exit(130)));
try {
  let t = performance.now();
  const workers = fullTime.slice(0, keysNeeded);
  const tokens = await makeDeviceKeys(
    server,
    workers.map((w) => w.id),
  );
  const keySeconds = (performance.now() - t) / 1000;
  console.log(
    `device keys: ${int(keysNeeded)} made through POST /api/v1/admin/keys in ${keySeconds.toFixed(1)} s (${int(keysNeeded / keySeconds)} keys/s, 8 in flight)`,
  );
  const phones: LivePhone[] = workers.map((w, i) => ({
    worker: w.id,
    gridCode: w.gridCode,
    token: tokens[i]!,
    socket: null,
    steps: 0,
    lastSampleAt: -Infinity,
  }));

  const tallies: Tallies = { phones: newTally(), screen: newTally() };
  const screen = connectScreenProbe(server, () => tallies.screen);
  await screen.ready;
  await sleep(2000);
  const idleRss = rssOf(server.child.pid!);
  const idleHeap = (await serverMetrics(server)).heapBytes;
  const idleWindow = cpuWindow(server);
  await sleep(5000);
  const idle = idleWindow();
  console.log(
    `idle server, one screen: RSS ${mib(idleRss)}, heap ${mib(idleHeap)}, CPU ${idle.server.toFixed(1)} % (its ticks); everything else ${others(idle).toFixed(0)} %`,
  );
  /** Server CPU above the idle server's, per item, in µs. */
  const marginal = (u: CpuUse, items: number) => ((u.serverS - (idle.serverS / idle.wall) * u.wall) / Math.max(1, items)) * 1e6;

  // 1. connected phones, step by step: the load runs on, and each step's new phones join it
  const load = liveLoad(() => tallies.phones);
  const steps: StepResult[] = [];
  const connectTimes: number[] = [];
  let connected = 0;
  for (const n of STEPS) {
    t = performance.now();
    const more = phones.slice(connected, n);
    connectTimes.push(...(await connectAll(server, more)));
    connected = n;
    load.add(more);
    console.log(
      `  ${int(n)} phones connected (+${int(more.length)} in ${((performance.now() - t) / 1000).toFixed(1)} s; the server counts ${(await serverMetrics(server)).deviceSockets}); this process's RSS ${mib(process.memoryUsage().rss)}`,
    );
    const r = await liveStep(server, screen, phones.slice(0, n), 1, tallies);
    steps.push(r);
    printStep(r);
  }
  const largest = steps.at(-1)!;
  // the same phones connected and silent: what holding a connection costs (socket.io's pings, the keys' refresh)
  load.stop();
  await sleep(2000);
  const silentWindow = cpuWindow(server);
  await sleep(5000);
  const silent = silentWindow();
  console.log(
    `  ${int(MAX_PHONES)} phones connected, silent: server CPU ${silent.server.toFixed(1)} % (idle ${idle.server.toFixed(1)} %), RSS ${mib(rssOf(server.child.pid!))}`,
  );

  const compressed: StepResult[] = [];
  for (const k of COMPRESSIONS) {
    load.setCompress(k);
    const r = await liveStep(server, screen, phones.slice(0, MAX_PHONES), k, tallies);
    compressed.push(r);
    printStep(r);
  }
  load.stop();
  await sleep(1000); // the answers in flight
  // 2. the baseline: the first compressed step's fixes per second from a gateway through the source API
  const gateway = compressed[0] && (await gatewayStep(server, phones.slice(0, MAX_PHONES), compressed[0].fixesPerS));
  if (gateway)
    console.log(
      `  baseline, source API: ${int(gateway.fixesPerS)} fixes/s in one POST /api/v1/positions a second (the phones connected, silent; ${int(gateway.samplesPerS)} track samples/s, one commit a batch): request ${lat(gateway.latencies)}; server CPU ${gateway.cpu.server.toFixed(1)} %, bench ${gateway.cpu.bench.toFixed(0)} %, everything else ${others(gateway.cpu).toFixed(0)} %`,
    );

  for (const p of phones) if (p.socket) leave(p.socket);
  if (dropped.size)
    console.log(`  phones dropped by the server or the network during the live steps: ${[...dropped].map(([reason, n]) => `${reason} ${n}`).join(', ')}`);
  await sleep(3000);
  console.log(`  phones gone: server RSS ${mib(rssOf(server.child.pid!))}`);

  // 3. backlogs
  const backlogs: BacklogResult[] = [];
  for (const [si, n] of BACKLOG_SIZES.entries()) {
    const groups: Record<Road, Uploader[]> = {
      socket: phones.slice(2 * si * BACKLOG_PHONES, (2 * si + 1) * BACKLOG_PHONES),
      http: phones.slice((2 * si + 1) * BACKLOG_PHONES, (2 * si + 2) * BACKLOG_PHONES),
      source: fullTime.slice(keysNeeded + si * BACKLOG_PHONES, keysNeeded + (si + 1) * BACKLOG_PHONES).map((w) => ({ worker: w.id, gridCode: w.gridCode })),
    };
    for (const road of ['socket', 'http', 'source'] as Road[]) {
      const r = await backlogRun(server, road, groups[road], n);
      backlogs.push(r);
      const how = road === 'socket' ? `reconnect ${lat(r.connect)}; chunk ack ${lat(r.requests)}` : `request ${lat(r.requests)}`;
      console.log(
        `  backlog of ${int(n)} fixes x ${BACKLOG_PHONES} over ${road}: ${int(r.accepted / r.cpu.wall)} fixes/s taken (${int(r.accepted)} of ${int(r.fixes)} in ${r.cpu.wall.toFixed(1)} s), ${int(r.tracked)} track rows; ${how}; a phone's whole upload p50 ${ms(pct(r.perPhone, 50))} / p99 ${ms(pct(r.perPhone, 99))} ms; server CPU ${r.cpu.server.toFixed(0)} % = ${((r.cpu.serverS / r.fixes) * 1e6).toFixed(1)} µs a fix; bench ${r.cpu.bench.toFixed(0)} %, everything else ${others(r.cpu).toFixed(0)} %`,
      );
    }
  }

  // the summary
  console.log(
    '\n| step | phones (messages of) | fixes/s | heartbeats/s | fix ack p50 / p99 | heartbeat ack p50 / p99 | server CPU | server RSS | event-loop lag p99 | frame interval p50 / max | fix -> screen p50 / p99 | bench process | everything else |',
  );
  console.log('| --- | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: | --- | --- | ---: | ---: |');
  for (const r of [...steps, ...compressed]) {
    const t = r.tally;
    console.log(
      `| ${r.label} | ${int(r.phones)} (${int(r.phones * r.compress)}) | ${int(r.fixesPerS)} | ${int(r.beatsPerS)} | ${ms(pct(t.fix, 50))} / ${ms(pct(t.fix, 99))} ms | ${ms(pct(t.beat, 50))} / ${ms(pct(t.beat, 99))} ms | ${r.cpu.server.toFixed(1)} % | ${mib(r.rss)} | ${ms(r.lagP99)} ms | ${ms(pct(r.gaps, 50))} / ${ms(max(r.gaps))} ms | ${ms(pct(t.toScreen, 50))} / ${ms(pct(t.toScreen, 99))} ms | ${r.cpu.bench.toFixed(0)} % | ${others(r.cpu).toFixed(0)} % |`,
    );
  }
  console.log(
    `\nmemory per connected phone, ${int(largest.phones)} against none: RSS ${((largest.rss - idleRss) / largest.phones / 1024).toFixed(1)} KiB, heap ${((largest.heapBytes - idleHeap) / largest.phones / 1024).toFixed(1)} KiB; connecting (100 at a time) to welcome ${lat(connectTimes)}`,
  );
  console.log(
    `a connected, silent phone: ${(((silent.server - idle.server) / MAX_PHONES) * 1000).toFixed(2)} ‰ of a core (${int(MAX_PHONES)}: ${(silent.server - idle.server).toFixed(1)} % above idle)`,
  );
  for (const r of [...steps, ...compressed]) {
    console.log(
      `server CPU above idle, ${r.label}: ${marginal(r.cpu, r.tally.fix.length + r.tally.beat.length).toFixed(0)} µs a message (fixes and heartbeats), ${(((r.cpu.server - idle.server) / r.phones) * 1000).toFixed(3)} ‰ of a core a phone`,
    );
  }
  if (gateway && compressed[0]) {
    const c = compressed[0];
    const device = marginal(c.cpu, c.tally.fix.length + c.tally.beat.length);
    const source = marginal(gateway.cpu, gateway.sent);
    console.log(
      `live fixes, server CPU above idle: device ${device.toFixed(0)} µs a message (${c.label}: one fix or one heartbeat a message) / source ${source.toFixed(1)} µs a fix (a batch of ${int(gateway.fixesPerS)} a second) = ${(device / source).toFixed(1)}x`,
    );
  }
  for (const n of BACKLOG_SIZES) {
    const of = (road: Road) => backlogs.find((b) => b.road === road && b.n === n)!;
    const [s, h, src] = [of('socket'), of('http'), of('source')];
    const rate = (b: BacklogResult) => b.accepted / b.cpu.wall;
    const us = (b: BacklogResult) => ((b.cpu.serverS / b.fixes) * 1e6).toFixed(1);
    console.log(
      `backlog of ${int(n)}: fixes/s socket ${int(rate(s))}, HTTP ${int(rate(h))}, source ${int(rate(src))}: device / source ${(rate(s) / rate(src)).toFixed(2)}x over the socket, ${(rate(h) / rate(src)).toFixed(2)}x over HTTP; server CPU a fix ${us(s)} / ${us(h)} / ${us(src)} µs; track rows a phone ${(s.tracked / BACKLOG_PHONES).toFixed(0)} / ${(h.tracked / BACKLOG_PHONES).toFixed(0)} / ${(src.tracked / BACKLOG_PHONES).toFixed(0)}`,
    );
  }
  screen.close();
} catch (err) {
  console.error(`the bench failed; the server's last output:\n${server.output().slice(-3000)}`);
  throw err;
} finally {
  const warnings = server
    .output()
    .split('\n')
    .filter((l) => /"level":(40|50|60)/.test(l));
  console.log(`server log: ${warnings.length} warnings or errors${warnings.length ? `, the first: ${warnings[0]!.slice(0, 300)}` : ''}`);
  await killHard(server);
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
