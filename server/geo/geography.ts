// The city as the server knows it, loaded once at start: the grids (code -> wire index, point ->
// grid), the region tree, the grid-worker roster, and the one rule of what a wall or a key may be
// scoped to (the city, a district or a street).
import type { GridIndex } from './gridIndex.ts';
import { loadGridIndex } from './gridIndex.ts';
import { loadRegionTree, type RegionNode, type RegionTree } from './regionTree.ts';
import { workerRoster, type GridWorker } from './workerRoster.ts';

/** The levels a wall, a screen or a key may be scoped to. */
export const SCOPE_LEVELS: ReadonlySet<RegionNode['level']> = new Set(['city', 'district', 'street']);

export interface Geography {
  grids: GridIndex;
  tree: RegionTree;
  roster: readonly GridWorker[];
  /** Grid codes by wire index. */
  gridCodes: readonly string[];
  /** A worker's assigned grid, by the roster. */
  rosterGrid(workerId: string): string | undefined;
  /** The wire indices of a region's grids. */
  gridsIn(code: string): Uint32Array;
  /** A region's child regions above the grids (a district's streets, a street's communities). */
  childrenOf(code: string): RegionNode[];
  /** Whether a code is a region a wall, screen or key may be scoped to. */
  isScope(code: string): boolean;
}

export function loadGeography(publicDir: string): Geography {
  const grids = loadGridIndex(publicDir);
  const tree = loadRegionTree(publicDir, grids.grids);
  const roster = workerRoster(grids.grids);
  const rosterGrid = new Map(roster.map((w) => [w.id, w.gridCode]));
  return {
    grids,
    tree,
    roster,
    gridCodes: grids.grids.map((g) => g.code),
    rosterGrid: (id) => rosterGrid.get(id),
    gridsIn: (code) => grids.gridsIn(code),
    childrenOf: (code) => (tree.get(code)?.children ?? []).map((c) => tree.get(c)!).filter((c) => c.level !== 'grid'),
    isScope: (code) => SCOPE_LEVELS.has(tree.get(code)?.level ?? 'grid'),
  };
}
