// npm run bench:wall — frame time of the wall screen in headless Chromium under load, against the
// bare base map in the same run. For each scenario: a fresh Gridwall server (its own process,
// simulator off, temp data folder), fed over HTTP by tests/support/wallLoad.ts; the wall
// `/wall/demo?screen=1-1` (or --wall's) opened at 1920x1080 (or --size) in a fresh Chromium; after a warm-up, requestAnimationFrame
// deltas over a fixed window, the renderer's JS heap and main-thread time (CDP Performance metrics),
// and the CPU of every Chromium process and of the server (from /proc).
// Scenarios: base (no workers, no cases), heat (N grids with open cases + N moving workers + the case
// stream), workers (M moving workers + the case stream). Each in each render mode
// (client/panels/map/renderMode.ts), forced by the address: smooth (workers glide, every tick drawn:
// what the wall did on every PC before it detected software GL) and lean (draw on change, at most
// once a second, workers step) — side by side in one run, with lean / smooth ratios.
// Usage: npm run bench:wall [-- --workers 15000 --heat-grids 15000 --many-workers 50000 --cases 20 --warmup 10 --seconds 30 --scenarios base,heat,workers --modes smooth,lean --size 1920x1080 --wall demo]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { glRenderer, launchChromium, chromiumMissing } from '../tests/support/chromium.ts';
import { killHard, spawnServer } from '../tests/support/serverProcess.ts';
import { seedHeat, startWallLoad, type LoadStats } from '../tests/support/wallLoad.ts';
import { chromiumCpuSeconds, measureFrames, performanceMetrics, processCpuSeconds, type FrameStats } from './wall/pageProbe.ts';

const opts = new Command()
  .option('--workers <n>', 'moving workers in the heat scenario', '15000')
  .option('--heat-grids <n>', 'grids with an open case in the heat scenario', '15000')
  .option('--many-workers <n>', 'moving workers in the workers scenario', '50000')
  .option('--cases <n>', 'case reports per second (heat and workers scenarios), each closed 5 s later', '20')
  .option('--warmup <s>', 'seconds between the map being ready and the measurement', '10')
  .option('--seconds <s>', 'measurement window', '30')
  .option('--scenarios <list>', 'which scenarios, in order', 'base,heat,workers')
  .option('--modes <list>', 'render modes, each scenario in each: smooth (glide, every tick) and lean (draw on change, 1 Hz)', 'smooth,lean')
  .option('--size <WxH>', 'the browser window', '1920x1080')
  .option('--wall <id>', 'the wall whose screen 1-1 is opened (long-screen with --size 7680x2160: the long screen)', 'demo')
  .parse()
  .opts<{
    workers: string;
    heatGrids: string;
    manyWorkers: string;
    cases: string;
    warmup: string;
    seconds: string;
    scenarios: string;
    modes: string;
    size: string;
    wall: string;
  }>();
const modes = opts.modes.split(',').map((m) => m.trim());
for (const m of modes) if (m !== 'smooth' && m !== 'lean') throw new Error(`unknown mode ${m}: smooth, lean`);
const [width, height] = opts.size.split('x').map(Number) as [number, number];

if (chromiumMissing()) process.exit(1);

interface Scenario {
  name: string;
  label: string;
  heatGrids: number;
  workers: number;
  casesPerSecond: number;
}
const all: Record<string, Scenario> = {
  base: { name: 'base', label: 'base map only (baseline)', heatGrids: 0, workers: 0, casesPerSecond: 0 },
  heat: {
    name: 'heat',
    label: `${Number(opts.heatGrids).toLocaleString('en')} grids of heat + ${Number(opts.workers).toLocaleString('en')} workers`,
    heatGrids: Number(opts.heatGrids),
    workers: Number(opts.workers),
    casesPerSecond: Number(opts.cases),
  },
  workers: {
    name: 'workers',
    label: `${Number(opts.manyWorkers).toLocaleString('en')} workers`,
    heatGrids: 0,
    workers: Number(opts.manyWorkers),
    casesPerSecond: Number(opts.cases),
  },
};
const scenarios: Scenario[] = opts.scenarios.split(',').map(
  (s) =>
    all[s.trim()] ??
    (() => {
      throw new Error(`unknown scenario ${s}: base, heat, workers`);
    })(),
);
const warmup = Number(opts.warmup);
const seconds = Number(opts.seconds);

interface Result {
  scenario: Scenario;
  mode: string;
  frames: FrameStats;
  heapMiB: number;
  heapAfterGcMiB: number;
  /** Renderer main thread: task and script time per second of wall time, in % of one core. */
  taskPct: number;
  scriptPct: number;
  chromiumPct: number;
  serverPct: number;
  /** This process: the load generator (and the page probe). */
  loadPct: number;
  load: LoadStats | null;
  renderer: string;
}

