// The event store's queries, once, for both engines: Kysely over SQLite or PostgreSQL. Batches go
// in as multi-row statements (a round trip per 200 events, not per event).
import { randomUUID } from 'node:crypto';
import { Kysely, Migrator, sql } from 'kysely';
import type { CaseEvent, PositionFix, SourceChannel } from '../../shared/caseEvent.ts';
import type { CaseState } from '../../shared/caseLifecycle.ts';
import type { CommandLogEntry, WallCommand } from '../../shared/wallControl.ts';
import type { AuditEntry, Role } from '../../shared/access.ts';
import { VersionConflictError, type StoredAccessKey, type EventStore, type PositionSample, type StoredCaseEvent } from './eventStore.ts';
import { migrationProvider, type Database, type Dialect } from './schema.ts';

/** Rows per statement: 8 parameters each stays far below both engines' parameter limits. */
const CHUNK = 200;
/** The first key of the log's advisory lock (PostgreSQL): 'GW' + 1. */
const LOG_LOCK_CLASS = 0x4757_0001;

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
  await db.insertInto('meta').values({ key: 'log_id', value: randomUUID() }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return (await db.selectFrom('meta').select('value').where('key', '=', 'log_id').executeTakeFirstOrThrow()).value;
}

export function createKyselyEventStore(db: Kysely<Database>, dialect: Dialect, logId: string, isVersionConflict: (err: unknown) => boolean): EventStore {
  return {
    engine: dialect,
    logId,

    async findEvents(eventIds) {
      const found = new Map<string, CaseEvent>();
      for (const ids of chunks([...new Set(eventIds)], 500)) {
        const rows = await db.selectFrom('case_events').select(['event_id', 'body']).where('event_id', 'in', ids).execute();
        for (const r of rows) found.set(r.event_id, JSON.parse(r.body) as CaseEvent);
      }
      return found;
    },

    async loadCases(caseIds) {
      const states = new Map<string, CaseState>();
      for (const ids of chunks([...new Set(caseIds)], 500)) {
        const rows = await db.selectFrom('cases').select(['case_id', 'state']).where('case_id', 'in', ids).execute();
        for (const r of rows) states.set(r.case_id, JSON.parse(r.state) as CaseState);
      }
      return states;
    },

    async commit(entries, recordedAt) {
      // A controlled transaction, so that a failure keeps its own error: with Kysely's callback form
      // a failed COMMIT (SQLITE_FULL: SQLite has already rolled back) is answered by a ROLLBACK that
      // fails in turn ("no transaction is active"), and that error would replace the real one. The
      // ROLLBACK still runs, so the connection is never left inside a half-done transaction.
      const tx = await db.startTransaction().execute();
      try {
        // Several nodes commit to one PostgreSQL log: one commit at a time (a transaction-scoped
        // advisory lock per schema) makes the log's seq order its commit order, so that a node that
        // is told of seq n knows every seq below it is settled (stored, or burnt by a rollback) and
        // can fetch what it missed (server/bus/logFollower.ts). SQLite has one writer anyway.
        if (dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${LOG_LOCK_CLASS}, hashtext(current_schema()))`.execute(tx);
        const seqById = new Map<string, number>();
        for (const part of chunks(entries, CHUNK)) {
          const rows = await tx
            .insertInto('case_events')
            .values(part.map(({ event, state }) => ({
              event_id: event.eventId, case_id: event.caseId, case_version: state.version, type: event.type,
              occurred_at: Date.parse(event.at), recorded_at: recordedAt, body: JSON.stringify(event),
            })))
            .returning(['seq', 'event_id'])
            .execute();
          for (const r of rows) seqById.set(r.event_id, Number(r.seq));
        }
        const latest = new Map<string, CaseState>();
        for (const { state } of entries) latest.set(state.caseId, state);
        for (const part of chunks([...latest.values()], CHUNK)) {
          await tx
            .insertInto('cases')
            .values(part.map((s) => ({ case_id: s.caseId, version: s.version, status: s.status, state: JSON.stringify(s), updated_at: s.updatedAt })))
            .onConflict((oc) => oc.column('case_id').doUpdateSet((eb) => ({
              version: eb.ref('excluded.version'), status: eb.ref('excluded.status'), state: eb.ref('excluded.state'), updated_at: eb.ref('excluded.updated_at'),
            })))
            .execute();
        }
        await tx.commit().execute();
        return entries.map(({ event }) => ({ seq: seqById.get(event.eventId)!, recordedAt, event })).sort((a, b) => a.seq - b.seq);
      } catch (err) {
        // releases the connection even when the ROLLBACK itself fails (already rolled back, connection gone)
        if (!tx.isCommitted && !tx.isRolledBack) await tx.rollback().execute().catch(() => undefined);
        if (isVersionConflict(err)) throw new VersionConflictError('another writer stored one of these case versions first');
        throw err;
      }
    },

    async lastSeq() {
      const row = await db.selectFrom('case_events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
      return Number(row?.seq ?? 0);
    },

    async readEvents(afterSeq, limit) {
      const rows = await db.selectFrom('case_events').select(['seq', 'recorded_at', 'body']).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
      return rows.map(toStoredEvent);
    },

    async readEventsByTime(after, to, limit) {
      const [afterAt, until] = [clampInstant(after.at), clampInstant(to)];
      // the keyset (occurred_at, seq) > (afterAt, after.seq) spelt out, its first term a plain range
      // on the (occurred_at, seq) index on both engines
      const rows = await db.selectFrom('case_events').select(['seq', 'recorded_at', 'body'])
        .where('occurred_at', '>=', afterAt).where('occurred_at', '<=', until)
        .where((eb) => eb.or([eb('occurred_at', '>', afterAt), eb('seq', '>', after.seq)]))
        .orderBy('occurred_at').orderBy('seq').limit(limit).execute();
      return rows.map(toStoredEvent);
    },

    async readCaseEvents(caseId) {
      const rows = await db.selectFrom('case_events').select(['seq', 'recorded_at', 'body']).where('case_id', '=', caseId).orderBy('case_version').execute();
      return rows.map(toStoredEvent);
    },

    async appendPositionSamples(fixes: PositionFix[]) {
      for (const part of chunks(fixes, 1000)) {
        await db.insertInto('position_samples').values(part.map((f) => ({ worker_id: f.workerId, at: Date.parse(f.at), lon: f.lon, lat: f.lat, grid_code: f.gridCode }))).execute();
      }
    },

    async readTrack(workerId, from, to) {
      // bigint columns: an open range (±Infinity) becomes the widest instant JavaScript can hold
      [from, to] = [clampInstant(from), clampInstant(to)];
      const rows = await db.selectFrom('position_samples').select(['worker_id', 'at', 'lon', 'lat', 'grid_code'])
        .where('worker_id', '=', workerId).where('at', '>=', from).where('at', '<', to).orderBy('at').execute();
      return rows.map(toSample);
    },

    async readPositionSamplesBetween(from, to, limit) {
      [from, to] = [clampInstant(from), clampInstant(to)];
      const rows = await db.selectFrom('position_samples').select(['worker_id', 'at', 'lon', 'lat', 'grid_code'])
        .where('at', '>', from).where('at', '<=', to).orderBy('at').limit(limit).execute();
      return rows.map(toSample);
    },

    async prunePositionSamples(before) {
      const result = await db.deleteFrom('position_samples').where('at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async saveCheckpoint(name, seq, body) {
      await db.insertInto('checkpoints').values({ name, seq, created_at: Date.now(), body })
        .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ seq: eb.ref('excluded.seq'), created_at: eb.ref('excluded.created_at'), body: eb.ref('excluded.body') })))
        .execute();
    },

    async loadCheckpoint(name) {
      const row = await db.selectFrom('checkpoints').select(['seq', 'created_at', 'body']).where('name', '=', name).executeTakeFirst();
      return row ? { seq: Number(row.seq), createdAt: Number(row.created_at), body: new Uint8Array(row.body) } : null;
    },

    async appendWallCommand(entry) {
      const row = await db.insertInto('wall_commands')
        .values({ wall: entry.wall, at: entry.at, who: entry.who, role: entry.role, command: JSON.stringify(entry.command), ok: entry.ok ? 1 : 0, error: entry.error, error_code: entry.code })
        .returning('id').executeTakeFirstOrThrow();
      return Number(row.id);
    },

    async readWallCommands(wall, limit) {
      const rows = await db.selectFrom('wall_commands').selectAll().where('wall', '=', wall).orderBy('id', 'desc').limit(limit).execute();
      return rows.reverse().map((r): CommandLogEntry => ({
        id: Number(r.id), wall: r.wall, at: Number(r.at), who: r.who, role: r.role as CommandLogEntry['role'],
        command: JSON.parse(r.command) as WallCommand, ok: Number(r.ok) === 1, error: r.error, code: r.error_code,
      }));
    },

    async saveWallState(wall, body, version, replaces) {
      const result = await db.insertInto('wall_states').values({ wall, body, version, updated_at: Date.now() })
        .onConflict((oc) => {
          const update = oc.column('wall').doUpdateSet((eb) => ({ body: eb.ref('excluded.body'), version: eb.ref('excluded.version'), updated_at: eb.ref('excluded.updated_at') }));
          return replaces === undefined ? update : update.where('wall_states.version', '=', replaces);
        })
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 1n) > 0;
    },

    async loadWallStates() {
      const rows = await db.selectFrom('wall_states').select(['wall', 'body']).execute();
      return new Map(rows.map((r) => [r.wall, r.body]));
    },

    async readAccessKeys() {
      const rows = await db.selectFrom('access_keys').selectAll().orderBy('created_at').execute();
      return rows.map(accessKeyOf);
    },

    async findAccessKey(tokenHash) {
      const row = await db.selectFrom('access_keys').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row && accessKeyOf(row);
    },

    async saveAccessKey(k) {
      await db.insertInto('access_keys').values({
        id: k.id, role: k.role, label: k.label, walls: k.walls === null ? null : JSON.stringify(k.walls), scope: k.scope, sources: k.sources === null ? null : JSON.stringify(k.sources), token_hash: k.tokenHash,
        hint: k.hint, created_at: k.createdAt, created_by: k.createdBy, expires_at: k.expiresAt, revoked_at: k.revokedAt, replaced_by: k.replacedBy, worker_id: k.worker,
      }).execute();
    },

    async endAccessKey(id, change) {
      await db.updateTable('access_keys')
        .set({
          ...(change.revokedAt !== undefined && { revoked_at: change.revokedAt }), ...(change.expiresAt !== undefined && { expires_at: change.expiresAt }),
          ...(change.replacedBy !== undefined && { replaced_by: change.replacedBy }),
        })
        .where('id', '=', id).execute();
    },

    async appendAudit(e) {
      const row = await db.insertInto('audit_log')
        .values({ at: e.at, key_id: e.keyId, role: e.role, label: e.label, action: e.action, target: e.target, ok: e.ok ? 1 : 0, detail: e.detail === null ? null : JSON.stringify(e.detail), ip: e.ip })
        .returning('id').executeTakeFirstOrThrow();
      return Number(row.id);
    },

    async readAudit({ limit, before, action }) {
      let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit);
      if (before !== undefined) q = q.where('id', '<', before);
      if (action !== undefined) q = q.where('action', '=', action);
      const rows = await q.execute();
      return rows.map((r): AuditEntry => ({
        id: Number(r.id), at: new Date(Number(r.at)).toISOString(), keyId: r.key_id, role: r.role as AuditEntry['role'], label: r.label,
        action: r.action, target: r.target, ok: Number(r.ok) === 1, detail: r.detail === null ? null : (JSON.parse(r.detail) as Record<string, unknown>), ip: r.ip,
      }));
    },

    async close() {
      await db.destroy();
    },
  };
}

const toStoredEvent = (r: { seq: number | undefined; recorded_at: number; body: string }): StoredCaseEvent =>
  ({ seq: Number(r.seq), recordedAt: Number(r.recorded_at), event: JSON.parse(r.body) as CaseEvent });

const toSample = (r: { worker_id: string; at: number; lon: number; lat: number; grid_code: string | null }): PositionSample =>
  ({ workerId: r.worker_id, at: Number(r.at), lon: Number(r.lon), lat: Number(r.lat), gridCode: r.grid_code });

const accessKeyOf = (r: Database['access_keys']): StoredAccessKey => ({
  id: r.id, role: r.role as Role, label: r.label, walls: r.walls === null ? null : (JSON.parse(r.walls) as string[]), scope: r.scope,
  sources: r.sources === null ? null : (JSON.parse(r.sources) as SourceChannel[]),
  tokenHash: r.token_hash, hint: r.hint, createdAt: Number(r.created_at), createdBy: r.created_by,
  expiresAt: r.expires_at === null ? null : Number(r.expires_at), revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  replacedBy: r.replaced_by, worker: r.worker_id,
});

const clampInstant = (t: number) => Math.max(-8.64e15, Math.min(8.64e15, t));

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
