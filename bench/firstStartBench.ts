// npm run bench:firststart — `npm start` on a new, empty data folder, timed from its own log: when
// the wall serves, each day of the simulator's history as it is written, and the history done
// (events/s through the ingest API); then what a duty leader reads at that moment (today against
// yesterday at the same time, the backlog, workers online, on-time and satisfaction rates) and a
// minute later (the backlog must hold). The server runs as its own process (`tsx server/main.ts`,
// exactly what `npm start` runs after the build); its CPU and this process's are printed, so a
// saturated machine is visible.
// Usage: npm run bench:firststart [-- --days 7] [--cases-per-min 20] [--after 60]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import type { Kpis } from '../shared/protocol.ts';
import { io } from 'socket.io-client';

const opts = new Command()
  .option('--days <n>', 'SIM_BACKFILL_DAYS', '7')
  .option('--cases-per-min <n>', 'SIM_CASES_PER_MIN', '20')
  .option('--after <s>', 'seconds to watch the live simulator after the history', '60')
  .parse()
  .opts<{ days: string; casesPerMin: string; after: string }>();

const dataDir = mkdtempSync(join(tmpdir(), 'gridwall-firststart-'));
const token = `st_bench-${Date.now().toString(36)}-0123456789abcdef`;
const started = performance.now();
const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--data-dir', dataDir, '--port', '0'], {
  env: { ...process.env, GRIDWALL_SCREEN_TOKEN: token, SIM_BACKFILL_DAYS: opts.days, SIM_CASES_PER_MIN: opts.casesPerMin, LOG_LEVEL: 'info' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const cpuSeconds = (pid: number | 'self') => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in clock ticks of 1/100 s
};
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const pct = (a: number, b: number | undefined) => (b ? `${a - b >= 0 ? '+' : ''}${(((a - b) / b) * 100).toFixed(1)} %` : 'n/a');

let url = '';
const marks: { what: string; ms: number; detail?: string }[] = [];
const done = new Promise<{ events: number; cases: number; fixes: number; ms: number }>((resolve) => {
  createInterface({ input: server.stdout! }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    const entry = JSON.parse(line) as Record<string, unknown>;
    const ms = performance.now() - started;
    if (entry.msg === 'gridwall listening') {
      url = `http://127.0.0.1:${entry.port as number}`;
      marks.push({ what: 'the wall serves', ms });
    } else if (entry.msg === 'simulator: backfilling' && entry.upTo)
      marks.push({ what: `history up to ${entry.upTo as string}`, ms, detail: `${entry.events as number} events` });
    else if (entry.msg === 'simulator: history backfilled') {
      marks.push({ what: 'history done', ms });
      resolve({ events: entry.events as number, cases: entry.cases as number, fixes: entry.fixes as number, ms: (entry.s as number) * 1000 });
    }
  });
});

async function kpisNow(): Promise<Kpis> {
  const socket = io(url, { auth: { token, wall: 'demo', screen: '1-1' }, transports: ['websocket'], forceNew: true });
  try {
    return await new Promise<Kpis>((resolve) => socket.on('kpis', resolve));
  } finally {
    socket.close();
  }
}

try {
  const history = await done;
  const serverCpu = cpuSeconds(server.pid!);
  const first = await kpisNow();
  await new Promise((r) => setTimeout(r, Number(opts.after) * 1000));
  const later = await kpisNow();
  console.log(`first start, SIM_BACKFILL_DAYS=${opts.days}, SIM_CASES_PER_MIN=${opts.casesPerMin}, ${new Date().toISOString()}`);
  for (const m of marks) console.log(`  ${s(m.ms).padStart(8)}  ${m.what}${m.detail ? ` (${m.detail})` : ''}`);
  console.log(
    `  history: ${history.cases} cases, ${history.events} events, ${history.fixes} fixes in ${s(history.ms)}: ${Math.round(history.events / (history.ms / 1000))} events/s`,
  );
  console.log(
    `  CPU: server ${serverCpu.toFixed(1)} s over ${s(performance.now() - started)} (2 cores = 200 %); this bench ${cpuSeconds('self').toFixed(1)} s`,
  );
  for (const [when, k] of [
    ["at the history's end", first],
    [`${opts.after} s later`, later],
  ] as const)
    console.log(
      `  ${when}: reported today ${k.reportedToday} (${pct(k.reportedToday, k.yesterdaySameTime?.reported)} against yesterday at this time), closed ${k.closedToday} (${pct(k.closedToday, k.yesterdaySameTime?.closed)}), open ${k.openCases}, overdue ${k.overdueNow}, workers online ${k.workersOnline}, on time (30 d) ${((k.onTimeRate30d ?? 0) * 100).toFixed(1)} %, satisfied ${((k.satisfaction30d ?? 0) * 100).toFixed(1)} %`,
    );
  console.log(`  backlog moved ${pct(later.openCases, first.openCases)} in ${opts.after} s of live simulation`);
} finally {
  server.kill('SIGINT');
  await new Promise((r) => server.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
