// Choropleth per basic grid (open cases, reported in the last hour, or overdue), and the grids'
// outlines at street zoom. The polygons are binary attributes straight from grids.bin (one constant
// `data` object), so a heat tick only recomputes colours (updateTriggers), never the tessellation.
import { PathLayer, SolidPolygonLayer } from '@deck.gl/layers';
import type { GridGeometry } from '../../../shared/gridGeometry.ts';
import { HEAT_METRICS, type HeatMetric } from '../../../shared/protocol.ts';
import { HEAT_STRIDE } from '../../store/liveBuffers.ts';

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
/** Grid outlines appear from this zoom (a street fills the screen). */
export const GRID_OUTLINE_ZOOM = 12;

type Binary<K extends string> = { length: number; startIndices: Uint32Array; attributes: Record<K, { value: Float64Array; size: 2 }> };
export interface GridLayerData {
  polygons: Binary<'getPolygon'>;
  outlines: Binary<'getPath'>;
  polygonGrid: Uint32Array;
}

/** Made once per dataset and kept: deck.gl re-tessellates only when these objects change. */
export function gridLayerData(geometry: GridGeometry): GridLayerData {
  const { polygonGrid, polygonStart: startIndices, positions: value } = geometry;
  return {
    polygons: { length: polygonGrid.length, startIndices, attributes: { getPolygon: { value, size: 2 } } },
    outlines: { length: polygonGrid.length, startIndices, attributes: { getPath: { value, size: 2 } } },
    polygonGrid,
  };
}

export function gridHeatLayer({ polygons, polygonGrid }: GridLayerData, heat: Int32Array, heatVersion: number, metric: HeatMetric) {
  const k = HEAT_METRICS.indexOf(metric);
  return new SolidPolygonLayer({
    id: 'grid-heat',
    data: polygons,
    _normalize: false,
    positionFormat: 'XY',
    getFillColor: (_: unknown, { index }: { index: number }) => heatColor(heat[polygonGrid[index]! * HEAT_STRIDE + k] ?? 0),
    updateTriggers: { getFillColor: [heatVersion, metric] },
    pickable: false,
  });
}

/** The rings of one grid's polygons (none for null). */
export function gridPaths(geometry: GridGeometry, grid: number | null): [number, number][][] {
  if (grid === null) return [];
  const { polygonGrid, polygonStart, positions } = geometry;
  const paths: [number, number][][] = [];
  for (let p = 0; p < polygonGrid.length; p++) {
    if (polygonGrid[p] !== grid) continue;
    const ring: [number, number][] = [];
    for (let v = polygonStart[p]!; v < polygonStart[p + 1]!; v++) ring.push([positions[2 * v]!, positions[2 * v + 1]!]);
    paths.push(ring);
  }
  return paths;
}

/** The grid in focus, outlined brightly. */
export function focusGridLayer(paths: [number, number][][], unit = 1) {
  return new PathLayer<[number, number][]>({
    id: 'grid-focus',
    data: paths,
    getPath: (d) => d,
    _pathType: 'loop',
    getColor: [64, 224, 255, 255],
    getWidth: 3 * unit,
    widthUnits: 'pixels',
    visible: paths.length > 0,
    pickable: false,
  });
}

export function gridOutlineLayer({ outlines }: GridLayerData, visible: boolean, unit = 1) {
  return new PathLayer({
    id: 'grid-outlines',
    data: outlines,
    _pathType: 'loop',
    positionFormat: 'XY',
    getColor: [90, 150, 230, 90],
    getWidth: unit,
    widthUnits: 'pixels',
    visible,
    pickable: false,
  });
}
