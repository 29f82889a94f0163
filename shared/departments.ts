// The department registry and the duty list (职责清单), as data (config/departments.json): who must
// act on a case of each sub-category, at the street and at the district. The file holds the kinds of
// department (城管委, 燃气, 派出所 …), the city's own departments, a district template applied to
// each of the 16 districts and a street template applied to each street and town; a department's
// code is its region's code and its kind (`120106-rq`: 红桥区's gas company; `120106004-ga`:
// 丁字沽街道's police station). Automatic dispatch (自动分流) is a pure function of the list: the
// line of the case's sub-category names the kind that acts at the street (first) and at the district
// (when the case is raised); the department is the nearest one of that kind at or above the case's
// place (a street has no gas company: 丁字沽街道's gas case goes to 红桥区's). No Node or DOM imports.
import { z } from 'zod';
import { CATEGORY_CODES } from './categories.ts';
import { CITY_CODE } from './regions.ts';

/** A department's code: its region's code (the city 1201, a district's 6 digits, a street's 9) and its kind. */
export const DEPARTMENT_CODE_PATTERN = /^1201(\d{2}(\d{3})?)?-[a-z][a-z0-9]{0,11}$/;

export const DISPATCH_LEVELS = ['street', 'district', 'city'] as const;
export type DispatchLevel = (typeof DISPATCH_LEVELS)[number];

const kindCode = z.string().regex(/^[a-z][a-z0-9]{0,11}$/, 'a kind code: lower-case letters and digits, at most 12, e.g. "rq"');
const name = z.string().min(1).max(40);
/** A template's department name: `{district}` or `{street}` stands for the region's name. */
const templateEntry = z.strictObject({ kind: kindCode, name });

export const departmentsFileSchema = z.strictObject({
  /** The list's version (e.g. 2026-12-07.1), reported by GET /api/v1/departments; change it with every edit. */
  version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'letters, digits and . _ - (at most 40)'),
  about: z.string().optional(),
  /** Kinds of department: code -> what it is (the wall's words). */
  kinds: z.record(kindCode, z.strictObject({ name: z.string().min(1).max(20), en: z.string().min(1).max(120) })),
  /** The city's own departments (市级), at the city code. */
  city: z.array(templateEntry),
  /** Applied to each district: `{district}` is its name (红桥区). */
  districtTemplate: z.array(templateEntry).min(1),
  /** Applied to each street and town: `{street}` is its name (丁字沽街道). */
  streetTemplate: z.array(templateEntry),
  /** One line per sub-category: the kind that acts at the street (first) and at the district (raised); `city` defaults to the district's kind. */
  dutyList: z.array(
    z.strictObject({
      category: z.string(),
      street: kindCode,
      district: kindCode,
      city: kindCode.optional(),
      /** Why this owner (the law or the rule behind it). */
      note: z.string().max(200).optional(),
    }),
  ),
});
export type DepartmentsFile = z.infer<typeof departmentsFileSchema>;
export type DutyLine = DepartmentsFile['dutyList'][number];

export interface Department {
  /** `<region code>-<kind>`: stable as long as the region's code and the kind are. */
  code: string;
  name: string;
  kind: string;
  level: DispatchLevel;
  /** The region it serves (the city, a district or a street code). */
  region: string;
}

/** A problem with the file: the path into it and what is wrong. */
export interface FileProblem {
  path: string;
  message: string;
}

/**
 * The file's meaning checked beyond its shape: every sub-category of the catalogue has exactly one
 * line (a category owned twice or by nobody is refused), every kind named exists and has a
 * department at the line's level or above, no kind twice in one template. Empty: all is well.
 */
export function checkDepartmentsFile(file: DepartmentsFile, categories: readonly string[] = CATEGORY_CODES): FileProblem[] {
  const problems: FileProblem[] = [];
  const known = new Set(categories);
  const lists = { city: file.city, districtTemplate: file.districtTemplate, streetTemplate: file.streetTemplate } as const;
  for (const [list, entries] of Object.entries(lists)) {
    const seen = new Map<string, number>();
    entries.forEach((d, i) => {
      if (!(d.kind in file.kinds)) problems.push({ path: `${list}.${i}.kind`, message: `"${d.kind}" is not one of the kinds` });
      if (seen.has(d.kind))
        problems.push({ path: `${list}.${i}.kind`, message: `"${d.kind}" is already ${list}.${seen.get(d.kind)}: one department of a kind per region` });
      else seen.set(d.kind, i);
    });
  }
  const atCity = new Set(file.city.map((d) => d.kind));
  const atDistrict = new Set([...file.districtTemplate.map((d) => d.kind), ...atCity]);
  const atStreet = new Set([...file.streetTemplate.map((d) => d.kind), ...atDistrict]);
  const reach: Record<DispatchLevel, Set<string>> = { street: atStreet, district: atDistrict, city: atCity };
  const lineOf = new Map<string, number>();
  file.dutyList.forEach((line, i) => {
    const at = `dutyList.${i}`;
    if (!known.has(line.category)) problems.push({ path: `${at}.category`, message: `"${line.category}" is not a sub-category of shared/categories.ts` });
    else if (lineOf.has(line.category))
      problems.push({
        path: `${at}.category`,
        message: `${line.category} is owned twice: dutyList.${lineOf.get(line.category)} already names its owners (one line per sub-category)`,
      });
    else lineOf.set(line.category, i);
    for (const level of DISPATCH_LEVELS) {
      const kind = level === 'city' ? (line.city ?? line.district) : line[level];
      const field = level === 'city' && line.city === undefined ? 'district' : level;
      if (!(kind in file.kinds)) problems.push({ path: `${at}.${field}`, message: `"${kind}" is not one of the kinds` });
      else if (!reach[level].has(kind) && (level !== 'city' || line.city !== undefined))
        problems.push({
          path: `${at}.${field}`,
          message: `no ${level}${level === 'city' ? '' : ' or higher'} department is of kind "${kind}" (${file.kinds[kind]!.name})`,
        });
    }
  });
  for (const c of categories) if (!lineOf.has(c)) problems.push({ path: 'dutyList', message: `${c} is owned by nobody: add a line for it` });
  return problems;
}

