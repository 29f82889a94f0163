// npm run bench:adapter — what crosses nodes through Socket.IO (the consoles' command log, screen
// presence), through each of two Redis adapters, side by side in the same run:
//   streams  @socket.io/redis-streams-adapter, built exactly as the server builds it
//            (server/bus/socketAdapter.ts on a server/bus/redisClient.ts client: a stream of ~10,000 entries)
//   pubsub   @socket.io/redis-adapter 8 (plain Redis pub/sub; a pub and a sub client,
//            publishOnSpecificResponseChannel on)
// For each adapter (distinct key prefixes on the same Redis): server A in this process, server B in
// a child process (its own event loop and core, as another node would be); M socket.io-client
// clients connect to B and join one room; A emits `commandLog`-like entries to that room, so every
// message crosses Redis. The clients live in this process, so send and receipt share one clock.
//   latency     K messages paced at --rate per second: send -> receipt at every client, p50/p99/max
//   throughput  K messages as fast as A can emit them: deliveries/s until the last arrives
//   fetchSockets --fetches sequential io.in(room).fetchSockets() on A (the M sockets are on B), p50/p99
// plus the CPU of B, of this process and of redis-server during the throughput phase (/proc).
// Every client must receive every message once; a loss is reported (and fails the run).
// Rounds alternate the order (streams, pubsub, then pubsub, streams, ...) against drift on a busy machine.
// Usage: npm run bench:adapter [-- --clients 1,50 --messages 5000 --rate 500 --fetches 300 --rounds 2]
import { fork, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { createAdapter as createPubSubAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server, type ServerOptions } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { connectRedis } from '../server/redis/redisClient.ts';
import { socketAdapter } from '../server/push/socketAdapter.ts';

type AdapterKind = 'streams' | 'pubsub';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROOM = 'console:demo';

const opts = new Command()
  .option('--clients <list>', 'clients on server B, in the room (one measurement per number)', '1,50')
  .option('--messages <n>', 'messages per phase (K)', '5000')
  .option('--rate <n>', 'messages per second in the latency phase', '500')
  .option('--fetches <n>', 'sequential fetchSockets() calls from A', '300')
  .option('--rounds <n>', 'rounds over both adapters (the order alternates)', '2')
  .option('--adapters <list>', 'which adapters', 'streams,pubsub')
  .option('--role <role>', '(internal) main | b', 'main')
  .option('--adapter <kind>', '(internal) the adapter of server B')
  .option('--prefix <prefix>', '(internal) the Redis key prefix of server B')
  .parse()
  .opts<{
    clients: string;
    messages: string;
    rate: string;
    fetches: string;
    rounds: string;
    adapters: string;
    role: string;
    adapter?: AdapterKind;
    prefix?: string;
  }>();

/** A Socket.IO adapter on Redis under this prefix, and how to close its clients. */
async function openAdapter(kind: AdapterKind, prefix: string): Promise<{ adapter: ServerOptions['adapter']; close(): Promise<void> }> {
  if (kind === 'streams') {
    // as server/app.ts: one client (queueing while Redis is away), the adapter on it
    const client = await connectRedis(REDIS_URL, { offlineQueue: true });
    return { adapter: socketAdapter(client, prefix), close: () => client.close().catch(() => undefined) };
  }
  const pub = await connectRedis(REDIS_URL, { offlineQueue: true });
  const sub = await connectRedis(REDIS_URL, { offlineQueue: true });
  return {
    adapter: createPubSubAdapter(pub, sub, { key: `${prefix}:socket.io`, publishOnSpecificResponseChannel: true }) as ServerOptions['adapter'],
    close: async () => {
      await Promise.all([pub.close(), sub.close()]).catch(() => undefined);
    },
  };
}

/** A Socket.IO server as the server makes one (no per-message deflate), with the adapter; sockets join the room. */
async function startIo(kind: AdapterKind, prefix: string) {
  const adapter = await openAdapter(kind, prefix);
  const http = createServer();
  const io = new Server(http, { serveClient: false, perMessageDeflate: false, adapter: adapter.adapter });
  io.on('connection', (socket) => {
    socket.data = { wall: 'demo', screen: String(socket.handshake.auth?.screen ?? '?') };
    void socket.join(ROOM);
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  return {
    io,
    port: (http.address() as AddressInfo).port,
    async close() {
      await io.close();
      await adapter.close();
    },
  };
}

// ---- server B: a child process --------------------------------------------------------------------
if (opts.role === 'b') {
  const b = await startIo(opts.adapter!, opts.prefix!);
  let mark = process.cpuUsage();
  process.on('message', (m: { type: string }) => {
    if (m.type === 'cpuMark') {
      mark = process.cpuUsage();
      process.send!({ type: 'ok' });
    } else if (m.type === 'cpu') {
      const u = process.cpuUsage(mark);
      process.send!({ type: 'cpu', s: (u.user + u.system) / 1e6 });
    } else if (m.type === 'stop') void b.close().finally(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({ type: 'listening', port: b.port });
} else {
  await main();
}

// ---- the bench ---------------------------------------------------------------------------------------
async function main() {
  const clientCounts = opts.clients.split(',').map(Number);
  const K = Number(opts.messages);
  const rate = Number(opts.rate);
  const fetches = Number(opts.fetches);
  const rounds = Number(opts.rounds);
  const kinds = opts.adapters.split(',') as AdapterKind[];
  const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

  const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);
  const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
  const f2 = (x: number) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toFixed(2)) : '-');
  const fmt = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 });

  const redisPid = (() => {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        if (readFileSync(`/proc/${name}/comm`, 'utf8').trim() === 'redis-server') return Number(name);
      } catch {
        /* gone */
      }
    }
    return null;
  })();
  const redisTicks = () => {
    if (!redisPid) return NaN;
    const stat = readFileSync(`/proc/${redisPid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK;
  };

  let child: ChildProcess | null = null;
  const prefixes: string[] = [];
  const deleteKeys = async () => {
    const client = createClient({ url: REDIS_URL });
    client.on('error', () => undefined);
    await client.connect();
    for (const prefix of prefixes) {
      const keys: string[] = [];
      for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) keys.push(...batch);
      if (keys.length) await client.del(keys);
    }
    await client.close();
  };
  let interrupted = false;
  process.on('SIGINT', () => {
    if (interrupted) return;
    interrupted = true;
    console.error('\ninterrupted');
    child?.kill('SIGKILL');
    void deleteKeys()
      .catch(() => undefined)
      .finally(() => process.exit(130));
  });

  const ask = <T>(c: ChildProcess, message: object, reply: string) =>
    new Promise<T>((resolve) => {
      const on = (m: { type: string }) => {
        if (m.type !== reply) return;
        c.off('message', on);
        resolve(m as T);
      };
      c.on('message', on);
      c.send(message);
    });

  async function measure(kind: AdapterKind, M: number) {
    const prefix = `adb_${process.pid}_${randomBytes(3).toString('hex')}_${kind}`;
    prefixes.push(prefix);
    const b = (child = fork(fileURLToPath(import.meta.url), ['--role', 'b', '--adapter', kind, '--prefix', prefix], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }));
    const bPort = await new Promise<number>((resolve, reject) => {
      b.once('exit', (code) => reject(new Error(`server B exited ${code}`)));
      b.on('message', (m: { type: string; port?: number }) => m.type === 'listening' && resolve(m.port!));
    });
    const a = await startIo(kind, prefix);
    const clients: Socket[] = [];
    try {
      // the receipts: the entry's id is the message's index; sent[] holds its send time
      let sent: number[] = [];
      let received = 0;
      let latencies: number[] = [];
      let lastAt = 0;
      let counts = new Uint8Array(0);
      let dupes = 0;
      const probed = new Set<Socket>();
      for (let i = 0; i < M; i++) {
        const c = connect(`http://127.0.0.1:${bPort}`, { transports: ['websocket'], forceNew: true, auth: { screen: `s${i}` } });
        c.on('commandLog', (entries: { id: number }[]) => {
          const now = performance.now();
          const id = entries[0]!.id;
          if (id < 0) {
            probed.add(c);
            return;
          }
          // one counter per message and client
          if (counts[id * M + i]! >= 1) dupes += 1;
          counts[id * M + i]! += 1;
          latencies.push(now - sent[id]!);
          received += 1;
          lastAt = now;
        });
        clients.push(c);
      }
      await Promise.all(clients.map((c) => new Promise((r) => (c.connected ? r(null) : c.once('connect', () => r(null))))));
      // every client in the room, and B reading what A publishes: probes until each client has one
      for (let i = 0; probed.size < M; i++) {
        if (i > 200) throw new Error(`${kind}: only ${probed.size} of ${M} clients got a probe from A`);
        a.io.to(ROOM).emit('commandLog', [entry(-1)]);
        await sleep(50);
      }
      await sleep(200);

      const reset = () => {
        sent = new Array<number>(K);
        counts = new Uint8Array(K * M);
        latencies = [];
        received = 0;
        dupes = 0;
      };
      const waitAll = async (timeoutMs: number) => {
        const until = performance.now() + timeoutMs;
        while (received < K * M && performance.now() < until) await sleep(5);
      };

      // latency: paced
      reset();
      const t0 = performance.now();
      for (let i = 0; i < K; ) {
        const due = Math.min(K, Math.floor(((performance.now() - t0) / 1000) * rate) + 1);
        for (; i < due; i++) {
          sent[i] = performance.now();
          a.io.to(ROOM).emit('commandLog', [entry(i)]);
        }
        await sleep(1);
      }
      await waitAll(30_000);
      const paced = { received, dupes, lat: [...latencies].sort((x, y) => x - y) };

      // throughput: as fast as A emits (100 at a time, then a turn of the event loop)
      reset();
      await ask(b, { type: 'cpuMark' }, 'ok');
      const self0 = process.cpuUsage();
      const redis0 = redisTicks();
      const t1 = performance.now();
      for (let i = 0; i < K; i++) {
        sent[i] = performance.now();
        a.io.to(ROOM).emit('commandLog', [entry(i)]);
        if (i % 100 === 99) await new Promise((r) => setImmediate(r));
      }
      const emitted = performance.now() - t1;
      await waitAll(60_000);
      const span = (lastAt - t1) / 1000;
      const self = process.cpuUsage(self0);
      const bCpu = (await ask<{ s: number }>(b, { type: 'cpu' }, 'cpu')).s;
      const blast = {
        received,
        dupes,
        span,
        emittedMs: emitted,
        lat: [...latencies].sort((x, y) => x - y),
        deliveriesPerS: received / span,
        messagesPerS: K / span,
        cpu: { b: bCpu, self: (self.user + self.system) / 1e6, redis: redisTicks() - redis0 },
      };

      // fetchSockets from A: every socket is on B
      const fetchLat: number[] = [];
      for (let i = 0; i < 20; i++) await a.io.in(ROOM).fetchSockets(); // warm-up
      for (let i = 0; i < fetches; i++) {
        const t = performance.now();
        const sockets = await a.io.in(ROOM).fetchSockets();
        fetchLat.push(performance.now() - t);
        if (sockets.length !== M) throw new Error(`${kind}: fetchSockets found ${sockets.length} of ${M} sockets`);
        if (sockets.some((s) => (s.data as { screen?: string }).screen === undefined)) throw new Error(`${kind}: fetchSockets lost the sockets' data`);
      }
      fetchLat.sort((x, y) => x - y);
      return { kind, M, paced, blast, fetch: { p50: pct(fetchLat, 50), p99: pct(fetchLat, 99), max: fetchLat.at(-1)! } };
    } finally {
      clients.forEach((c) => c.disconnect());
      await a.close().catch(() => undefined);
      await new Promise<void>((resolve) => {
        b.once('exit', () => resolve());
        b.send({ type: 'stop' });
        setTimeout(() => b.kill('SIGKILL'), 5000).unref();
      });
      child = null;
    }
  }

  function entry(id: number) {
    return {
      id,
      wall: 'demo',
      at: Date.now(),
      who: '值班员',
      role: 'presenter',
      command: { type: 'scene', scene: 'hongqiao' },
      ok: true,
      code: null,
      error: null,
    };
  }

  const started = performance.now();
  console.log(
    `bench:adapter — server A here, server B in a child process, clients ${clientCounts.join(', ')} on B in one room; K = ${K} messages per phase (latency phase at ${rate}/s), ${fetches} fetchSockets() calls; ${rounds} round(s), order alternating`,
  );
  console.log(
    `machine: ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} at the start; Redis ${REDIS_URL.replace(/\/\/[^@]*@/, '//')}`,
  );
  type Row = Awaited<ReturnType<typeof measure>>;
  const rows: Row[] = [];
  const failures: string[] = [];
  for (let round = 0; round < rounds && !interrupted; round++) {
    const order = round % 2 === 0 ? kinds : [...kinds].reverse();
    for (const M of clientCounts) {
      for (const kind of order) {
        const r = await measure(kind, M);
        rows.push(r);
        const { paced: p, blast: t } = r;
        for (const [phase, x] of [
          ['latency', p],
          ['throughput', t],
        ] as const) {
          if (x.received !== K * M || x.dupes)
            failures.push(`${kind}, ${M} clients, ${phase} phase: ${x.received} of ${K * M} deliveries, ${x.dupes} duplicates`);
        }
        console.log(
          `round ${round + 1} ${kind.padEnd(7)} ${String(M).padStart(3)} clients: paced ${p.received}/${K * M}, p50 ${f2(pct(p.lat, 50))} p99 ${f2(pct(p.lat, 99))} max ${f2(p.lat.at(-1)!)} ms | blast ${t.received}/${K * M} in ${t.span.toFixed(2)} s (emitted in ${t.emittedMs.toFixed(0)} ms): ${fmt(t.deliveriesPerS)} deliveries/s, ${fmt(t.messagesPerS)} messages/s, p50 ${f2(pct(t.lat, 50))} p99 ${f2(pct(t.lat, 99))} ms; CPU s: B ${t.cpu.b.toFixed(2)}, A+clients ${t.cpu.self.toFixed(2)}, redis ${t.cpu.redis.toFixed(2)} | fetchSockets p50 ${f2(r.fetch.p50)} p99 ${f2(r.fetch.p99)} max ${f2(r.fetch.max)} ms; load ${loadavg()[0]!.toFixed(2)}`,
        );
      }
    }
  }

  // means over the rounds, side by side
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`\nmeans over ${rounds} round(s); ratio = pubsub / streams (above 1: pubsub higher)`);
  console.log('| clients | figure | streams | pubsub | ratio |');
  console.log('| ---: | --- | ---: | ---: | ---: |');
  for (const M of clientCounts) {
    const of = (kind: AdapterKind) => rows.filter((r) => r.kind === kind && r.M === M);
    const s = of('streams');
    const q = of('pubsub');
    if (!s.length || !q.length) continue;
    const figures: [string, (r: Row) => number, (x: number) => string][] = [
      [`latency p50 at ${rate}/s (ms)`, (r) => pct(r.paced.lat, 50), f2],
      [`latency p99 at ${rate}/s (ms)`, (r) => pct(r.paced.lat, 99), f2],
      ['blast: deliveries/s', (r) => r.blast.deliveriesPerS, fmt],
      ['blast: messages/s across', (r) => r.blast.messagesPerS, fmt],
      ['blast: latency p99 (ms, queueing)', (r) => pct(r.blast.lat, 99), f2],
      ['blast: server B CPU ms per message', (r) => (r.blast.cpu.b * 1000) / K, (x) => x.toFixed(3)],
      ['blast: redis-server CPU ms per message', (r) => (r.blast.cpu.redis * 1000) / K, (x) => x.toFixed(3)],
      ['blast: A + clients CPU ms per message', (r) => (r.blast.cpu.self * 1000) / K, (x) => x.toFixed(3)],
      ['fetchSockets p50 (ms)', (r) => r.fetch.p50, f2],
      ['fetchSockets p99 (ms)', (r) => r.fetch.p99, f2],
    ];
    for (const [name, get, show] of figures) {
      const a = mean(s.map(get));
      const b = mean(q.map(get));
      console.log(`| ${M} | ${name} | ${show(a)} | ${show(b)} | ${(b / a).toFixed(2)} |`);
    }
  }
  await deleteKeys().catch((err: Error) => console.error(`could not delete the bench's Redis keys: ${err.message}`));
  console.log(
    `\nbench:adapter took ${((performance.now() - started) / 1000).toFixed(0)} s; load average at the end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  if (failures.length) {
    console.error(`\nFAILED — messages lost or duplicated:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log('checks: every client received every message exactly once, with both adapters.');
  process.exit(0);
}
