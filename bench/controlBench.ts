// npm run bench:control — a presenter's command to every screen of a wall, and a playback's start.
// The server runs in its own process with the simulator on (a live city: ~17,700 workers moving,
// 30 reports a minute), on a log of --history-events generated over the last 30 days. Real
// socket.io-client screens sit on the hall wall (6) and on other walls (--other-screens); a console
// sends scene changes. Figures: command -> ack, command -> each hall screen's wallState (p50/p99)
// and how far ahead of the scheduled start it arrived (the lead, SYNC_LEAD_MS minus the latency);
// the instant each screen starts the state (a timer at effectiveAt, as the wall does) and the spread
// of those instants across the screens of one command. Baseline, same run and sockets: a bare
// Socket.IO round trip (the clock probe) from the console. Then playback: the time a `playback`
// command takes to answer (the past's projections folded from the log) at 1 day and 29 days back,
// and a `seek` back into it.
// Usage: npm run bench:control [-- --commands 200 --other-screens 24 --history-events 300000]
import type { ConsoleClientToServer, ConsoleServerToClient, ScreenClientToServer, ScreenServerToClient } from '../shared/socketEvents.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { io, type Socket } from 'socket.io-client';
import { loadGridIndex } from '../server/geo/gridIndex.ts';
import { openSqliteStores } from '../server/store/sqliteStores.ts';

import { CONSOLE_NAMESPACE, type CommandResult, type WallState } from '../shared/wallControl.ts';
import { killHard, spawnServer } from '../tests/support/serverProcess.ts';
import { generateLog } from './generateLog.ts';

const opts = new Command()
  .option('--commands <n>', 'scene changes to send', '200')
  .option('--interval <ms>', 'between two commands', '300')
  .option('--other-screens <n>', 'screens on the other walls (live)', '24')
  .option('--history-events <n>', 'events in the log, over the last 30 days', '300000')
  .parse()
  .opts<{ commands: string; interval: string; otherScreens: string; historyEvents: string }>();

const HALL_SCREENS = ['1-1', '1-2', '1-3', '2-1', '2-2', '2-3'];
const LIVE_SCENES = ['city', 'hongqiao', 'dingzigu', 'overdue', 'week'];
const DAY = 86_400_000;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (v: number) => `${v.toFixed(1)} ms`;
const row = (name: string, xs: number[]) =>
  console.log(
    `  ${name.padEnd(44)} p50 ${ms(pct(xs, 50)).padStart(10)}  p99 ${ms(pct(xs, 99)).padStart(10)}  max ${ms(Math.max(...xs)).padStart(10)}  (n=${xs.length})`,
  );

