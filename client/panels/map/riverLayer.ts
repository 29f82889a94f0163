// The city's rivers again, over the grid heat and under the density glow and the labels: at the
// city's zoom nearly every grid has an open case, and the heat would hide the Hai He through the
// centre that the base map (client/geo/mapStyle.ts) draws under it. A light blue, nearly opaque,
// against the amber and red; where no heat lies it covers the base map's own line of the same
// width. Rivers outside the city stay the base map's fainter lines: context, not news.
import { PathLayer } from '@deck.gl/layers';
import type { FeatureCollection, LineString } from 'geojson';
import { RIVER_COLOR, riverWidth } from '../../geo/mapStyle.ts';

type River = { path: [number, number][]; major: boolean };
const rgb = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
const COLOR: [number, number, number, number] = [...rgb(RIVER_COLOR), 220];

function riversOf(fc: unknown): River[] {
  return (fc as FeatureCollection).features
    .filter((f) => f.properties?.kind === 'river' && f.properties.city)
    .map((f) => ({ path: (f.geometry as LineString).coordinates as [number, number][], major: Boolean(f.properties?.major) }));
}

/** The river lines of public/geo/water.geojson (the same file the base map draws), loaded once by deck.gl. */
export function riverLayer(zoom: number, unit = 1, visible = true) {
  const major = riverWidth(zoom, true, unit);
  return new PathLayer<River>({
    id: 'rivers-over-heat',
    data: '/geo/water.geojson',
    // deck.gl types the transform's result as whatever the layer's data is: River[] here
    dataTransform: <T>(fc: unknown) => riversOf(fc) as T,
    getPath: (d) => d.path,
    getColor: COLOR,
    // widths relative to a major river's; the scale follows the zoom without recomputing the attribute
    getWidth: (d) => (d.major ? 1 : riverWidth(zoom, false, unit) / major),
    widthScale: major,
    widthUnits: 'pixels',
    capRounded: true,
    jointRounded: true,
    visible,
    pickable: false,
  });
}
