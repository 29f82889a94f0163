// GET /api/v1/departments (any read key): the department registry's loaded version, its kinds, the
// duty list line by line with the department each line names, the departments of a region, and the
// list's tuning counts (dutyListTuning) within the key's scope: which lines' cases come back.
// docs/http-api.md "Departments"; the file: docs/configuration.md "Departments and the duty list".
import { Router } from 'express';
import { READ_ROLES, withinScope } from '../../shared/access.ts';
import { categoryOf } from '../../shared/categories.ts';
import type { DepartmentRegistry } from '../../shared/departments.ts';
import { CITY_CODE } from '../../shared/regions.ts';
import type { CaseProjection } from '../projections/caseProjection.ts';
import { ApiError } from './apiError.ts';
import { principalOf, type Authorizer } from './authorize.ts';

/** The answer of GET /api/v1/departments. */
export interface DepartmentsView {
  version: string;
  /** The region the departments and the tuning counts are of. */
  region: string;
  kinds: { code: string; name: string; en: string }[];
  /** The departments serving `region`: those at it, above it and below it. */
  departments: { code: string; name: string; kind: string; level: 'city' | 'district' | 'street'; region: string }[];
  dutyList: {
    line: number;
    category: string;
    categoryName: string;
    street: string;
    district: string;
    city: string;
    note: string | null;
  }[];
  dutyListTuning: {
    line: number;
    category: string;
    dispatched: number;
    redispatched: number;
    raised: number;
    returned: number;
    /** Returns per first dispatch: how often the line's owner sends its cases back (null: none dispatched yet). */
    returnRate: number | null;
  }[];
}

export function departmentsView(departments: DepartmentRegistry, cases: Pick<CaseProjection, 'tuning'>, region: string): DepartmentsView {
  const file = departments.file;
  const tuning = cases.tuning.byCategory(region);
  return {
    version: departments.version,
    region,
    kinds: Object.entries(file.kinds).map(([code, k]) => ({ code, name: k.name, en: k.en })),
    departments: departments.list.filter((d) => d.region.startsWith(region) || region.startsWith(d.region)).map((d) => ({ ...d })),
    dutyList: file.dutyList.map((l, line) => ({
      line,
      category: l.category,
      categoryName: categoryOf(l.category)?.name ?? l.category,
      street: l.street,
      district: l.district,
      city: l.city ?? l.district,
      note: l.note ?? null,
    })),
    dutyListTuning: file.dutyList.map((l, line) => {
      const c = tuning.get(l.category) ?? { dispatched: 0, redispatched: 0, raised: 0, returned: 0 };
      return { line, category: l.category, ...c, returnRate: c.dispatched ? c.returned / c.dispatched : null };
    }),
  };
}

export function departmentRoutes(deps: {
  auth: Authorizer;
  departments: DepartmentRegistry;
  cases: Pick<CaseProjection, 'tuning'>;
  isRegion(code: string): boolean;
}): Router {
  const router = Router();
  const read = deps.auth.require(READ_ROLES, 'a screen token', 'read');
  router.get('/api/v1/departments', read, (req, res) => {
    const scope = principalOf(res).scope;
    const asked = typeof req.query.region === 'string' ? req.query.region : undefined;
    if (asked !== undefined && !deps.isRegion(asked)) throw new ApiError(422, 'unknown_region', `region ${asked}: no city, district or street has this code`);
    const region = asked ?? scope;
    if (!withinScope(region, scope)) throw new ApiError(403, 'outside_scope', `region ${region} lies outside ${scope}, the region this key sees`);
    res.json(departmentsView(deps.departments, deps.cases, region ?? CITY_CODE));
  });
  return router;
}