const dir = mkdtempSync(join(tmpdir(), 'gridwall-control-'));
await (await openSqliteStores(dir)).close();
const history = Number(opts.historyEvents);
if (history > 0) generateLog(join(dir, 'gridwall.sqlite'), history, loadGridIndex(resolve('public')).grids);
const server = await spawnServer(dir, { SIMULATOR: 'on', LOG_LEVEL: 'warn' });
const t0 = performance.now();
try {
  type ScreenSocket = Socket<ScreenServerToClient, ScreenClientToServer>;
  const connect = (wall: string, screen: string) =>
    io(server.url, { auth: { token: server.screenToken, wall, screen }, transports: ['websocket'], forceNew: true, reconnection: false }) as ScreenSocket;
  const hall = HALL_SCREENS.map((s) => ({ id: s, socket: connect('hall-3x2', s), states: new Map<number, { at: number; started: number | null }>() }));
  const others = Array.from({ length: Number(opts.otherScreens) }, (_, i) => connect(i % 2 ? 'demo' : 'long-screen', '1-1'));
  const consoleSocket = io(`${server.url}${CONSOLE_NAMESPACE}`, {
    auth: { token: server.presenterToken, wall: 'hall-3x2', name: 'bench' },
    transports: ['websocket'],
    forceNew: true,
  }) as Socket<ConsoleServerToClient, ConsoleClientToServer>;
  await Promise.all(
    [...hall.map((h) => h.socket), ...others, consoleSocket].map(
      (s) =>
        new Promise<void>((ok, fail) => {
          s.once('connect', () => ok());
          s.once('connect_error', fail);
        }),
    ),
  );
  // the screens and the bench share this machine's clock: no offset to measure
  for (const h of hall) {
    h.socket.on('wallState', (state: WallState) => {
      const entry = { at: performance.now(), started: null as number | null };
      h.states.set(state.version, entry);
      setTimeout(() => (entry.started = performance.now()), Math.max(0, state.effectiveAt - Date.now()));
    });
  }
  await new Promise((r) => setTimeout(r, 3000)); // snapshots delivered, the simulator under way
  console.log(
    `server up and ${hall.length + others.length} screens connected in ${((performance.now() - t0) / 1000).toFixed(1)} s (log of ${history.toLocaleString()} events + the simulator)`,
  );

  const send = (command: unknown) => consoleSocket.timeout(120_000).emitWithAck('command', command as never) as Promise<CommandResult>;
  const ack: number[] = [];
  const toScreens: number[] = [];
  const lead: number[] = [];
  const spread: number[] = [];
  const ping: number[] = [];
  const sent = new Map<number, { at: number; effectiveAt: number; wall: number }>();
  const n = Number(opts.commands);
  for (let i = 0; i < n; i++) {
    const pingAt = performance.now();
    const pinged = consoleSocket
      .timeout(10_000)
      .emitWithAck('clock')
      .then(() => ping.push(performance.now() - pingAt));
    const at = performance.now();
    const wall = Date.now();
    const result = await send({ type: 'scene', scene: LIVE_SCENES[i % LIVE_SCENES.length] });
    await pinged;
    ack.push(performance.now() - at);
    if (!result.ok) throw new Error(result.message);
    sent.set(result.state.version, { at, effectiveAt: result.state.effectiveAt, wall });
    await new Promise((r) => setTimeout(r, Number(opts.interval)));
  }
  await new Promise((r) => setTimeout(r, 1500));
  for (const [version, s] of sent) {
    const starts: number[] = [];
    for (const h of hall) {
      const got = h.states.get(version);
      if (!got) throw new Error(`screen ${h.id} never got state ${version}`);
      toScreens.push(got.at - s.at);
      lead.push(s.effectiveAt - s.wall - (got.at - s.at));
      if (got.started !== null) starts.push(got.started);
    }
    spread.push(Math.max(...starts) - Math.min(...starts));
  }
  console.log(`\ncommands: ${n} scene changes, one every ${opts.interval} ms, to the 6 screens of hall-3x2 (+${others.length} screens on other walls)`);
  row('command -> ack (state applied, logged, stored)', ack);
  row('command -> wallState on each hall screen', toScreens);
  row('baseline: bare Socket.IO round trip (clock)', ping);
  console.log(`  ratio command->screen / round trip (p50): ${(pct(toScreens, 50) / pct(ping, 50)).toFixed(1)}x`);
  row('lead: arrived before the scheduled start', lead);
  console.log(`  states that arrived after their start: ${lead.filter((l) => l < 0).length} of ${lead.length}`);
  row('start spread across the 6 screens (timers)', spread);

  // playback: the answer waits for the past's projections
  console.log('\nplayback (the command answers when the past is folded and ready):');
  for (const daysBack of [1, 29]) {
    const from = Date.now() - daysBack * DAY;
    const at = performance.now();
    const r = await send({ type: 'playback', from, to: from + DAY / 2, speed: 720 });
    if (!r.ok) throw new Error(r.message);
    const startMs = performance.now() - at;
    await new Promise((res) => setTimeout(res, 3000));
    const seekAt = performance.now();
    const s = await send({ type: 'seek', at: from + 60_000 });
    if (!s.ok) throw new Error(s.message);
    console.log(
      `  start ${String(daysBack).padStart(2)} day(s) back: ${(startMs / 1000).toFixed(2)} s; seek back to its start: ${((performance.now() - seekAt) / 1000).toFixed(2)} s`,
    );
    await send({ type: 'live' });
  }
  consoleSocket.close();
  hall.forEach((h) => h.socket.close());
  others.forEach((s) => s.close());
} finally {
  await killHard(server);
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
