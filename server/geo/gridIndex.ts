// The grid dataset as the server uses it: code -> wire index, and the grid list for the simulator.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GridDataset, GridRecord } from '../../shared/geoDataset.ts';

export interface GridIndex {
  version: string;
  grids: readonly GridRecord[];
  indexOf(gridCode: string): number | undefined;
}

export function loadGridIndex(publicDir: string): GridIndex {
  const dataset = JSON.parse(readFileSync(join(publicDir, 'geo', 'grids.json'), 'utf8')) as GridDataset;
  const byCode = new Map(dataset.grids.map((g, i) => [g.code, i]));
  return { version: dataset.version, grids: dataset.grids, indexOf: (code) => byCode.get(code) };
}
