// The checkpoints' queries, once for both engines.
import type { Kysely } from 'kysely';
import type { CheckpointStore } from '../checkpointStore.ts';
import type { Database } from './schema.ts';

export function kyselyCheckpointStore(db: Kysely<Database>): CheckpointStore {
  return {
    async save(name, seq, body) {
      await db
        .insertInto('checkpoints')
        .values({ name, seq, created_at: Date.now(), body })
        .onConflict((oc) =>
          oc.column('name').doUpdateSet((eb) => ({ seq: eb.ref('excluded.seq'), created_at: eb.ref('excluded.created_at'), body: eb.ref('excluded.body') })),
        )
        .execute();
    },

    async load(name) {
      const row = await db.selectFrom('checkpoints').select(['seq', 'created_at', 'body']).where('name', '=', name).executeTakeFirst();
      return row ? { seq: Number(row.seq), createdAt: Number(row.created_at), body: new Uint8Array(row.body) } : null;
    },
  };
}
