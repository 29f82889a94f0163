// The PostgreSQL store (DATABASE_URL), for scale-out: the same queries as the embedded store. A
// commit returns once PostgreSQL has it durably (synchronous_commit on, the default). `schema`
// keeps several instances (or test runs) apart in one database. While PostgreSQL is away (restarted,
// unreachable) every query fails fast with its connection error (mapped to 503 store_unavailable by
// server/http/apiError.ts) and the pool connects again by itself once it is back; an idle pooled
// connection that PostgreSQL closes is dropped with a log line, never an uncaught 'error' event.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { kyselyStores, migrate } from './kysely/kyselyStores.ts';
import type { Database } from './kysely/schema.ts';
import type { Stores } from './stores.ts';

/** How long a new connection may take before the query that wanted it fails (PostgreSQL away). */
const CONNECT_TIMEOUT_MS = 5000;

/** Where an idle connection's error goes (by default one line on stderr; the server's logger if given). */
export type PoolErrorSink = (err: Error) => void;

const stderrSink: PoolErrorSink = (err) => {
  process.stderr.write(
    `${JSON.stringify({ level: 50, time: Date.now(), msg: 'PostgreSQL: an idle pooled connection failed; it is dropped and a new one made when needed', err: err.message })}\n`,
  );
};

export async function openPostgresStores(databaseUrl: string, schema = 'public', onIdleError: PoolErrorSink = stderrSink): Promise<Stores> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(schema)}`);
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 8,
    options: `-c search_path=${schema}`,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
  });
  // without a listener, an idle client's error (PostgreSQL restarted: 57P01 admin_shutdown) would be
  // an uncaught 'error' event and end the process; the pool has already removed that client
  pool.on('error', (err) => onIdleError(err));
  // and a client that is checked out but between queries (in a transaction, say) when PostgreSQL ends
  // its session emits 'error' on itself, where the pool does not listen: the query that runs next
  // fails (503) and the pool drops the client when it is released
  pool.on('connect', (client) => {
    client.on('error', (err) => onIdleError(err));
  });
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
  // 23505: unique_violation, on the (case_id, case_version) constraint or on event_id: another
  // writer (another node) stored one of these case versions or events first
  return kyselyStores(
    db,
    'postgres',
    logId,
    (err) =>
      (err as { code?: string }).code === '23505' &&
      ['case_events_case_version', 'case_events_event_id_key'].includes((err as { constraint?: string }).constraint ?? ''),
  );
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
