// The region hierarchy city > district > street > community > grid, from public/geo/regions.json
// and the grid list. Region codes are prefixes of their descendants' codes, so "everything in a
// region" is a prefix match.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GridRecord, RegionDataset, RegionKind, RegionLevel } from '../../shared/geoDataset.ts';
import { CITY_CODE, CITY_NAME } from '../../shared/regions.ts';

export interface RegionNode {
  code: string;
  name: string;
  level: RegionLevel;
  kind: RegionKind | 'city' | 'grid';
  parent: string | null;
  center: [number, number];
  residents: number;
  gridCount: number;
  children: string[];
}

export interface RegionTree {
  get(code: string): RegionNode | undefined;
  /** The region and its ancestors, city first. */
  path(code: string): RegionNode[];
}

export function loadRegionTree(publicDir: string, grids: readonly GridRecord[]): RegionTree {
  const dataset = JSON.parse(readFileSync(join(publicDir, 'geo', 'regions.json'), 'utf8')) as RegionDataset;
  const nodes = new Map<string, RegionNode>();
  nodes.set(CITY_CODE, {
    code: CITY_CODE,
    name: CITY_NAME,
    level: 'city',
    kind: 'city',
    parent: null,
    center: [117.2, 39.13],
    residents: 0,
    gridCount: 0,
    children: [],
  });
  for (const r of dataset.regions) nodes.set(r.code, { ...r, residents: 0, gridCount: 0, children: [] });
  for (const g of grids)
    nodes.set(g.code, {
      code: g.code,
      name: g.name,
      level: 'grid',
      kind: 'grid',
      parent: g.code.slice(0, 12),
      center: g.centroid,
      residents: g.residents,
      gridCount: 1,
      children: [],
    });
  for (const node of nodes.values()) if (node.parent) nodes.get(node.parent)?.children.push(node.code);
  // residents and grid counts add up the tree
  for (const g of grids) {
    for (let code = nodes.get(g.code)!.parent; code; code = nodes.get(code)?.parent ?? null) {
      const n = nodes.get(code);
      if (!n) break;
      n.residents += g.residents;
      n.gridCount += 1;
    }
  }
  return {
    get: (code) => nodes.get(code),
    path(code) {
      const out: RegionNode[] = [];
      for (let n = nodes.get(code); n; n = n.parent ? nodes.get(n.parent) : undefined) out.unshift(n);
      return out;
    },
  };
}
