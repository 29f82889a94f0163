// A scope's trends and alerts over HTTP, with a read key, within its scope: the same values its wall's room is
// pushed (computed at most one tick ago), for a screen that polls or a report that quotes them.
import { Router } from 'express';
import { z } from 'zod';
import type { RegionTree } from '../geo/regionTree.ts';
import type { Principal } from '../auth/accessKeys.ts';
import type { ScopeViews } from '../projections/scopeViews.ts';
import { validationRefusal } from '../../shared/refusal.ts';
import { SCOPE_LEVELS } from '../geo/geography.ts';
import { ApiError } from './apiError.ts';
import { READ_ROLES } from '../../shared/access.ts';
import { principalOf, requireWithin, type Authorizer } from './authorize.ts';

const scopeQuery = z.strictObject({
  region: z
    .string()
    .regex(/^12\d{2}(\d{2}(\d{3})?)?$/, 'the city (1201), a district (6 digits) or a street (9 digits): trends and alerts are kept for these')
    .optional(),
});

export function scopeRoutes(deps: {
  auth: Authorizer;
  tree: RegionTree;
  geoVersion: string;
  views: ScopeViews;
  maxAgeMs: { trends: number; alerts: number };
}): Router {
  const router = Router();
  const auth = deps.auth.require(READ_ROLES, 'a screen token', 'read');

  const scopeOf = (query: unknown, p: Principal): string => {
    const parsed = scopeQuery.safeParse(query);
    if (!parsed.success) throw validationRefusal(parsed.error, 'query');
    // without a region: the key's whole scope
    const code = parsed.data.region ?? p.scope;
    requireWithin(p, code);
    const region = deps.tree.get(code);
    if (!region || !SCOPE_LEVELS.has(region.level))
      throw new ApiError(404, 'unknown_region', `no city, district or street ${code} in the geography (version ${deps.geoVersion})`);
    return region.code;
  };

  router.get('/api/v1/trends', auth, (req, res) => {
    res.json(deps.views.recentTrends(scopeOf(req.query, principalOf(res)), Date.now(), deps.maxAgeMs.trends));
  });

  router.get('/api/v1/alerts', auth, (req, res) => {
    res.json(deps.views.recentAlerts(scopeOf(req.query, principalOf(res)), Date.now(), deps.maxAgeMs.alerts));
  });

  return router;
}
