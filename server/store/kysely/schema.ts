// Table types and migrations, written with Kysely's schema builder so that the same definitions run
// on SQLite (embedded) and PostgreSQL; the few differences (the log's sequence column) are by dialect.
import { sql, type Generated, type Kysely, type Migration, type MigrationProvider } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

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
    /** The worker's assigned grid as his fix gave it (null in samples stored before it was kept). */
    grid_code: string | null;
  };
  meta: {
    key: string;
    value: string;
  };
  checkpoints: {
    name: string;
    seq: number;
    created_at: number;
    body: Uint8Array;
  };
  wall_commands: {
    id: Generated<number>;
    wall: string;
    at: number;
    who: string;
    role: string;
    /** The WallCommand as JSON. */
    command: string;
    /** 1 applied, 0 refused (an integer: SQLite has no boolean to bind). */
    ok: number;
    error: string | null;
    error_code: string | null;
  };
  wall_states: {
    wall: string;
    body: string;
    updated_at: number;
    /** The state's version (in the body too): a node saves its next state only over the one it had (scale-out). */
    version: Generated<number>;
  };
  access_keys: {
    id: string;
    role: string;
    label: string;
    /** JSON array of wall ids, or null: every wall. */
    walls: string | null;
    scope: string;
    /** JSON array of source channels an ingest key's reports may carry, or null: any. */
    sources: string | null;
    /** SHA-256 of the token (hex): the token itself is never stored. */
    token_hash: string;
    hint: string;
    created_at: number;
    created_by: string;
    expires_at: number | null;
    revoked_at: number | null;
    replaced_by: string | null;
    /** A device key's grid worker (the phone of one worker), or null. */
    worker_id: string | null;
  };
  calendar_years: {
    year: number;
    /** The YearScheduleFile as JSON. */
    body: string;
    loaded_at: number;
    loaded_by: string;
  };
  audit_log: {
    id: Generated<number>;
    at: number;
    key_id: string;
    role: string;
    label: string;
    action: string;
    target: string;
    ok: number;
    /** JSON, or null. */
    detail: string | null;
    ip: string | null;
  };
}

function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '2026-11-23-001-event-log': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('case_events')
          .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
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
          // SQLite's REAL is already 8 bytes; PostgreSQL's real would be 4
          .addColumn('lon', 'double precision', (c) => c.notNull())
          .addColumn('lat', 'double precision', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('position_samples_worker_at').on('position_samples').columns(['worker_id', 'at']).execute();
      },
    },
    '2026-11-23-002-retention-and-open-cases': {
      async up(db: Kysely<unknown>) {
        // retention deletes by time; start-up and the overdue watch read the open cases
        await db.schema.createIndex('position_samples_at').on('position_samples').column('at').execute();
        await db.schema.createIndex('cases_status').on('cases').column('status').execute();
        if (dialect === 'postgres') await sql`ALTER TABLE case_events SET (autovacuum_vacuum_insert_scale_factor = 0.05)`.execute(db);
      },
    },
    '2026-11-23-003-checkpoints': {
      async up(db: Kysely<unknown>) {
        // the projections folded up to `seq`, so that start-up replays only the tail of the log
        await db.schema
          .createTable('checkpoints')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('seq', 'bigint', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('body', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
          .execute();
      },
    },
    '2026-11-23-004-log-identity': {
      async up(db: Kysely<unknown>) {
        // a random id per log: a screen resumes by seq only against the log it saw
        await db.schema
          .createTable('meta')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '2026-11-24-005-playback-and-wall-control': {
      async up(db: Kysely<unknown>) {
        // playback folds the log in the order things happened, a page at a time from a (time, seq) key
        await db.schema.createIndex('case_events_occurred').on('case_events').columns(['occurred_at', 'seq']).execute();
        // a played-back worker belongs to his assigned grid's scope, as he does live
        await db.schema.alterTable('position_samples').addColumn('grid_code', 'text').execute();
        await db.schema
          .createTable('wall_commands')
          .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
          .addColumn('wall', 'text', (c) => c.notNull())
          .addColumn('at', 'bigint', (c) => c.notNull())
          .addColumn('who', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('command', 'text', (c) => c.notNull())
          .addColumn('ok', 'integer', (c) => c.notNull())
          .addColumn('error', 'text')
          .addColumn('error_code', 'text')
          .execute();
        await db.schema.createIndex('wall_commands_wall_id').on('wall_commands').columns(['wall', 'id']).execute();
        // what each wall shows, so a restart comes back to it
        await db.schema
          .createTable('wall_states')
          .addColumn('wall', 'text', (c) => c.primaryKey())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();
      },
    },
    '2026-11-24-006-access-keys-and-audit': {
      async up(db: Kysely<unknown>) {
        // access keys, stored by their token's hash (shared/access.ts, server/auth/accessKeys.ts)
        await db.schema
          .createTable('access_keys')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('label', 'text', (c) => c.notNull())
          .addColumn('walls', 'text')
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('hint', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'bigint')
          .addColumn('revoked_at', 'bigint')
          .execute();
        // every privileged action: who, when, what, on what, the outcome
        await db.schema
          .createTable('audit_log')
          .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
          .addColumn('at', 'bigint', (c) => c.notNull())
          .addColumn('key_id', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('label', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('target', 'text', (c) => c.notNull())
          .addColumn('ok', 'integer', (c) => c.notNull())
          .addColumn('detail', 'text')
          .addColumn('ip', 'text')
          .execute();
        await db.schema.createIndex('audit_log_action_id').on('audit_log').columns(['action', 'id']).execute();
      },
    },
    '2026-11-24-007-ingest-key-sources': {
      async up(db: Kysely<unknown>) {
        // an ingest key bound to its channels: the hotline's key cannot post the photo app's reports
        await db.schema.alterTable('access_keys').addColumn('sources', 'text').execute();
      },
    },
    '2026-11-24-008-rotated-keys': {
      async up(db: Kysely<unknown>) {
        // a rotated key names its replacement, and is not rotated a second time
        await db.schema.alterTable('access_keys').addColumn('replaced_by', 'text').execute();
      },
    },
    '2026-11-24-009-wall-state-versions': {
      async up(db: Kysely<unknown>) {
        // several nodes command one wall: a state is saved only over the version it was made from
        await db.schema
          .alterTable('wall_states')
          .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        const states = db as unknown as Kysely<Database>;
        for (const row of await states.selectFrom('wall_states').select(['wall', 'body']).execute()) {
          let version = 0;
          try {
            version = Number((JSON.parse(row.body) as { version?: unknown }).version) || 0;
          } catch {
            // an unreadable state is replaced by the wall's configuration at start; any version will do
          }
          await states.updateTable('wall_states').set({ version }).where('wall', '=', row.wall).execute();
        }
      },
    },
    '2026-11-24-010-device-keys': {
      async up(db: Kysely<unknown>) {
        // a grid worker's phone holds a device key bound to him: it reports his fixes, patrols and cases only
        await db.schema.alterTable('access_keys').addColumn('worker_id', 'text').execute();
      },
    },
    '2026-12-07-011-calendar-years': {
      async up(db: Kysely<unknown>) {
        // next year's holiday schedule, loaded by an administrator without a restart
        await db.schema
          .createTable('calendar_years')
          .addColumn('year', 'integer', (c) => c.primaryKey())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('loaded_at', 'bigint', (c) => c.notNull())
          .addColumn('loaded_by', 'text', (c) => c.notNull())
          .execute();
      },
    },
  };
}

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return { getMigrations: async () => migrations(dialect) };
}
