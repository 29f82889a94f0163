// The sampled tracks' queries, once for both engines.
import type { Kysely } from 'kysely';
import type { PositionSample, TrackStore } from '../trackStore.ts';
import { chunks, clampInstant } from './rows.ts';
import type { Database } from './schema.ts';

export function kyselyTrackStore(db: Kysely<Database>): TrackStore {
  return {
    async append(fixes) {
      for (const part of chunks(fixes, 1000)) {
        await db
          .insertInto('position_samples')
          .values(part.map((f) => ({ worker_id: f.workerId, at: Date.parse(f.at), lon: f.lon, lat: f.lat, grid_code: f.gridCode })))
          .execute();
      }
    },

    async read(workerId, from, to) {
      [from, to] = [clampInstant(from), clampInstant(to)];
      const rows = await db
        .selectFrom('position_samples')
        .select(['worker_id', 'at', 'lon', 'lat', 'grid_code'])
        .where('worker_id', '=', workerId)
        .where('at', '>=', from)
        .where('at', '<', to)
        .orderBy('at')
        .execute();
      return rows.map(toSample);
    },

    async readBetween(from, to, limit) {
      [from, to] = [clampInstant(from), clampInstant(to)];
      const rows = await db
        .selectFrom('position_samples')
        .select(['worker_id', 'at', 'lon', 'lat', 'grid_code'])
        .where('at', '>', from)
        .where('at', '<=', to)
        .orderBy('at')
        .limit(limit)
        .execute();
      return rows.map(toSample);
    },

    async prune(before) {
      const result = await db.deleteFrom('position_samples').where('at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

const toSample = (r: { worker_id: string; at: number; lon: number; lat: number; grid_code: string | null }): PositionSample => ({
  workerId: r.worker_id,
  at: Number(r.at),
  lon: Number(r.lon),
  lat: Number(r.lat),
  gridCode: r.grid_code,
});
