// The wall layouts (server/http/wallRoutes.ts), as far as the asking key may open them: the layout is
// shared/wallLayout.ts's schema, the one the server validates config/walls/*.json with.
import { READ_ROLES } from '../../../../shared/access.ts';
import { PANEL_KINDS, wallSchema } from '../../../../shared/wallLayout.ts';
import { json, keyed, type PathGroup } from '../common.ts';
import { openapi, z } from '../zod.ts';

const TAG = 'Walls';

const WallSummary = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    rows: z.number().int(),
    cols: z.number().int(),
    width: z.number().int(),
    height: z.number().int(),
    fluid: z.boolean(),
    panels: z.array(z.strictObject({ id: z.string(), kind: z.enum(PANEL_KINDS), x: z.number(), y: z.number(), w: z.number(), h: z.number() })),
    screens: z.array(z.strictObject({ screen: z.string().openapi({ example: '1-1' }), path: z.string().openapi({ example: '/wall/demo?screen=1-1' }) })),
  })
  .openapi('WallSummary');

const WallLayout = openapi(wallSchema, 'WallLayout', {
  description:
    "The layout as validated, defaults filled in (docs/walls.md); `scope` is narrowed to the key's where the key sees less than the wall would show.",
});

export const wallPaths: PathGroup = {
  tag: { name: TAG, description: 'The configured wall layouts: a read key; a key bound to walls sees those only.' },
  register(r) {
    r.registerPath(
      keyed(READ_ROLES, {
        method: 'get',
        path: '/api/v1/walls',
        tags: [TAG],
        operationId: 'listWalls',
        summary: 'Every wall the key may open',
        description: "What the index page lists: each wall's screens and their paths (add `&token=`).",
        responses: { 200: { description: 'The walls.', ...json(z.strictObject({ walls: z.array(WallSummary) })) } },
      }),
    );
    r.registerPath(
      keyed(READ_ROLES, {
        method: 'get',
        path: '/api/v1/walls/{id}',
        tags: [TAG],
        operationId: 'getWall',
        summary: "A wall's layout",
        request: {
          params: z.object({
            id: z
              .string()
              .regex(/^[a-z0-9-]{1,40}$/)
              .openapi({ description: 'a wall id', example: 'demo' }),
          }),
        },
        responses: { 200: { description: 'What each screen draws its part of.', ...json(WallLayout) } },
        errors: { 400: ['invalid_wall'], 403: ['outside_scope'], 404: ['unknown_wall'] },
      }),
    );
  },
};
