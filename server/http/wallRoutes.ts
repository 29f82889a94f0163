// The wall layouts, for the screens (each draws its part of its wall) and the index page (which
// lists every wall's screen URLs), as far as the asking key may open them: a key bound to walls sees
// those only, and a wall is given the key's scope where the key sees less than the wall would show.
import { Router } from 'express';
import { z } from 'zod';
import { screenIds } from '../../shared/wallLayout.ts';
import type { WallLayouts } from '../walls/wallLayouts.ts';
import { ApiError } from './apiError.ts';
import { READ_ROLES, withinScope } from '../../shared/access.ts';
import { CITY_CODE } from '../../shared/regions.ts';
import { canOpenWall, type Principal } from '../auth/accessKeys.ts';
import type { WallLayout } from '../../shared/wallLayout.ts';
import { principalOf, type Authorizer } from './authorize.ts';

const idSchema = z.string().regex(/^[a-z0-9-]{1,40}$/, 'a wall id: lower-case letters, digits and -');

export function wallRoutes(deps: { auth: Authorizer; walls: WallLayouts }): Router {
  const router = Router();
  const auth = deps.auth.require(READ_ROLES, 'a screen token', 'read');
  router.get('/api/v1/walls', auth, (_req, res) => {
    const p = principalOf(res);
    res.json({
      walls: deps.walls
        .list()
        .filter((w) => canOpenWall(p, w.id) && scopeFor(w, p) !== null)
        .map((w) => ({
          id: w.id,
          name: w.name,
          rows: w.screens.rows,
          cols: w.screens.cols,
          width: w.screens.width,
          height: w.screens.height,
          fluid: w.fluid,
          panels: w.panels.map(({ id, kind, x, y, w: pw, h }) => ({ id, kind, x, y, w: pw, h })),
          screens: screenIds(w).map((s) => ({ screen: s, path: `/wall/${w.id}?screen=${s}` })),
        })),
    });
  });
  router.get('/api/v1/walls/:id', auth, (req, res) => {
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) throw new ApiError(400, 'invalid_wall', id.error.issues[0]!.message);
    const wall = deps.walls.get(id.data);
    if (!wall)
      throw new ApiError(
        404,
        'unknown_wall',
        `no wall "${id.data}": the walls are ${deps.walls
          .list()
          .map((w) => w.id)
          .join(', ')}`,
      );
    const p = principalOf(res);
    if (!canOpenWall(p, wall.id)) throw new ApiError(403, 'forbidden', `the key "${p.label}" opens ${p.walls!.join(', ')} only, not wall ${wall.id}`);
    const scope = scopeFor(wall, p);
    if (scope === null) throw new ApiError(403, 'outside_scope', `the key "${p.label}" sees ${p.scope}; wall ${wall.id} shows ${wall.scope}, outside it`);
    res.set('cache-control', 'no-cache').json({ ...wall, ...(scope !== CITY_CODE && { scope }) });
  });
  return router;
}

/** What a wall shows to a key: the narrower of the wall's scope and the key's; null when they do not meet. */
function scopeFor(wall: WallLayout, p: Principal): string | null {
  const wallScope = wall.scope ?? CITY_CODE;
  if (withinScope(wallScope, p.scope)) return wallScope;
  if (withinScope(p.scope, wallScope)) return p.scope;
  return null;
}
