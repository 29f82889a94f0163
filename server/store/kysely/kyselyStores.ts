// Every store over one Kysely handle (SQLite or PostgreSQL), after the migrations have run.
import { randomUUID } from 'node:crypto';
import { Migrator, type Kysely } from 'kysely';
import type { Stores } from '../stores.ts';
import { kyselyAuditLog } from './kyselyAuditLog.ts';
import { kyselyCalendarStore } from './kyselyCalendarStore.ts';
import { kyselyCheckpointStore } from './kyselyCheckpointStore.ts';
import { kyselyEventLog } from './kyselyEventLog.ts';
import { kyselyKeyStore } from './kyselyKeyStore.ts';
import { kyselyTrackStore } from './kyselyTrackStore.ts';
import { kyselyWallStateStore } from './kyselyWallStateStore.ts';
import { migrationProvider, type Database, type Dialect } from './schema.ts';

/** Runs the migrations; returns the log's identity (made on first open, kept for ever). */
export async function migrate(db: Kysely<Database>, dialect: Dialect, migrationTableSchema?: string): Promise<string> {
  const migrator = new Migrator({ db, provider: migrationProvider(dialect), migrationTableSchema });
  for (let attempt = 1; ; attempt++) {
    const { error } = await migrator.migrateToLatest();
    if (!error) break;
    // Kysely's migrator looks through every schema of the database for its tables: one dropped at that
    // moment by another instance sharing the database (or another test) fails the look, harmlessly
    const elsewhere = /schema "([^"]+)" does not exist/.exec(String(error));
    if (attempt < 3 && elsewhere && elsewhere[1] !== migrationTableSchema) continue;
    throw new Error(`store migration failed: ${String(error)}`);
  }
  await db
    .insertInto('meta')
    .values({ key: 'log_id', value: randomUUID() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await db.selectFrom('meta').select('value').where('key', '=', 'log_id').executeTakeFirstOrThrow()).value;
}

/** `isVersionConflict`: whether an engine's error is another writer's case version or event id stored first. */
export function kyselyStores(db: Kysely<Database>, dialect: Dialect, logId: string, isVersionConflict: (err: unknown) => boolean): Stores {
  return {
    engine: dialect,
    log: kyselyEventLog(db, dialect, logId, isVersionConflict),
    tracks: kyselyTrackStore(db),
    checkpoints: kyselyCheckpointStore(db),
    walls: kyselyWallStateStore(db),
    keys: kyselyKeyStore(db),
    audit: kyselyAuditLog(db),
    calendar: kyselyCalendarStore(db),
    async close() {
      await db.destroy();
    },
  };
}
