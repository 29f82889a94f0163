// Opens the store the configuration names: PostgreSQL when DATABASE_URL is set, else the embedded
// SQLite store in the data folder. The server and the CLI open it the same way.
import type { Config } from '../config/config.ts';
import { openPostgresStores, redact, type PoolErrorSink } from './postgresStores.ts';
import { openSqliteStores } from './sqliteStores.ts';
import type { Stores } from './stores.ts';

/** `onIdleError`: where PostgreSQL's dropped idle connections are reported (default: a line on stderr). */
export function openStores(config: Pick<Config, 'database' | 'dataDir'>, opts: { onIdleError?: PoolErrorSink } = {}): Promise<Stores> {
  return config.database ? openPostgresStores(config.database.url, config.database.schema, opts.onIdleError) : openSqliteStores(config.dataDir);
}

/** Where the store is, for a log line (no password). */
export function storeLocation(config: Pick<Config, 'database' | 'dataDir'>): string {
  return config.database ? `${redact(config.database.url)} schema ${config.database.schema}` : config.dataDir;
}
