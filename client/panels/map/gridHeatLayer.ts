// Choropleth of open cases per basic grid. The grid polygons are one constant `data` array, so a
// heat tick only recomputes colours (updateTriggers), never the geometry.
import { SolidPolygonLayer } from '@deck.gl/layers';
import type { GridRecord } from '../../../shared/geoDataset.ts';

type Rgba = [number, number, number, number];
const NONE: Rgba = [0, 0, 0, 0];
/** Sequential ramp for 1, 2, 3-4, 5-7, 8+ open cases: amber to red, readable on the dark base. */
const RAMP: Rgba[] = [
  [255, 214, 102, 170],
  [255, 170, 60, 200],
  [255, 120, 40, 225],
  [240, 60, 40, 240],
  [220, 20, 70, 255],
];
export const HEAT_STEPS = ['1', '2', '3–4', '5–7', '8+'] as const;

export function heatColor(openCases: number): Rgba {
  if (openCases <= 0) return NONE;
  if (openCases === 1) return RAMP[0]!;
  if (openCases === 2) return RAMP[1]!;
  if (openCases <= 4) return RAMP[2]!;
  if (openCases <= 7) return RAMP[3]!;
  return RAMP[4]!;
}

export const HEAT_RAMP = RAMP;

export function gridHeatLayer(grids: readonly GridRecord[], heat: Int32Array, heatVersion: number) {
  return new SolidPolygonLayer<GridRecord>({
    id: 'grid-heat',
    data: grids as GridRecord[],
    getPolygon: (g) => g.ring,
    positionFormat: 'XY',
    getFillColor: (_g, { index }) => heatColor(heat[index] ?? 0),
    updateTriggers: { getFillColor: heatVersion },
    pickable: false,
  });
}
