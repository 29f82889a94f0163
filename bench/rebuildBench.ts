// npm run bench:rebuild — how long start-up takes to fold the log into the projections, at 1 and
// 10 million events on the embedded store. The log is generated straight into the store's tables
// (realistic cases: report to closure in 7 events over the last 30 days, 5 % left open), then the
// server's own rebuild (server/projections/rebuild.ts) runs and is timed. Baseline, same run: a bare
// read of the same rows (better-sqlite3 iterate + JSON.parse), the floor any rebuild pays.
// Usage: npm run bench:rebuild [-- --events 1000000,10000000]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Presets, SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { loadGridIndex } from '../server/geo/gridIndex.ts';
import { createCaseProjection } from '../server/projections/caseProjection.ts';
import { restoreCheckpoint, saveCheckpoint } from '../server/projections/checkpoint.ts';
import { rebuildFromLog } from '../server/projections/rebuild.ts';
import { openSqliteEventStore } from '../server/store/sqliteEventStore.ts';
import { CATEGORY_CODES } from '../shared/categories.ts';
import { SOURCE_CHANNELS } from '../shared/caseEvent.ts';
import { seededRng } from '../shared/seededRng.ts';

const opts = new Command().option('--events <list>', 'log sizes, comma-separated', '1000000,10000000').parse().opts<{ events: string }>();
const sizes = opts.events.split(',').map(Number);
const gridIndex = loadGridIndex(resolve('public'));
const grids = gridIndex.grids;
const MIN = 60_000;
const STEPS: [string, number, Record<string, unknown>][] = [
  ['accepted', 10 * MIN, {}], ['dispatched', 30 * MIN, { unit: '街道综合执法队' }], ['started', 60 * MIN, {}],
  ['resolved', 300 * MIN, { note: '已处置' }], ['verified', 360 * MIN, { passed: true }], ['evaluated', 480 * MIN, { satisfied: true }],
];

function generate(file: string, events: number): void {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // generation only: the rebuild reads a checkpointed file
  const insert = db.prepare('INSERT INTO case_events (event_id, case_id, case_version, type, occurred_at, recorded_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const rng = seededRng(1);
  const now = Date.now();
  const bar = new SingleBar({ format: `generating ${events.toLocaleString()} events [{bar}] {percentage}% | {value}/{total}`, noTTYOutput: true, notTTYSchedule: 5000 }, Presets.shades_classic);
  bar.start(events, 0);
  let written = 0;
  const tx = db.transaction((count: number) => {
    for (let k = 0; k < count; ) {
      const caseId = `G${written + k}`;
      const t0 = now - 30 * 86_400_000 * rng() - 9 * 3_600_000;
      const grid = grids[Math.floor(rng() * grids.length)]!;
      const report = {
        eventId: `${caseId}:1`, caseId, type: 'reported', at: new Date(t0).toISOString(), gridCode: grid.code,
        category: CATEGORY_CODES[Math.floor(rng() * CATEGORY_CODES.length)], urgency: 'ordinary',
        source: SOURCE_CHANNELS[Math.floor(rng() * SOURCE_CHANNELS.length)], summary: '小区门口生活垃圾堆放未清运，联系电话13912345678',
        deadline: new Date(t0 + 7 * 86_400_000).toISOString(),
      };
      insert.run(report.eventId, caseId, 1, 'reported', t0, t0, JSON.stringify(report));
      k += 1;
      const steps = rng() < 0.05 ? 0 : STEPS.length; // 5 % stay open
      for (let s = 0; s < steps && k < count; s++, k++) {
        const [type, delay, extra] = STEPS[s]!;
        const e = { eventId: `${caseId}:${s + 2}`, caseId, type, at: new Date(t0 + delay).toISOString(), ...extra };
        insert.run(e.eventId, caseId, s + 2, type, t0 + delay, t0 + delay, JSON.stringify(e));
      }
    }
  });
  while (written < events) {
    const n = Math.min(50_000, events - written);
    tx(n);
    written += n;
    bar.update(written);
  }
  bar.stop();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

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
  await (await openSqliteEventStore(dir)).close(); // the schema, by the store's own migrations
  const file = join(dir, 'gridwall.sqlite');
  generate(file, size);
  const mb = statSync(file).size / 2 ** 20;
  const bare = bareRead(file);
  const store = await openSqliteEventStore(dir);
  const cases = createCaseProjection(grids.length, gridIndex.indexOf);
  const heapBefore = process.memoryUsage().heapUsed;
  const rebuilt = await rebuildFromLog(store, cases);
  const heapAfter = process.memoryUsage().heapUsed;
  // start-up with a checkpoint: save one, then time restore + tail fold into a fresh projection
  let t0 = performance.now();
  const saved = await saveCheckpoint(store, cases, gridIndex.version);
  const saveMs = performance.now() - t0;
  t0 = performance.now();
  const fresh = createCaseProjection(gridIndex.grids.length, gridIndex.indexOf);
  const restored = await restoreCheckpoint(store, fresh, gridIndex.version);
  const tail = await rebuildFromLog(store, fresh);
  const restoreMs = performance.now() - t0;
  if (!restored.restored || fresh.openCases().length !== cases.openCases().length) throw new Error('checkpoint restore did not reproduce the projection');
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const rate = (r: { events: number; ms: number }) => (r.events / (r.ms / 1000) / 1000).toFixed(0);
  console.log(`${size.toLocaleString()} events (${mb.toFixed(0)} MB on disk):`);
  console.log(`  rebuild (server/projections/rebuild.ts): ${(rebuilt.ms / 1000).toFixed(2)} s, ${rate(rebuilt)} k events/s; ${cases.openCases().length.toLocaleString()} open cases; heap +${((heapAfter - heapBefore) / 2 ** 20).toFixed(0)} MiB`);
  console.log(`  baseline, bare read + JSON.parse:        ${(bare.ms / 1000).toFixed(2)} s, ${rate(bare)} k events/s`);
  console.log(`  ratio rebuild / bare read: ${(rebuilt.events / rebuilt.ms / (bare.events / bare.ms)).toFixed(2)}`);
  console.log(`  checkpoint: saved in ${(saveMs / 1000).toFixed(2)} s (${(saved.bytes / 2 ** 20).toFixed(1)} MiB); start-up from it (restore + fold the ${tail.events}-event tail) ${(restoreMs / 1000).toFixed(2)} s`);
}
