// The offline base map: a dark command-hall style drawn from the project's own boundaries
// (public/geo): the city's land against the sea, districts, then streets and communities as the
// camera comes closer. No tiles, sprites or glyphs are fetched; labels are drawn by deck.gl from
// local fonts. An operator may replace the whole style with an internal tile server's
// (MAP_STYLE_URL), and the deck.gl layers draw over it the same way.
import type { StyleSpecification } from 'maplibre-gl';

/** Street boundaries appear from this zoom, community boundaries from the next. */
export const STREET_LINE_ZOOM = 9.5;
export const COMMUNITY_LINE_ZOOM = 11;

/** `unit`: the wall's line scale (1 rem / 16 px): lines as thick, to the eye, on a hall wall as on a desk. */
export function offlineStyle(geoBaseUrl: string, unit = 1): StyleSpecification {
  const source = (file: string) => ({ type: 'geojson' as const, data: new URL(file, geoBaseUrl).href });
  return {
    version: 8,
    sources: { districts: source('districts.geojson'), streets: source('streets.geojson'), communities: source('communities.geojson') },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#030914' } },
      { id: 'district-fill', type: 'fill', source: 'districts', paint: { 'fill-color': '#0a1a33', 'fill-opacity': 1 } },
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
