// The event log's queries, once for both engines. Batches go in as multi-row statements (a round
// trip per 200 events, not per event).
import { sql, type Kysely } from 'kysely';
import type { CaseEvent, StoredCaseEvent } from '../../../shared/caseEvent.ts';
import type { CaseState } from '../../../shared/caseLifecycle.ts';
import { VersionConflictError, type EventLog } from '../eventLog.ts';
import { chunks, clampInstant } from './rows.ts';
import type { Database, Dialect } from './schema.ts';

/** Rows per statement: 8 parameters each stays far below both engines' parameter limits. */
const CHUNK = 200;
/** The first key of the log's advisory lock (PostgreSQL): 'GW' + 1. */
const LOG_LOCK_CLASS = 0x4757_0001;

export function kyselyEventLog(db: Kysely<Database>, dialect: Dialect, logId: string, isVersionConflict: (err: unknown) => boolean): EventLog {
  return {
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
            .values(
              part.map(({ event, state }) => ({
                event_id: event.eventId,
                case_id: event.caseId,
                case_version: state.version,
                type: event.type,
                occurred_at: Date.parse(event.at),
                recorded_at: recordedAt,
                body: JSON.stringify(event),
              })),
            )
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
            .onConflict((oc) =>
              oc.column('case_id').doUpdateSet((eb) => ({
                version: eb.ref('excluded.version'),
                status: eb.ref('excluded.status'),
                state: eb.ref('excluded.state'),
                updated_at: eb.ref('excluded.updated_at'),
              })),
            )
            .execute();
        }
        await tx.commit().execute();
        return entries.map(({ event }) => ({ seq: seqById.get(event.eventId)!, recordedAt, event })).sort((a, b) => a.seq - b.seq);
      } catch (err) {
        // releases the connection even when the ROLLBACK itself fails (already rolled back, connection gone)
        if (!tx.isCommitted && !tx.isRolledBack)
          await tx
            .rollback()
            .execute()
            .catch(() => undefined);
        if (isVersionConflict(err)) throw new VersionConflictError('another writer stored one of these case versions first');
        throw err;
      }
    },

    async lastSeq() {
      const row = await db
        .selectFrom('case_events')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirst();
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
      const rows = await db
        .selectFrom('case_events')
        .select(['seq', 'recorded_at', 'body'])
        .where('occurred_at', '>=', afterAt)
        .where('occurred_at', '<=', until)
        .where((eb) => eb.or([eb('occurred_at', '>', afterAt), eb('seq', '>', after.seq)]))
        .orderBy('occurred_at')
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map(toStoredEvent);
    },

    async readCaseEvents(caseId) {
      const rows = await db.selectFrom('case_events').select(['seq', 'recorded_at', 'body']).where('case_id', '=', caseId).orderBy('case_version').execute();
      return rows.map(toStoredEvent);
    },
  };
}

const toStoredEvent = (r: { seq: number | undefined; recorded_at: number; body: string }): StoredCaseEvent => ({
  seq: Number(r.seq),
  recordedAt: Number(r.recorded_at),
  event: JSON.parse(r.body) as CaseEvent,
});
