// The PostgreSQL store (DATABASE_URL), for scale-out: the same queries as the embedded store. A
// commit returns once PostgreSQL has it durably (synchronous_commit on, the default). `schema`
// keeps several instances (or test runs) apart in one database.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { EventStore } from './eventStore.ts';
import { createKyselyEventStore, migrate } from './kyselyEventStore.ts';
import type { Database } from './schema.ts';

export async function openPostgresEventStore(databaseUrl: string, schema = 'public'): Promise<EventStore> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(schema)}`);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 8, options: `-c search_path=${schema}` });
  // fail fast, with the address, when the server is not there
  const client = await pool.connect().catch((err: Error) => {
    throw new Error(`cannot reach PostgreSQL at ${redact(databaseUrl)}: ${err.message}`);
  });
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    client.release();
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const logId = await migrate(db, 'postgres', schema);
  // 23505: unique_violation, on the (case_id, case_version) constraint
  return createKyselyEventStore(db, 'postgres', logId, (err) => (err as { code?: string; constraint?: string }).code === '23505' && (err as { constraint?: string }).constraint === 'case_events_case_version');
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
