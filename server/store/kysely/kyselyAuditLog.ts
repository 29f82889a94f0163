// The audit log's queries, once for both engines.
import type { Kysely } from 'kysely';
import type { AuditEntry } from '../../../shared/access.ts';
import type { AuditLog } from '../auditLog.ts';
import type { Database } from './schema.ts';

export function kyselyAuditLog(db: Kysely<Database>): AuditLog {
  return {
    async append(e) {
      const row = await db
        .insertInto('audit_log')
        .values({
          at: e.at,
          key_id: e.keyId,
          role: e.role,
          label: e.label,
          action: e.action,
          target: e.target,
          ok: e.ok ? 1 : 0,
          detail: e.detail === null ? null : JSON.stringify(e.detail),
          ip: e.ip,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },

    async read({ limit, before, action }) {
      let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit);
      if (before !== undefined) q = q.where('id', '<', before);
      if (action !== undefined) q = q.where('action', '=', action);
      const rows = await q.execute();
      return rows.map(
        (r): AuditEntry => ({
          id: Number(r.id),
          at: new Date(Number(r.at)).toISOString(),
          keyId: r.key_id,
          role: r.role as AuditEntry['role'],
          label: r.label,
          action: r.action,
          target: r.target,
          ok: Number(r.ok) === 1,
          detail: r.detail === null ? null : (JSON.parse(r.detail) as Record<string, unknown>),
          ip: r.ip,
        }),
      );
    },
  };
}
