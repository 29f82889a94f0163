// Where the legend goes: the bottom corner of the map where it hides least of the city. After the
// camera settles, the legend's box is tried at the bottom left and (where this screen holds the
// map's right edge too) the bottom right, and the corner with fewer sampled points over a district
// wins; a tie keeps the left, where a reader looks first.
import type { Map as MapLibre } from 'maplibre-gl';
import { type RefObject, useEffect, useState } from 'react';

export type LegendCorner = 'left' | 'right';

/** Sampled points of a box (in the map's pixels) that fall on the city's districts. */
function cityPoints(map: MapLibre, left: number, top: number, width: number, height: number): number {
  if (!map.getLayer('district-fill')) return 0;
  let hits = 0;
  for (let i = 0; i < 6; i++) {
    for (let j = 0; j < 4; j++) {
      const point: [number, number] = [left + ((i + 0.5) / 6) * width, top + ((j + 0.5) / 4) * height];
      if (map.queryRenderedFeatures(point, { layers: ['district-fill'] }).length) hits++;
    }
  }
  return hits;
}

export function useLegendCorner(map: RefObject<MapLibre | null>, legend: RefObject<HTMLElement | null>, canGoRight: boolean): LegendCorner {
  const [corner, setCorner] = useState<LegendCorner>('left');
  useEffect(() => {
    const m = map.current;
    if (!m || !canGoRight) {
      setCorner('left');
      return;
    }
    const choose = () => {
      const box = legend.current;
      if (!box) return;
      const canvas = m.getCanvas();
      const width = canvas.clientWidth;
      const height = canvas.clientHeight;
      const inset = box.offsetParent ? parseFloat(getComputedStyle(box).bottom) || 0 : 0;
      const w = box.offsetWidth;
      const h = box.offsetHeight;
      const top = height - inset - h;
      const left = cityPoints(m, inset, top, w, h);
      const right = cityPoints(m, width - inset - w, top, w, h);
      setCorner(right < left ? 'right' : 'left');
    };
    m.on('idle', choose);
    return () => {
      m.off('idle', choose);
    };
  }, [map, legend, canGoRight]);
  return corner;
}
