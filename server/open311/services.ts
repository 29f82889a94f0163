// The category catalogue (shared/categories.ts) as Open311 services: each sub-category is a service
// (its code the service_code, so a service request's service_code is the case's category), grouped
// by its major category, its description naming the kind of department that owns it by the duty
// list (config/departments.json). No service defines attributes (metadata false): a report is a
// category, a place, a description and photos, as every other source sends it.
import { CATEGORIES, categoryOf } from '../../shared/categories.ts';
import type { DepartmentRegistry } from '../../shared/departments.ts';
import type { Item } from './format.ts';

export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export interface Service {
  code: string;
  /** The catalogue's name (Chinese) and its English one. */
  name: { zh: string; en: string };
  group: { zh: string; en: string };
}

export const SERVICES: readonly Service[] = CATEGORIES.flatMap((major) =>
  major.subs.map((sub) => ({
    code: sub.code,
    name: { zh: sub.name, en: sub.en },
    group: { zh: major.name, en: major.en },
  })),
);

export function serviceOf(code: string): Service | undefined {
  const c = categoryOf(code);
  return c && { code: c.code, name: { zh: c.name, en: c.en }, group: { zh: c.major.name, en: c.major.en } };
}

/** Who owns a service by the duty list: the kind that acts at the street and the one that acts when raised, in both languages. */
export interface ServiceOwners {
  street: { zh: string; en: string };
  district: { zh: string; en: string };
}

/** The duty list's owners of each sub-category, as the services list names them. */
export function ownersOf(departments: Pick<DepartmentRegistry, 'file'>): (code: string) => ServiceOwners | undefined {
  const kind = (k: string) => ({ zh: departments.file.kinds[k]?.name ?? k, en: (departments.file.kinds[k]?.en ?? k).replace(/\s*\(.*\)$/, '') });
  const lines = new Map(departments.file.dutyList.map((l) => [l.category, { street: kind(l.street), district: kind(l.district) }]));
  return (code) => lines.get(code);
}

/** The owner sentence: one kind when the street's and the district's are the same, else both. */
function ownerText(o: ServiceOwners, lang: Lang): string {
  const same = o.street.zh === o.district.zh;
  if (lang === 'zh') return same ? `责任部门：${o.street.zh}` : `责任部门：${o.street.zh}（先行）、${o.district.zh}（提级）`;
  return same ? `owner: ${o.street.en}` : `owner: ${o.street.en} first, ${o.district.en} when raised`;
}

/** One entry of GET services: names in the asked language, the other language in the description and keywords (so either finds it). */
export function serviceItem(s: Service, lang: Lang, owners?: ServiceOwners): Item {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  return {
    service_code: s.code,
    service_name: s.name[lang],
    description: `${s.group[lang]} · ${s.name[lang]} (${s.group[other]} · ${s.name[other]})${owners ? `; ${ownerText(owners, lang)}` : ''}`,
    metadata: false,
    type: 'realtime',
    keywords: [s.name.zh, s.name.en, s.group.zh, s.group.en].join(', '),
    group: s.group[lang],
  };
}
