// The category catalogue (shared/categories.ts) as Open311 services: each sub-category is a service
// (its code the service_code, so a service request's service_code is the case's category), grouped
// by its major category. No service defines attributes (metadata false): a report is a category, a
// place, a description and photos, as every other source sends it.
import { CATEGORIES, categoryOf } from '../../shared/categories.ts';
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

/** One entry of GET services: names in the asked language, the other language in the description and keywords (so either finds it). */
export function serviceItem(s: Service, lang: Lang): Item {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';
  return {
    service_code: s.code,
    service_name: s.name[lang],
    description: `${s.group[lang]} · ${s.name[lang]} (${s.group[other]} · ${s.name[other]})`,
    metadata: false,
    type: 'realtime',
    keywords: [s.name.zh, s.name.en, s.group.zh, s.group.en].join(', '),
    group: s.group[lang],
  };
}
