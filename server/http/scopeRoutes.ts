// A scope's trends and alerts over HTTP, with the screen token: the same values its wall's room is
// pushed (computed at most one tick ago), for a screen that polls or a report that quotes them.
import { Router } from 'express';
import { z } from 'zod';
import { CITY_CODE } from '../../shared/regions.ts';
import type { RegionTree } from '../geo/regionTree.ts';
import type { ScopeViews } from '../projections/scopeViews.ts';
import { ApiError, validationError } from './apiError.ts';
import { requireKey } from './requireKey.ts';

const scopeQuery = z.strictObject({
  region: z.string().regex(/^12\d{2}(\d{2}(\d{3})?)?$/, 'the city (1201), a district (6 digits) or a street (9 digits): trends and alerts are kept for these').default(CITY_CODE),
});

export function scopeRoutes(deps: { readTokens: readonly string[]; tree: RegionTree; geoVersion: string; views: ScopeViews; maxAgeMs: { trends: number; alerts: number } }): Router {
  const router = Router();
  const auth = requireKey(deps.readTokens, 'a screen token');

  const scopeOf = (query: unknown): string => {
    const parsed = scopeQuery.safeParse(query);
    if (!parsed.success) throw validationError(parsed.error, 'query');
    const region = deps.tree.get(parsed.data.region);
    if (!region || !['city', 'district', 'street'].includes(region.level)) throw new ApiError(404, 'unknown_region', `no city, district or street ${parsed.data.region} in the geography (version ${deps.geoVersion})`);
    return region.code;
  };

  router.get('/api/v1/trends', auth, (req, res) => {
    res.json(deps.views.recentTrends(scopeOf(req.query), Date.now(), deps.maxAgeMs.trends));
  });

  router.get('/api/v1/alerts', auth, (req, res) => {
    res.json(deps.views.recentAlerts(scopeOf(req.query), Date.now(), deps.maxAgeMs.alerts));
  });

  return router;
}
