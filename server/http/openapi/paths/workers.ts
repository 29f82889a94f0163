// A grid worker's sampled track (server/http/workerRoutes.ts): a read key, within its scope.
import { READ_ROLES } from '../../../../shared/access.ts';
import { json, keyed, type PathGroup } from '../common.ts';
import { z } from '../zod.ts';

const TAG = 'Workers';

const Track = z
  .strictObject({
    worker: z.string(),
    gridCode: z.string(),
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    points: z.array(z.strictObject({ at: z.iso.datetime(), lon: z.number(), lat: z.number() })).openapi({ description: 'oldest first, one per 30 s' }),
  })
  .openapi('WorkerTrack');

export const workerPaths: PathGroup = {
  tag: { name: TAG, description: "Grid workers' tracks: live fixes and a phone's uploaded backlog alike." },
  register(r) {
    r.registerPath(
      keyed(READ_ROLES, {
        method: 'get',
        path: '/api/v1/workers/{id}/track',
        tags: [TAG],
        operationId: 'getWorkerTrack',
        summary: "A worker's sampled track",
        description: 'Default the last 24 hours; at most 7 days at once.',
        request: {
          params: z.object({
            id: z
              .string()
              .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/)
              .openapi({ description: 'a worker id from the roster', example: 'W120101001008003' }),
          }),
          query: z.strictObject({
            from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'default: 24 hours before `to`' }),
            to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'default: now' }),
          }),
        },
        responses: { 200: { description: 'The track.', ...json(Track) } },
        errors: { 400: ['invalid_payload'], 403: ['outside_scope'], 404: ['unknown_worker'] },
      }),
    );
  },
};
