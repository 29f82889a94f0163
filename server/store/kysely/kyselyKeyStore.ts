// The access keys' queries, once for both engines.
import type { Kysely } from 'kysely';
import type { Role } from '../../../shared/access.ts';
import type { SourceChannel } from '../../../shared/caseEvent.ts';
import type { KeyStore, StoredAccessKey } from '../keyStore.ts';
import type { Database } from './schema.ts';

export function kyselyKeyStore(db: Kysely<Database>): KeyStore {
  return {
    async readAll() {
      const rows = await db.selectFrom('access_keys').selectAll().orderBy('created_at').execute();
      return rows.map(accessKeyOf);
    },

    async find(tokenHash) {
      const row = await db.selectFrom('access_keys').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row && accessKeyOf(row);
    },

    async save(k) {
      await db
        .insertInto('access_keys')
        .values({
          id: k.id,
          role: k.role,
          label: k.label,
          walls: k.walls === null ? null : JSON.stringify(k.walls),
          scope: k.scope,
          sources: k.sources === null ? null : JSON.stringify(k.sources),
          token_hash: k.tokenHash,
          hint: k.hint,
          created_at: k.createdAt,
          created_by: k.createdBy,
          expires_at: k.expiresAt,
          revoked_at: k.revokedAt,
          replaced_by: k.replacedBy,
          worker_id: k.worker,
        })
        .execute();
    },

    async end(id, change) {
      await db
        .updateTable('access_keys')
        .set({
          ...(change.revokedAt !== undefined && { revoked_at: change.revokedAt }),
          ...(change.expiresAt !== undefined && { expires_at: change.expiresAt }),
          ...(change.replacedBy !== undefined && { replaced_by: change.replacedBy }),
        })
        .where('id', '=', id)
        .execute();
    },
  };
}

const accessKeyOf = (r: Database['access_keys']): StoredAccessKey => ({
  id: r.id,
  role: r.role as Role,
  label: r.label,
  walls: r.walls === null ? null : (JSON.parse(r.walls) as string[]),
  scope: r.scope,
  sources: r.sources === null ? null : (JSON.parse(r.sources) as SourceChannel[]),
  tokenHash: r.token_hash,
  hint: r.hint,
  createdAt: Number(r.created_at),
  createdBy: r.created_by,
  expiresAt: r.expires_at === null ? null : Number(r.expires_at),
  revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  replacedBy: r.replaced_by,
  worker: r.worker_id,
});