/** A district or street the templates are applied to. */
export interface RegionEntry {
  code: string;
  name: string;
  level: 'district' | 'street';
}

/** The region of `level` a grid or region code lies in (the city, its district, its street). */
export function regionAt(code: string, level: DispatchLevel): string {
  return level === 'city' ? CITY_CODE : level === 'district' ? code.slice(0, 6) : code.slice(0, 9);
}

/**
 * Automatic dispatch compiled from the file: per sub-category and level, the kind that acts and the
 * level its nearest department is at. `target` is then a string join: no search, no allocation
 * beyond the code itself.
 */
export function compileDutyList(file: DepartmentsFile) {
  const atStreet = new Set(file.streetTemplate.map((d) => d.kind));
  const atDistrict = new Set(file.districtTemplate.map((d) => d.kind));
  const atCity = new Set(file.city.map((d) => d.kind));
  /** The level whose department of `kind` serves a case at `from`: the first at or above it that has one. */
  const holder = (kind: string, from: DispatchLevel): DispatchLevel | undefined => {
    if (from === 'street' && atStreet.has(kind)) return 'street';
    if (from !== 'city' && atDistrict.has(kind)) return 'district';
    return atCity.has(kind) ? 'city' : undefined;
  };
  const routes = new Map<string, { kind: string; at: DispatchLevel; line: number }[]>();
  file.dutyList.forEach((line, i) => {
    routes.set(
      line.category,
      DISPATCH_LEVELS.map((level) => {
        const kind = level === 'city' ? (line.city ?? line.district) : line[level];
        return { kind, at: holder(kind, level) ?? level, line: i };
      }),
    );
  });
  const levelIndex: Record<DispatchLevel, number> = { street: 0, district: 1, city: 2 };
  return {
    version: file.version,
    /**
     * 自动分流: the code of the department that owns `category` for a case at `code` (a grid's, a
     * street's or a district's code) at `level` (street: who acts first; district: when raised);
     * undefined for a sub-category without a line.
     */
    target(category: string, code: string, level: DispatchLevel = 'street'): string | undefined {
      const route = routes.get(category)?.[levelIndex[level]];
      return route && `${regionAt(code, route.at)}-${route.kind}`;
    },
    /** The duty list's line of a sub-category (its index in the file), for the tuning counts. */
    lineOf: (category: string): number | undefined => routes.get(category)?.[0]?.line,
  };
}
export type DutyList = ReturnType<typeof compileDutyList>;

/** Fills a template's name: `{district}` and `{street}` by the region's and its district's names. */
function fill(template: string, vars: { district?: string; street?: string }): string {
  return template.replace(/\{(district|street)\}/g, (_, k: 'district' | 'street') => vars[k] ?? '');
}

/**
 * The registry: the city's departments, then the district template applied to each district and the
 * street template to each street (regions in the order given), with the compiled duty list.
 */
export function buildDepartmentRegistry(file: DepartmentsFile, regions: readonly RegionEntry[]) {
  const list: Department[] = file.city.map((d) => ({ code: `${CITY_CODE}-${d.kind}`, name: fill(d.name, {}), kind: d.kind, level: 'city', region: CITY_CODE }));
  const districtName = new Map(regions.filter((r) => r.level === 'district').map((r) => [r.code, r.name]));
  for (const r of regions) {
    const template = r.level === 'district' ? file.districtTemplate : file.streetTemplate;
    const vars = r.level === 'district' ? { district: r.name } : { street: r.name, district: districtName.get(r.code.slice(0, 6)) };
    for (const d of template) list.push({ code: `${r.code}-${d.kind}`, name: fill(d.name, vars), kind: d.kind, level: r.level, region: r.code });
  }
  const byCode = new Map(list.map((d) => [d.code, d]));
  const duty = compileDutyList(file);
  return {
    version: file.version,
    file,
    list: list as readonly Department[],
    duty,
    get: (code: string): Department | undefined => byCode.get(code),
    has: (code: string): boolean => byCode.has(code),
    /** 自动分流 to a department of the registry (see compileDutyList's `target`). */
    dispatch(category: string, code: string, level: DispatchLevel = 'street'): Department | undefined {
      const target = duty.target(category, code, level);
      return target === undefined ? undefined : byCode.get(target);
    },
    kindName: (kind: string): string => file.kinds[kind]?.name ?? kind,
  };
}
export type DepartmentRegistry = ReturnType<typeof buildDepartmentRegistry>;
