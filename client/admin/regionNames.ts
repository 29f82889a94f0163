// Region names for the admin page, read with the admin key and cached for the page's life: the
// districts from GET /api/v1/regions/1201, a district's streets from GET /api/v1/regions/<district>
// (one read names all of them). A key's scope is shown by name; the scope picker searches them.
import { useEffect } from 'react';
import { create } from 'zustand';
import { CITY_CODE, districtOf } from '../../shared/regions.ts';
import { adminApi, type RegionSummary } from './adminApi.ts';
import { am, locale } from './adminMessages.ts';

/** A scope a key may be given: a district or a street, with the words to find and show it. */
export interface ScopeOption {
  code: string;
  level: 'district' | 'street';
  /** "红桥区" or "红桥区 丁字沽街道" (English district names with ?lang=en). */
  fullName: string;
}

interface RegionCache {
  districts: ScopeOption[] | null;
  /** Streets by district code, once read. */
  streets: Record<string, ScopeOption[]>;
  /** Whether every district's streets are read (the picker's search needs them). */
  allStreets: boolean;
}

export const useRegionCache = create<RegionCache>(() => ({ districts: null, streets: {}, allStreets: false }));

const districtName = (code: string, name: string): string => (locale === 'en' ? (districtOf(code)?.en ?? name) : name);

const pending = new Map<string, Promise<unknown>>();
/** One read per code at a time, and never again once it succeeded (a failure may be tried again). */
function once<T>(key: string, read: () => Promise<T>): Promise<T> {
  const known = pending.get(key) as Promise<T> | undefined;
  if (known) return known;
  const p = read().catch((err: unknown) => {
    pending.delete(key);
    throw err;
  });
  pending.set(key, p);
  return p;
}

export function loadDistricts(token: string): Promise<ScopeOption[]> {
  return once(CITY_CODE, async () => {
    const city = await adminApi.region(token, CITY_CODE);
    const districts = city.children.map((d): ScopeOption => ({ code: d.code, level: 'district', fullName: districtName(d.code, d.name) }));
    useRegionCache.setState({ districts });
    return districts;
  });
}

export function loadStreets(token: string, district: string): Promise<ScopeOption[]> {
  return once(district, async () => {
    const detail = await adminApi.region(token, district);
    const prefix = districtName(district, detail.region.name);
    const streets = detail.children.map((s: RegionSummary): ScopeOption => ({ code: s.code, level: 'street', fullName: `${prefix} ${s.name}` }));
    useRegionCache.setState((c) => ({ streets: { ...c.streets, [district]: streets } }));
    return streets;
  });
}

/** Every district's streets, four reads at a time (the read rate limit is per key and address). */
export function loadAllStreets(token: string): Promise<void> {
  return once('all-streets', async () => {
    const districts = await loadDistricts(token);
    const queue = districts.map((d) => d.code);
    const worker = async () => {
      for (let code = queue.shift(); code !== undefined; code = queue.shift()) await loadStreets(token, code);
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    useRegionCache.setState({ allStreets: true });
  });
}

/** A scope's name from what is cached; null while a street's district is not read yet. */
export function scopeName(code: string, cache: RegionCache): string | null {
  if (code === CITY_CODE) return am.cityScope;
  if (code.length === 6) return cache.districts?.find((d) => d.code === code)?.fullName ?? districtName(code, districtOf(code)?.name ?? code);
  return cache.streets[code.slice(0, 6)]?.find((s) => s.code === code)?.fullName ?? null;
}

/** A scope's name, reading its district's streets when it is a street not yet named. */
export function useScopeName(token: string, code: string): string | null {
  const name = useRegionCache((c) => scopeName(code, c));
  useEffect(() => {
    if (name === null && code.length === 9) loadStreets(token, code.slice(0, 6)).catch(() => undefined);
  }, [token, code, name]);
  return name;
}

/** Districts and streets whose name or code contains the query (districts first), at most `limit`. */
export function searchScopes(query: string, cache: RegionCache, limit = 30): ScopeOption[] {
  const q = query.trim().toLowerCase();
  if (!q) return cache.districts ?? [];
  const all = [...(cache.districts ?? []), ...Object.values(cache.streets).flat()];
  return all.filter((o) => o.code.startsWith(q) || o.fullName.toLowerCase().includes(q)).slice(0, limit);
}
