// What bench:wall measures in and around the wall's page: frame times from requestAnimationFrame
// deltas, the renderer's CDP Performance metrics (JS heap, main-thread task and script time), the GL
// renderer string (tests/support/chromium.ts), and the CPU time of every Chromium process (the GPU process, where software GL
// draws, included) read from /proc.
import { readdirSync, readFileSync } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';

export interface FrameStats {
  frames: number;
  seconds: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Frames per second over the window. */
  fps: number;
  /** Frames that took longer than 50 ms (three missed vsyncs). */
  over50: number;
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);

/** Frame-to-frame deltas of requestAnimationFrame over `seconds` (the loop ends by time, or after 10 s without a frame). */
export async function measureFrames(page: Page, seconds: number): Promise<FrameStats> {
  // a string, not a function: tsx would wrap the named inner functions in a helper the page lacks
  const deltas = await page.evaluate<number[]>(`new Promise((resolve) => {
    const ms = ${seconds * 1000};
    const out = [];
    let last = -1;
    let end = Infinity;
    const watchdog = setTimeout(() => resolve(out), ms + 10000);
    requestAnimationFrame(function frame(t) {
      if (last < 0) end = t + ms;
      else out.push(t - last);
      last = t;
      if (t < end) requestAnimationFrame(frame);
      else {
        clearTimeout(watchdog);
        resolve(out);
      }
    });
  })`);
  const sorted = [...deltas].sort((a, b) => a - b);
  const total = deltas.reduce((s, d) => s + d, 0) / 1000;
  return {
    frames: deltas.length,
    seconds: total,
    p50: pct(sorted, 50),
    p95: pct(sorted, 95),
    p99: pct(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    fps: deltas.length / total,
    over50: deltas.filter((d) => d > 50).length,
  };
}

export type Metrics = Record<string, number>;

export async function performanceMetrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

interface ProcStat {
  pid: number;
  ppid: number;
  ticks: number;
  cmd: string;
}

function procTable(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid ... utime(14) stime(15): comm may hold spaces, so split after its ')'
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({
        pid: Number(name),
        ppid: Number(rest[1]),
        ticks: Number(rest[11]) + Number(rest[12]),
        cmd: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
      });
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** CPU seconds used so far by the processes under `root` (itself included); /proc's clock ticks are 1/100 s. */
export function treeCpuSeconds(root: (p: ProcStat) => boolean): number {
  const table = procTable();
  const children = new Map<number, ProcStat[]>();
  for (const p of table) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  let ticks = 0;
  const stack = table.filter(root);
  for (let guard = 0; stack.length && guard < 10_000; guard++) {
    const p = stack.pop()!;
    ticks += p.ticks;
    stack.push(...(children.get(p.pid) ?? []));
  }
  return ticks / 100;
}

/** Chromium started by this process (playwright spawns it as a direct child). */
export const chromiumCpuSeconds = () => treeCpuSeconds((p) => p.ppid === process.pid && /chrom/i.test(p.cmd));
export const processCpuSeconds = (pid: number) => treeCpuSeconds((p) => p.pid === pid);
