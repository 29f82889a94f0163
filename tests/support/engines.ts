// The two store engines the suites run against: the embedded SQLite store always, PostgreSQL where
// one answers (127.0.0.1:5432, user postgres, trust auth on the test machines). Without PostgreSQL
// the PostgreSQL runs are skipped with a reason, except under CI=true, where that fails the run.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach } from 'vitest';
import { openPostgresStores } from '../../server/store/postgresStores.ts';
import { openSqliteStores } from '../../server/store/sqliteStores.ts';
import type { Stores } from '../../server/store/stores.ts';

export type Engine = 'sqlite' | 'postgres';
export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (err) {
    const reason = `no PostgreSQL at ${PG_URL.replace(/\/\/[^@]*@/, '//')} (${(err as Error).message})`;
    if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}`);
    console.warn(`skipped: ${reason}; the PostgreSQL runs of the store suites are skipped`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const ENGINES: Engine[] = (await postgresAnswers()) ? ['sqlite', 'postgres'] : ['sqlite'];

/** Where one test server's store lives: a temp data folder, and for PostgreSQL a fresh schema. */
export interface StoreLocation {
  engine: Engine;
  dataDir: string;
  schema: string;
  /** The environment that points a server at this store. */
  env: Record<string, string>;
}

let counter = 0;
export function newStoreLocation(engine: Engine): StoreLocation {
  const dataDir = mkdtempSync(join(tmpdir(), 'gridwall-test-'));
  // random too: test files in one worker process start their counters again
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${++counter}_${randomBytes(3).toString('hex')}`;
  return { engine, dataDir, schema, env: engine === 'postgres' ? { DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema } : {} };
}

export function openStoreAt(loc: StoreLocation): Promise<Stores> {
  return loc.engine === 'postgres' ? openPostgresStores(PG_URL, loc.schema) : openSqliteStores(loc.dataDir);
}

export async function dropStore(loc: StoreLocation): Promise<void> {
  if (loc.engine !== 'postgres') return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${loc.schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** For a suite: opens stores (a new location each, or the one given) that are closed, and their PostgreSQL schemas dropped, after each test. */
export function useStores(engine: Engine): (loc?: StoreLocation) => Promise<{ store: Stores; loc: StoreLocation }> {
  const opened: { store: Stores; loc: StoreLocation }[] = [];
  afterEach(async () => {
    for (const { store, loc } of opened.splice(0)) {
      await store.close().catch(() => undefined);
      await dropStore(loc);
    }
  });
  return async (loc = newStoreLocation(engine)) => {
    const store = await openStoreAt(loc);
    opened.push({ store, loc });
    return { store, loc };
  };
}
