// The offline base map: a dark command-hall style drawn from the project's own files (public/geo):
// the Bohai Sea and the rivers (water.geojson, `npm run geo:water`), the city's land over the sea,
// districts, then streets and communities as the camera comes closer. No tiles, sprites or glyphs
// are fetched; labels are drawn by deck.gl from local fonts. An operator may replace the whole
// style with an internal tile server's (MAP_STYLE_URL), and the deck.gl layers draw over it the
// same way.
import type { StyleSpecification } from 'maplibre-gl';

/** Street boundaries appear from this zoom, community boundaries from the next. */
export const STREET_LINE_ZOOM = 9.5;
export const COMMUNITY_LINE_ZOOM = 11;

/** The land beyond the city; the sea, a bluer, lighter navy than that land and darker than the city's own (#0a1a33); the rivers. */
export const BACKGROUND_COLOR = '#030914';
export const SEA_COLOR = '#072a4a';
export const RIVER_COLOR = '#4cb8f0';

/** The base map's own layers under the data, by id: what a test looks for in the style. */
export const WATER_LAYERS = ['sea-fill', 'river-line'] as const;

/** River widths in px (times the wall's line scale): thin at the city's zoom, wider as a district or street fills the screen. */
const RIVER_WIDTH = { fromZoom: 8, toZoom: 13, major: [1.6, 4], minor: [0.9, 2] } as const;

/** A river's width at a zoom, as the style's line-width expression draws it (for deck.gl's rivers over the heat). */
export function riverWidth(zoom: number, major: boolean, unit = 1): number {
  const [from, to] = major ? RIVER_WIDTH.major : RIVER_WIDTH.minor;
  const t = Math.min(1, Math.max(0, (zoom - RIVER_WIDTH.fromZoom) / (RIVER_WIDTH.toZoom - RIVER_WIDTH.fromZoom)));
  return (from + (to - from) * t) * unit;
}

/** `unit`: the wall's line scale (1 rem / 16 px): lines as thick, to the eye, on a hall wall as on a desk. */
export function offlineStyle(geoBaseUrl: string, unit = 1): StyleSpecification {
  const source = (file: string) => ({ type: 'geojson' as const, data: new URL(file, geoBaseUrl).href });
  return {
    version: 8,
    sources: {
      water: source('water.geojson'),
      districts: source('districts.geojson'),
      streets: source('streets.geojson'),
      communities: source('communities.geojson'),
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } },
      // the sea under the city's land: where the district outlines (older, coarser) reach past the
      // modern coast the city wins, and the coast reads as the city's edge
      { id: 'sea-fill', type: 'fill', source: 'water', filter: ['==', ['get', 'kind'], 'sea'], paint: { 'fill-color': SEA_COLOR, 'fill-opacity': 1 } },
      { id: 'district-fill', type: 'fill', source: 'districts', paint: { 'fill-color': '#0a1a33', 'fill-opacity': 1 } },
      // rivers over the land, under every boundary: thin at the city's zoom, wider as a district or street
      // fills the screen; faint, as those outside the city stay (riverLayer.ts draws the city's over the heat)
      {
        id: 'river-line',
        type: 'line',
        source: 'water',
        filter: ['==', ['get', 'kind'], 'river'],
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: {
          'line-color': RIVER_COLOR,
          'line-opacity': 0.6,
          'line-width': [
            'interpolate',
            ['linear'],
            ['zoom'],
            RIVER_WIDTH.fromZoom,
            ['case', ['get', 'major'], RIVER_WIDTH.major[0] * unit, RIVER_WIDTH.minor[0] * unit],
            RIVER_WIDTH.toZoom,
            ['case', ['get', 'major'], RIVER_WIDTH.major[1] * unit, RIVER_WIDTH.minor[1] * unit],
          ],
        },
      },
      {
        id: 'community-line',
        type: 'line',
        source: 'communities',
        minzoom: COMMUNITY_LINE_ZOOM,
        paint: { 'line-color': '#2a5a96', 'line-width': 0.6 * unit, 'line-opacity': 0.55 },
      },
      {
        id: 'street-line',
        type: 'line',
        source: 'streets',
        minzoom: STREET_LINE_ZOOM,
        paint: { 'line-color': '#2f6cb8', 'line-width': 0.9 * unit, 'line-opacity': 0.7, 'line-dasharray': [3, 2] },
      },
      {
        id: 'district-glow',
        type: 'line',
        source: 'districts',
        paint: { 'line-color': '#1d6fd1', 'line-width': 6 * unit, 'line-opacity': 0.18, 'line-blur': 4 * unit },
      },
      { id: 'district-line', type: 'line', source: 'districts', paint: { 'line-color': '#3d8ff0', 'line-width': 1.4 * unit, 'line-opacity': 0.9 } },
    ],
  };
}
