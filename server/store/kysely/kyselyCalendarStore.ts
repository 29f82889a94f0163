// The loaded holiday schedules' queries, once for both engines.
import type { Kysely } from 'kysely';
import { yearScheduleSchema } from '../../../shared/calendarYear.ts';
import type { CalendarStore } from '../calendarStore.ts';
import type { Database } from './schema.ts';

export function kyselyCalendarStore(db: Kysely<Database>): CalendarStore {
  return {
    async years() {
      const rows = await db.selectFrom('calendar_years').selectAll().orderBy('year').execute();
      return rows.map((r) => ({ schedule: yearScheduleSchema.parse(JSON.parse(r.body)), loadedAt: Number(r.loaded_at), loadedBy: r.loaded_by }));
    },

    async save(entry, replace) {
      const row = { year: entry.schedule.year, body: JSON.stringify(entry.schedule), loaded_at: entry.loadedAt, loaded_by: entry.loadedBy };
      const done = await db
        .insertInto('calendar_years')
        .values(row)
        .onConflict((oc) =>
          replace ? oc.column('year').doUpdateSet({ body: row.body, loaded_at: row.loaded_at, loaded_by: row.loaded_by }) : oc.column('year').doNothing(),
        )
        .executeTakeFirst();
      return Number(done.numInsertedOrUpdatedRows ?? 0) > 0;
    },
  };
}
