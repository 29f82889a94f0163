// The grid dataset as the server uses it: code -> wire index, point -> grid, and the grid list
// for the simulator and drill-down. Loaded from public/geo (grids.json and grids.bin).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GridDataset, GridRecord } from '../../shared/geoDataset.ts';
import { decodeGridGeometry, type GridGeometry } from '../../shared/gridGeometry.ts';
import { createGridLookup } from './gridLookup.ts';

export interface GridIndex {
  version: string;
  grids: readonly GridRecord[];
  geometry: GridGeometry;
  indexOf(gridCode: string): number | undefined;
  /** The grid containing a point, or undefined outside the city. */
  locate(lon: number, lat: number): GridRecord | undefined;
  /** The indices of the grids in a region (its code is their prefix); cached. */
  gridsIn(regionCode: string): Uint32Array;
}

export function loadGridIndex(publicDir: string): GridIndex {
  const dataset = JSON.parse(readFileSync(join(publicDir, 'geo', 'grids.json'), 'utf8')) as GridDataset;
  const bin = readFileSync(join(publicDir, 'geo', 'grids.bin'));
  const geometry = decodeGridGeometry(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
  if (geometry.gridCount !== dataset.grids.length)
    throw new Error(`grids.bin holds ${geometry.gridCount} grids, grids.json ${dataset.grids.length}: rebuild with npm run geo:build`);
  const byCode = new Map(dataset.grids.map((g, i) => [g.code, i]));
  const lookup = createGridLookup(geometry);
  const regionGrids = new Map<string, Uint32Array>();
  return {
    version: dataset.version,
    grids: dataset.grids,
    geometry,
    indexOf: (code) => byCode.get(code),
    locate: (lon, lat) => {
      const i = lookup.locate(lon, lat);
      return i === undefined ? undefined : dataset.grids[i];
    },
    gridsIn(regionCode) {
      let list = regionGrids.get(regionCode);
      if (!list) {
        list = Uint32Array.from(dataset.grids.flatMap((g, i) => (g.code.startsWith(regionCode) ? [i] : [])));
        if (regionGrids.size > 10_000) regionGrids.clear(); // bounded: codes come from requests
        regionGrids.set(regionCode, list);
      }
      return list;
    },
  };
}
