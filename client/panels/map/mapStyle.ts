// The offline base map: a dark command-hall style drawn from the project's own district GeoJSON.
// No tiles, sprites or glyphs are fetched; labels are drawn by deck.gl from local fonts.
import type { StyleSpecification } from 'maplibre-gl';

export function offlineStyle(districtsUrl: string): StyleSpecification {
  return {
    version: 8,
    sources: { districts: { type: 'geojson', data: districtsUrl } },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#030914' } },
      { id: 'district-fill', type: 'fill', source: 'districts', paint: { 'fill-color': '#0a1a33', 'fill-opacity': 1 } },
      { id: 'district-glow', type: 'line', source: 'districts', paint: { 'line-color': '#1d6fd1', 'line-width': 6, 'line-opacity': 0.18, 'line-blur': 4 } },
      { id: 'district-line', type: 'line', source: 'districts', paint: { 'line-color': '#3d8ff0', 'line-width': 1.4, 'line-opacity': 0.9 } },
    ],
  };
}
