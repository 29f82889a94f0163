// The embedded store: SQLite (better-sqlite3) in the data folder. WAL with synchronous=FULL: a
// commit is on disk (fsync) before it returns, so an acknowledged ingest survives kill -9 and power loss.
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { kyselyStores, migrate } from './kysely/kyselyStores.ts';
import type { Database } from './kysely/schema.ts';
import type { Stores } from './stores.ts';

export async function openSqliteStores(dataDir: string): Promise<Stores> {
  // the store holds citizens' own words and the keys' hashes: for the server's user only
  if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, 'gridwall.sqlite');
  const sqlite = new SQLite(file);
  // before the first write: SQLite gives its -wal and -shm files the database file's permissions
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  // the WAL is copied into the database every 20,000 pages (~80 MB) instead of SQLite's 1,000: a
  // quarter less work per committed event on a busy log (the copy and its fsync come 20 times less
  // often); durability is the same, every commit still fsyncs the WAL; recovery reads at most that much
  sqlite.pragma('wal_autocheckpoint = 20000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const logId = await migrate(db, 'sqlite');
  return kyselyStores(
    db,
    'sqlite',
    logId,
    (err) => (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && /case_events\.(case_version|event_id)/.test(String((err as Error).message)),
  );
}