async function run(s: Scenario, mode: string): Promise<Result> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gridwall-wallbench-'));
  const server = await spawnServer(dataDir);
  const target = { url: server.url, ingestKey: server.ingestKey };
  const browser = await launchChromium({ width, height });
  try {
    if (s.heatGrids) await seedHeat(target, s.heatGrids);
    const page = browser.pages()[0] ?? (await browser.newPage());
    const cdp = await browser.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${server.url}/wall/${opts.wall}?screen=1-1&token=${server.screenToken}&render=${mode}`);
    await page.waitForSelector('[data-testid=map][data-map-ready=true] canvas', { timeout: 60_000 });
    const renderer = await glRenderer(page);
    // the moving load starts once the map is up (a software-GL page under 50,000 workers takes
    // minutes to start); the warm-up sees the roster arrive and every worker move
    const load = s.workers || s.casesPerSecond ? startWallLoad(target, { workers: s.workers, casesPerSecond: s.casesPerSecond }) : null;
    await page.waitForTimeout(warmup * 1000);

    const before = await performanceMetrics(cdp);
    const chromiumBefore = chromiumCpuSeconds();
    const serverBefore = processCpuSeconds(server.child.pid!);
    const selfBefore = process.cpuUsage();
    const t0 = performance.now();
    const frames = await measureFrames(page, seconds);
    const wall = (performance.now() - t0) / 1000;
    const after = await performanceMetrics(cdp);
    const chromiumPct = ((chromiumCpuSeconds() - chromiumBefore) / wall) * 100;
    const serverPct = ((processCpuSeconds(server.child.pid!) - serverBefore) / wall) * 100;
    const self = process.cpuUsage(selfBefore);
    const loadPct = ((self.user + self.system) / 1e6 / wall) * 100;
    await cdp.send('HeapProfiler.collectGarbage');
    const afterGc = await performanceMetrics(cdp);
    const loadStats = load ? await load.stop() : null;
    return {
      scenario: s,
      mode,
      frames,
      renderer,
      load: loadStats,
      heapMiB: after.JSHeapUsedSize! / 2 ** 20,
      heapAfterGcMiB: afterGc.JSHeapUsedSize! / 2 ** 20,
      taskPct: ((after.TaskDuration! - before.TaskDuration!) / wall) * 100,
      scriptPct: ((after.ScriptDuration! - before.ScriptDuration!) / wall) * 100,
      chromiumPct,
      serverPct,
      loadPct,
    };
  } finally {
    await browser.close();
    await killHard(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const results: Result[] = [];
for (const s of scenarios)
  for (const mode of modes) {
    process.stderr.write(`${s.label}, ${mode}: running (${warmup} s warm-up, ${seconds} s window)…\n`);
    const r = await run(s, mode);
    results.push(r);
    const l = r.load;
    process.stderr.write(
      `  done: ${r.frames.frames} frames${l ? `; load sent ${l.fixes} fixes, ${l.cases} cases (${l.events} events), ${l.failures} failed requests, ${l.skippedFixes} fixes skipped${l.firstError ? `, first error: ${l.firstError}` : ''}` : ''}\n`,
    );
  }

const renderers = [...new Set(results.map((r) => r.renderer))];
console.log(
  `\nGL renderer: ${renderers.join(' | ')}${renderers.some((r) => /swiftshader|llvmpipe|software/i.test(r)) ? '  => software GL: CPU-bound, compare ratios only' : ''}`,
);
console.log('deck.gl metrics: the page keeps no handle on its Deck instance; frame times are requestAnimationFrame deltas');
console.log(
  `window ${seconds} s after ${warmup} s warm-up; /wall/${opts.wall} at ${width}x${height}; CPU in % of one core; main thread idle = 100 % - renderer task %`,
);
const header = [
  'scenario',
  'mode',
  'frames',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'max ms',
  '>50 ms',
  'fps',
  'JS heap MiB (after GC)',
  'renderer task / script %',
  'main thread idle %',
  'all Chromium %',
  'server %',
  'load generator %',
];
const rows = results.map((r) => [
  r.scenario.label,
  r.mode,
  String(r.frames.frames),
  r.frames.p50.toFixed(1),
  r.frames.p95.toFixed(1),
  r.frames.p99.toFixed(1),
  r.frames.max.toFixed(0),
  String(r.frames.over50),
  r.frames.fps.toFixed(1),
  `${r.heapMiB.toFixed(1)} (${r.heapAfterGcMiB.toFixed(1)})`,
  `${r.taskPct.toFixed(0)} / ${r.scriptPct.toFixed(0)}`,
  Math.max(0, 100 - r.taskPct).toFixed(0),
  r.chromiumPct.toFixed(0),
  r.serverPct.toFixed(0),
  r.loadPct.toFixed(0),
]);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
console.log(header.map((h, i) => h.padEnd(widths[i]!)).join(' | '));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const row of rows) console.log(row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | '));
for (const mode of modes) {
  const base = results.find((r) => r.scenario.name === 'base' && r.mode === mode);
  if (!base) continue;
  for (const r of results.filter((x) => x !== base && x.mode === mode)) {
    console.log(
      `${r.scenario.label}, ${mode} / base map, ${mode}: p50 frame time ${(r.frames.p50 / base.frames.p50).toFixed(2)}x, p95 ${(r.frames.p95 / base.frames.p95).toFixed(2)}x, p99 ${(r.frames.p99 / base.frames.p99).toFixed(2)}x, fps ${(r.frames.fps / base.frames.fps).toFixed(2)}x`,
    );
  }
}
// after against before: lean against smooth, scenario by scenario
for (const s of scenarios) {
  const smooth = results.find((r) => r.scenario === s && r.mode === 'smooth');
  const lean = results.find((r) => r.scenario === s && r.mode === 'lean');
  if (!smooth || !lean) continue;
  console.log(
    `${s.label}, lean / smooth: p95 frame time ${(lean.frames.p95 / smooth.frames.p95).toFixed(2)}x, p99 ${(lean.frames.p99 / smooth.frames.p99).toFixed(2)}x, renderer task time ${(lean.taskPct / smooth.taskPct).toFixed(2)}x, all Chromium CPU ${(lean.chromiumPct / smooth.chromiumPct).toFixed(2)}x`,
  );
}
