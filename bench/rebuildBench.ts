// npm run bench:rebuild — how long start-up takes to fold the log into the projections, at 1 and
// 10 million events on the embedded store. The log is generated straight into the store's tables
// (realistic cases: report to closure in 7 events over the last 30 days, or `--days`, 5 % left
// open), then the server's own rebuild (server/projections/rebuild.ts) runs and is timed. Baseline,
// same run: a bare read of the same rows (better-sqlite3 iterate + JSON.parse), the floor any rebuild
// pays. With `--days 1127` the KPI rollup holds 3 years: its bytes, the checkpoint's and the start-up
// from it are what a server with 3 years of history carries.
// Usage: npm run bench:rebuild [-- --events 1000000,10000000] [--days 30]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Command } from 'commander';
import { loadGridIndex } from '../server/geo/gridIndex.ts';
import { createCaseProjection } from '../server/projections/caseProjection.ts';
import { restoreCheckpoint, saveCheckpoint } from '../server/projections/checkpoint.ts';
import { rebuildFromLog } from '../server/projections/rebuild.ts';
import { openSqliteStores } from '../server/store/sqliteStores.ts';
import { generateLog } from './generateLog.ts';

const opts = new Command()
  .option('--events <list>', 'log sizes, comma-separated', '1000000,10000000')
  .option('--days <n>', 'the days the cases are spread over', '30')
  .parse()
  .opts<{ events: string; days: string }>();
const sizes = opts.events.split(',').map(Number);
const days = Number(opts.days);
const gridIndex = loadGridIndex(resolve('public'));
const grids = gridIndex.grids;
const gridCodes = grids.map((g) => g.code);
function bareRead(file: string): { events: number; ms: number } {
  const db = new SQLite(file, { readonly: true });
  const t0 = performance.now();
  let n = 0;
  for (const row of db.prepare('SELECT seq, recorded_at, body FROM case_events ORDER BY seq').iterate() as Iterable<{ body: string }>) {
    JSON.parse(row.body);
    n += 1;
  }
  db.close();
  return { events: n, ms: performance.now() - t0 };
}

for (const size of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'gridwall-rebuild-'));
  await (await openSqliteStores(dir)).close(); // the schema, by the store's own migrations
  const file = join(dir, 'gridwall.sqlite');
  generateLog(file, size, grids, days);
  const mb = statSync(file).size / 2 ** 20;
  const bare = bareRead(file);
  const store = await openSqliteStores(dir);
  const cases = createCaseProjection(grids.length, gridIndex.indexOf, gridCodes);
  const heapBefore = process.memoryUsage().heapUsed;
  const rebuilt = await rebuildFromLog(store.log, cases);
  const heapAfter = process.memoryUsage().heapUsed;
  // start-up with a checkpoint: save one, then time restore + tail fold into a fresh projection
  let t0 = performance.now();
  const saved = await saveCheckpoint(store.checkpoints, cases, gridIndex.version);
  const saveMs = performance.now() - t0;
  t0 = performance.now();
  const fresh = createCaseProjection(gridIndex.grids.length, gridIndex.indexOf, gridCodes);
  const restored = await restoreCheckpoint(store.checkpoints, store.log, fresh, gridIndex.version);
  const tail = await rebuildFromLog(store.log, fresh);
  const restoreMs = performance.now() - t0;
  if (!restored.restored || fresh.openCases().length !== cases.openCases().length) throw new Error('checkpoint restore did not reproduce the projection');
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const rate = (r: { events: number; ms: number }) => (r.events / (r.ms / 1000) / 1000).toFixed(0);
  const cube = cases.cube.bytes();
  const mib = (b: number) => (b / 2 ** 20).toFixed(1);
  console.log(`${size.toLocaleString()} events over ${days} days (${mb.toFixed(0)} MB on disk):`);
  console.log(
    `  KPI counters: per grid ${mib(cube.grids)} MiB (${cube.gridDays} days); rollup per street, district and city ${mib(cube.rollup)} MiB (${cube.rollupDays} days, ${(cube.rollup / Math.max(1, cube.rollupDays) / 1024).toFixed(1)} KiB a day) — kept per grid for as long it would be ${mib((cube.grids / Math.max(1, cube.gridDays)) * cube.rollupDays)} MiB`,
  );
  console.log(
    `  rebuild (server/projections/rebuild.ts): ${(rebuilt.ms / 1000).toFixed(2)} s, ${rate(rebuilt)} k events/s; ${cases.openCases().length.toLocaleString()} open cases; heap +${((heapAfter - heapBefore) / 2 ** 20).toFixed(0)} MiB`,
  );
  console.log(`  baseline, bare read + JSON.parse:        ${(bare.ms / 1000).toFixed(2)} s, ${rate(bare)} k events/s`);
  console.log(`  ratio rebuild / bare read: ${(rebuilt.events / rebuilt.ms / (bare.events / bare.ms)).toFixed(2)}`);
  console.log(
    `  checkpoint: saved in ${(saveMs / 1000).toFixed(2)} s (${(saved.bytes / 2 ** 20).toFixed(1)} MiB); start-up from it (restore + fold the ${tail.events}-event tail) ${(restoreMs / 1000).toFixed(2)} s`,
  );
}
