// A realistic log written straight into a store's tables, for the benches that need history:
// cases reported over the last 30 days (or `days`), each report to closure in 7 events (5 % left open).
import SQLite from 'better-sqlite3';
import { Presets, SingleBar } from 'cli-progress';
import { CATEGORY_CODES } from '../shared/categories.ts';
import { SOURCE_CHANNELS } from '../shared/caseEvent.ts';
import { seededRng } from '../shared/seededRng.ts';

const MIN = 60_000;
const STEPS: [string, number, Record<string, unknown>][] = [
  ['accepted', 10 * MIN, {}],
  ['dispatched', 30 * MIN, { unit: '街道综合执法队' }],
  ['started', 60 * MIN, {}],
  ['resolved', 300 * MIN, { note: '已处置' }],
  ['verified', 360 * MIN, { passed: true }],
  ['evaluated', 480 * MIN, { result: 'satisfied' }],
];

/** Writes `events` events of realistic cases over the last `days` days straight into a migrated SQLite store file. */
export function generateLog(file: string, events: number, grids: readonly { code: string }[], days = 30): void {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF'); // generation only: the rebuild reads a checkpointed file
  const insert = db.prepare('INSERT INTO case_events (event_id, case_id, case_version, type, occurred_at, recorded_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const rng = seededRng(1);
  const now = Date.now();
  const bar = new SingleBar(
    { format: `generating ${events.toLocaleString()} events [{bar}] {percentage}% | {value}/{total}`, noTTYOutput: true, notTTYSchedule: 5000 },
    Presets.shades_classic,
  );
  bar.start(events, 0);
  let written = 0;
  const tx = db.transaction((count: number) => {
    for (let k = 0; k < count; ) {
      const caseId = `G${written + k}`;
      const t0 = now - days * 86_400_000 * rng() - 9 * 3_600_000;
      const grid = grids[Math.floor(rng() * grids.length)]!;
      const report = {
        eventId: `${caseId}:1`,
        caseId,
        type: 'reported',
        at: new Date(t0).toISOString(),
        gridCode: grid.code,
        category: CATEGORY_CODES[Math.floor(rng() * CATEGORY_CODES.length)],
        urgency: 'ordinary',
        source: SOURCE_CHANNELS[Math.floor(rng() * SOURCE_CHANNELS.length)],
        summary: '小区门口生活垃圾堆放未清运，联系电话13912345678',
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
