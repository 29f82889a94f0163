// A grid worker's track (screen token, within its scope): the sampled positions his fixes left —
// live ones and a phone's uploaded backlog alike — for the drill-down's "where was he today".
import { Router } from 'express';
import { z } from 'zod';
import { READ_ROLES } from '../../shared/access.ts';
import type { TrackStore } from '../store/trackStore.ts';
import { validationRefusal } from '../../shared/refusal.ts';
import { ApiError } from './apiError.ts';
import { principalOf, requireWithin, type Authorizer } from './authorize.ts';

/** At most a week at once (one sample per 30 s: about 20,000 points). */
const MAX_SPAN_MS = 7 * 24 * 3600_000;
const workerId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'a worker id: letters, digits and _ . : - (at most 64)');
const querySchema = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export function workerRoutes(deps: { auth: Authorizer; tracks: Pick<TrackStore, 'read'>; workerGrid(id: string): string | undefined }): Router {
  const router = Router();
  const auth = deps.auth.require(READ_ROLES, 'a screen token', 'read');

  router.get('/api/v1/workers/:id/track', auth, async (req, res) => {
    const id = workerId.safeParse(req.params.id);
    if (!id.success) throw validationRefusal(id.error, 'worker id');
    const query = querySchema.safeParse(req.query);
    if (!query.success) throw validationRefusal(query.error, 'query');
    const grid = deps.workerGrid(id.data);
    if (!grid) throw new ApiError(404, 'unknown_worker', `no worker ${id.data} in this hall's roster`);
    requireWithin(principalOf(res), grid);
    const to = query.data.to ? Date.parse(query.data.to) : Date.now();
    const from = query.data.from ? Date.parse(query.data.from) : to - 24 * 3600_000;
    if (!(from < to)) throw new ApiError(400, 'invalid_payload', 'query: from must be before to', [{ path: 'from', message: 'must be before to' }]);
    if (to - from > MAX_SPAN_MS)
      throw new ApiError(400, 'invalid_payload', 'query: at most 7 days at once', [{ path: 'from', message: 'at most 7 days before to' }]);
    const samples = await deps.tracks.read(id.data, from, to);
    res.json({
      worker: id.data,
      gridCode: grid,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      points: samples.map((s) => ({ at: new Date(s.at).toISOString(), lon: s.lon, lat: s.lat })),
    });
  });
  return router;
}
