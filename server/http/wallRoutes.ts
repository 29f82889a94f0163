// The wall layouts, for the screens (each draws its part of its wall) and the index page (which
// lists every wall's screen URLs).
import { Router } from 'express';
import { z } from 'zod';
import { screenIds } from '../../shared/wallLayout.ts';
import type { WallLayouts } from '../walls/wallLayouts.ts';
import { ApiError } from './apiError.ts';
import { requireKey } from './requireKey.ts';

const idSchema = z.string().regex(/^[a-z0-9-]{1,40}$/, 'a wall id: lower-case letters, digits and -');

export function wallRoutes(deps: { readTokens: readonly string[]; walls: WallLayouts }): Router {
  const router = Router();
  const auth = requireKey(deps.readTokens, 'screen token');
  router.get('/api/v1/walls', auth, (_req, res) => {
    res.json({
      walls: deps.walls.list().map((w) => ({
        id: w.id, name: w.name, rows: w.screens.rows, cols: w.screens.cols, width: w.screens.width, height: w.screens.height, fluid: w.fluid,
        panels: w.panels.map(({ id, kind, x, y, w: pw, h }) => ({ id, kind, x, y, w: pw, h })),
        screens: screenIds(w).map((s) => ({ screen: s, path: `/wall/${w.id}?screen=${s}` })),
      })),
    });
  });
  router.get('/api/v1/walls/:id', auth, (req, res) => {
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) throw new ApiError(400, 'invalid_wall', id.error.issues[0]!.message);
    const wall = deps.walls.get(id.data);
    if (!wall) throw new ApiError(404, 'unknown_wall', `no wall "${id.data}": the walls are ${deps.walls.list().map((w) => w.id).join(', ')}`);
    res.set('cache-control', 'no-cache').json(wall);
  });
  return router;
}
