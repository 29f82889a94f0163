// The walls' command log and states, once for both engines.
import type { Kysely } from 'kysely';
import type { CommandLogEntry, WallCommand } from '../../../shared/wallControl.ts';
import type { WallStateStore } from '../wallStateStore.ts';
import type { Database } from './schema.ts';

export function kyselyWallStateStore(db: Kysely<Database>): WallStateStore {
  return {
    async appendCommand(entry) {
      const row = await db
        .insertInto('wall_commands')
        .values({
          wall: entry.wall,
          at: entry.at,
          who: entry.who,
          role: entry.role,
          command: JSON.stringify(entry.command),
          ok: entry.ok ? 1 : 0,
          error: entry.error,
          error_code: entry.code,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },

    async readCommands(wall, limit) {
      const rows = await db.selectFrom('wall_commands').selectAll().where('wall', '=', wall).orderBy('id', 'desc').limit(limit).execute();
      return rows.reverse().map(
        (r): CommandLogEntry => ({
          id: Number(r.id),
          wall: r.wall,
          at: Number(r.at),
          who: r.who,
          role: r.role as CommandLogEntry['role'],
          command: JSON.parse(r.command) as WallCommand,
          ok: Number(r.ok) === 1,
          error: r.error,
          code: r.error_code,
        }),
      );
    },

    async saveState(wall, body, version, replaces) {
      const result = await db
        .insertInto('wall_states')
        .values({ wall, body, version, updated_at: Date.now() })
        .onConflict((oc) => {
          const update = oc
            .column('wall')
            .doUpdateSet((eb) => ({ body: eb.ref('excluded.body'), version: eb.ref('excluded.version'), updated_at: eb.ref('excluded.updated_at') }));
          return replaces === undefined ? update : update.where('wall_states.version', '=', replaces);
        })
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 1n) > 0;
    },

    async loadStates() {
      const rows = await db.selectFrom('wall_states').select(['wall', 'body']).execute();
      return new Map(rows.map((r) => [r.wall, r.body]));
    },
  };
}
