// Table types and migrations, written with Kysely's schema builder so the same definitions can
// run on SQLite and PostgreSQL.
import { type Kysely, type Migration, type MigrationProvider } from 'kysely';

export interface Database {
  case_events: {
    seq: number | undefined;
    event_id: string;
    case_id: string;
    case_version: number;
    type: string;
    occurred_at: number;
    recorded_at: number;
    body: string;
  };
  cases: {
    case_id: string;
    version: number;
    status: string;
    state: string;
    updated_at: number;
  };
  position_samples: {
    worker_id: string;
    at: number;
    lon: number;
    lat: number;
  };
}

const migrations: Record<string, Migration> = {
  '2026-11-23-001-event-log': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('case_events')
        .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('event_id', 'text', (c) => c.notNull().unique())
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('case_version', 'integer', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('occurred_at', 'bigint', (c) => c.notNull())
        .addColumn('recorded_at', 'bigint', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addUniqueConstraint('case_events_case_version', ['case_id', 'case_version'])
        .execute();
      await db.schema
        .createTable('cases')
        .addColumn('case_id', 'text', (c) => c.primaryKey())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('position_samples')
        .addColumn('worker_id', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('lon', 'real', (c) => c.notNull())
        .addColumn('lat', 'real', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('position_samples_worker_at').on('position_samples').columns(['worker_id', 'at']).execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
