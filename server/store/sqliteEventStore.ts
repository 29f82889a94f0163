// The embedded store: SQLite (better-sqlite3) in the data folder, queried through Kysely so the
// PostgreSQL store can share the queries. WAL with synchronous=FULL: a commit is on disk (fsync)
// before it returns, so an acknowledged ingest survives kill -9 and power loss.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import type { CaseEvent, PositionFix } from '../../shared/caseEvent.ts';
import type { CaseState } from '../../shared/caseLifecycle.ts';
import type { CommitEntry, EventStore, StoredCaseEvent } from './eventStore.ts';
import { migrationProvider, type Database } from './schema.ts';

/** SQLite's default limit on bound parameters per statement is 32766; stay well below. */
const CHUNK = 500;

export async function openSqliteEventStore(dataDir: string): Promise<EventStore> {
  mkdirSync(dataDir, { recursive: true });
  const sqlite = new SQLite(join(dataDir, 'gridwall.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) throw new Error(`store migration failed: ${String(error)}`);

  return {
    async existingEventIds(eventIds) {
      const found = new Set<string>();
      for (const ids of chunks(eventIds)) {
        const rows = await db.selectFrom('case_events').select('event_id').where('event_id', 'in', ids).execute();
        for (const r of rows) found.add(r.event_id);
      }
      return found;
    },

    async loadCases(caseIds) {
      const states = new Map<string, CaseState>();
      for (const ids of chunks([...new Set(caseIds)])) {
        const rows = await db.selectFrom('cases').select(['case_id', 'state']).where('case_id', 'in', ids).execute();
        for (const r of rows) states.set(r.case_id, JSON.parse(r.state) as CaseState);
      }
      return states;
    },

    async commit(entries, recordedAt) {
      return db.transaction().execute(async (tx) => {
        const stored: StoredCaseEvent[] = [];
        for (const { event, state } of entries) {
          const row = await tx
            .insertInto('case_events')
            .values({
              event_id: event.eventId, case_id: event.caseId, case_version: state.version, type: event.type,
              occurred_at: Date.parse(event.at), recorded_at: recordedAt, body: JSON.stringify(event),
            })
            .returning('seq')
            .executeTakeFirstOrThrow();
          stored.push({ seq: Number(row.seq), recordedAt, event });
        }
        const latest = new Map<string, CaseState>();
        for (const { state } of entries) latest.set(state.caseId, state);
        for (const state of latest.values()) {
          await tx
            .insertInto('cases')
            .values({ case_id: state.caseId, version: state.version, status: state.status, state: JSON.stringify(state), updated_at: state.updatedAt })
            .onConflict((oc) => oc.column('case_id').doUpdateSet({ version: state.version, status: state.status, state: JSON.stringify(state), updated_at: state.updatedAt }))
            .execute();
        }
        return stored;
      });
    },

    async readEvents(afterSeq, limit) {
      const rows = await db.selectFrom('case_events').select(['seq', 'recorded_at', 'body']).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
      return rows.map((r) => ({ seq: Number(r.seq), recordedAt: Number(r.recorded_at), event: JSON.parse(r.body) as CaseEvent }));
    },

    async appendPositionSamples(fixes: PositionFix[]) {
      for (const part of chunks(fixes, CHUNK / 5)) {
        await db.insertInto('position_samples').values(part.map((f) => ({ worker_id: f.workerId, at: Date.parse(f.at), lon: f.lon, lat: f.lat }))).execute();
      }
    },

    async close() {
      await db.destroy();
    },
  } satisfies EventStore;
}

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
