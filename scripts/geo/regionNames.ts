// Kinds and short names of Tianjin's divisions, read from their official names.
import type { RegionKind } from '../../shared/geoDataset.ts';

export function streetKind(name: string): RegionKind {
  if (name.endsWith('街道')) return 'street';
  if (name.endsWith('镇') || name.endsWith('乡')) return 'town';
  return 'special'; // development zones, industrial parks, farms
}

export function communityKind(name: string): RegionKind {
  if (/村(民)?委员会$|村委会$/.test(name)) return 'village';
  if (/(社区|居委会|居民委员会)$/.test(name) && !name.includes('虚拟')) return 'community';
  return 'special'; // virtual communities of development zones, campuses, farms
}

/** 多福巷社区居委会 -> 多福巷社区; 大韩庄村委会 -> 大韩庄村: the name people say. */
export function shortName(name: string): string {
  return name
    .replace(/社区居民委员会$|社区居委会$|居民委员会$|居委会$/, '社区')
    .replace(/村民委员会$|村委会$/, '村')
    .replace(/^天津市.{2,3}区/, '');
}

/** Urban units first: they get the densest cells of their parent. */
export const KIND_RANK: Record<RegionKind, number> = { district: 0, street: 0, community: 0, special: 1, town: 2, village: 2 };
