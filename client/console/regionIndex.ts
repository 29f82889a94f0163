// The region tree the presenter drills through (city > district > street > community > grid), built
// once from the static geography: children of each region, the path down to one, and search by
// name. Region codes are prefixes of their children's codes.
import type { GridDataset, RegionDataset, RegionLevel } from '../../shared/geoDataset.ts';
import { CITY_CODE, districtOf } from '../../shared/regions.ts';
import { ct, locale } from './consoleMessages.ts';

export interface RegionEntry {
  code: string;
  name: string;
  level: RegionLevel;
  parent: string | null;
  /** A point inside it (label point or grid centroid). */
  center: [number, number] | null;
}

export interface RegionIndex {
  get(code: string): RegionEntry | undefined;
  /** Its name, or the code where the geography does not know it. */
  name(code: string): string;
  children(code: string): RegionEntry[];
  /** From the city down to the region, both included. */
  path(code: string): RegionEntry[];
  /** Regions whose name contains every word of the query: larger regions first. */
  search(query: string, limit?: number): RegionEntry[];
}

const LEVEL_ORDER: Record<RegionLevel, number> = { city: 0, district: 1, street: 2, community: 3, grid: 4 };

export function buildRegionIndex(regions: RegionDataset, grids: GridDataset): RegionIndex {
  const byCode = new Map<string, RegionEntry>();
  const kids = new Map<string, RegionEntry[]>();
  const add = (e: RegionEntry) => {
    byCode.set(e.code, e);
    if (e.parent === null) return;
    const list = kids.get(e.parent);
    if (list) list.push(e);
    else kids.set(e.parent, [e]);
  };
  add({ code: CITY_CODE, name: ct.city, level: 'city', parent: null, center: null });
  for (const r of regions.regions) {
    const name = r.level === 'district' && locale === 'en' ? (districtOf(r.code)?.en ?? r.name) : r.name;
    add({ code: r.code, name, level: r.level, parent: r.parent, center: r.center });
  }
  for (const g of grids.grids) add({ code: g.code, name: g.name, level: 'grid', parent: g.code.slice(0, 12), center: g.centroid });
  for (const list of kids.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  const all = [...byCode.values()];
  // search also finds a district by its other-language name (红桥 / Hongqiao)
  const haystack = all.map((e) =>
    (e.level === 'district' ? `${e.name} ${districtOf(e.code)?.name ?? ''} ${districtOf(e.code)?.en ?? ''}` : e.name).toLowerCase(),
  );

  const index: RegionIndex = {
    get: (code) => byCode.get(code),
    name: (code) => byCode.get(code)?.name ?? code,
    children: (code) => kids.get(code) ?? [],
    path(code) {
      const out: RegionEntry[] = [];
      for (let e = byCode.get(code); e; e = e.parent ? byCode.get(e.parent) : undefined) out.unshift(e);
      return out;
    },
    search(query, limit = 40) {
      const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
      if (!words.length) return [];
      const found: RegionEntry[] = [];
      for (let i = 0; i < all.length; i++) if (words.every((w) => haystack[i]!.includes(w))) found.push(all[i]!);
      found.sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.name.length - b.name.length || a.code.localeCompare(b.code));
      return found.slice(0, limit);
    },
  };
  return index;
}

/** "红桥区 › 丁字沽街道": where a region lies, for search results (the city left out). */
export function placeOf(index: RegionIndex, code: string): string {
  return index
    .path(code)
    .slice(1, -1)
    .map((e) => e.name)
    .join(' › ');
}
