// A small offline map of the city for drilling down: it frames the wall's focus, outlines it and
// names its children; a tap drills one level down towards the point tapped (the server locates it,
// as on the wall's desk). Pan and zoom are off: on a tablet a stray swipe must not move anything.
import { useEffect, useRef, useState } from 'react';
import { Map as MapLibre, setWorkerUrl, type FilterSpecification, type GeoJSONSource } from 'maplibre-gl';
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { FeatureCollection, Polygon } from 'geojson';
import { CITY_CODE } from '../../shared/regions.ts';
import { TIANJIN_BOUNDS, type Geo } from '../geo/loadGeo.ts';
import { locateRegions, nextLevelDown, type RegionPathStep } from '../geo/locateRegion.ts';
import { regionBounds } from '../geo/regionBounds.ts';
import { offlineStyle } from '../geo/mapStyle.ts';
import { ct } from './consoleMessages.ts';
import type { RegionEntry, RegionIndex } from './regionIndex.ts';

setWorkerUrl(maplibreWorkerUrl);

/** The boundary source that holds regions of a code's length. */
const SOURCE_BY_LENGTH: Record<number, string> = { 6: 'districts', 9: 'streets', 12: 'communities' };
const LABEL_PX = 12;

/** The polygons of the grids whose code starts with `prefix` (grids have no GeoJSON: they come from grids.bin). */
function gridPolygons(geo: Geo, prefix: string): FeatureCollection<Polygon, { code: string }> {
  const { polygonGrid, polygonStart, positions } = geo.gridGeometry;
  const features: FeatureCollection<Polygon, { code: string }>['features'] = [];
  if (prefix.length >= 12) {
    for (let p = 0; p < polygonGrid.length; p++) {
      const code = geo.grids.grids[polygonGrid[p]!]!.code;
      if (!code.startsWith(prefix)) continue;
      const ring: [number, number][] = [];
      for (let v = polygonStart[p]!; v < polygonStart[p + 1]!; v++) ring.push([positions[2 * v]!, positions[2 * v + 1]!]);
      ring.push(ring[0]!);
      features.push({ type: 'Feature', properties: { code }, geometry: { type: 'Polygon', coordinates: [ring] } });
    }
  }
  return { type: 'FeatureCollection', features };
}

/** Where a tap takes the wall: one level down inside the focus; outside it, the neighbour at the same level. */
export function tapTarget(path: RegionPathStep[], focus: string): string | null {
  if (path.some((step) => step.code === focus)) return nextLevelDown(path, focus);
  return path.find((step) => step.code.length === focus.length)?.code ?? null;
}

interface Label {
  code: string;
  name: string;
  x: number;
  y: number;
}

/** Children's names where they fit: a label that would overlap one already placed is left out. */
function placeLabels(map: MapLibre, children: RegionEntry[]): Label[] {
  const placed: { l: number; r: number; t: number; b: number }[] = [];
  const out: Label[] = [];
  const { clientWidth: w, clientHeight: h } = map.getContainer();
  for (const c of children) {
    if (!c.center) continue;
    const p = map.project(c.center);
    // a grid's name without its community's ("第3网格"): the community is the breadcrumb's last step
    const name = c.level === 'grid' ? c.name.replace(/^.*?(第\d+网格)$/, '$1') : c.name;
    const half = (name.length * LABEL_PX) / 2 + 4;
    const box = { l: p.x - half, r: p.x + half, t: p.y - LABEL_PX, b: p.y + LABEL_PX };
    if (box.l < 0 || box.r > w || box.t < 0 || box.b > h) continue;
    if (placed.some((o) => o.l < box.r && box.l < o.r && o.t < box.b && box.t < o.b)) continue;
    placed.push(box);
    out.push({ code: c.code, name, x: p.x, y: p.y });
  }
  return out;
}

export function DrillMap({
  geo,
  regions,
  focus,
  token,
  onDrill,
}: {
  geo: Geo;
  regions: RegionIndex;
  focus: string;
  token: string;
  onDrill(code: string): void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibre | null>(null);
  const [ready, setReady] = useState(false);
  const [labels, setLabels] = useState<Label[]>([]);
  const focusRef = useRef(focus);
  focusRef.current = focus;

  useEffect(() => {
    const map = new MapLibre({
      container: container.current!,
      style: offlineStyle(new URL('/geo/', location.href).href),
      bounds: TIANJIN_BOUNDS,
      fitBoundsOptions: { padding: 12 },
      attributionControl: false,
      interactive: false,
      fadeDuration: 0,
    });
    mapRef.current = map;
    map.on('load', () => {
      map.addSource('grids', { type: 'geojson', data: gridPolygons(geo, '') });
      map.addLayer({ id: 'grid-line', type: 'line', source: 'grids', paint: { 'line-color': '#5aa2ff', 'line-width': 1, 'line-opacity': 0.8 } });
      for (const source of Object.values(SOURCE_BY_LENGTH)) {
        map.addLayer({
          id: `children-${source}`,
          type: 'line',
          source,
          filter: ['==', ['get', 'code'], ''],
          paint: { 'line-color': '#5aa2ff', 'line-width': 1, 'line-opacity': 0.8 },
        });
        map.addLayer({
          id: `focus-fill-${source}`,
          type: 'fill',
          source,
          filter: ['==', ['get', 'code'], ''],
          paint: { 'fill-color': '#40e0ff', 'fill-opacity': 0.08 },
        });
        map.addLayer({
          id: `focus-${source}`,
          type: 'line',
          source,
          filter: ['==', ['get', 'code'], ''],
          paint: { 'line-color': '#40e0ff', 'line-width': 2.5 },
        });
      }
      map.addLayer({
        id: 'focus-grid',
        type: 'line',
        source: 'grids',
        filter: ['==', ['get', 'code'], ''],
        paint: { 'line-color': '#40e0ff', 'line-width': 3 },
      });
      setReady(true);
      container.current?.setAttribute('data-map-ready', 'true');
    });
    const resize = new ResizeObserver(() => map.resize());
    resize.observe(container.current!);
    return () => {
      resize.disconnect();
      mapRef.current = null;
      map.remove();
    };
  }, [geo]);

  // frame the focus, outline it and its children
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    const none: FilterSpecification = ['==', ['get', 'code'], ''];
    const isCode: FilterSpecification = ['==', ['get', 'code'], focus];
    const childLength = focus.length === 4 ? 6 : focus.length === 6 ? 9 : focus.length === 9 ? 12 : 0;
    for (const [len, source] of Object.entries(SOURCE_BY_LENGTH)) {
      map.setFilter(`focus-${source}`, Number(len) === focus.length ? isCode : none);
      map.setFilter(`focus-fill-${source}`, Number(len) === focus.length ? isCode : none);
      map.setFilter(`children-${source}`, Number(len) === childLength ? ['==', ['slice', ['get', 'code'], 0, focus.length], focus] : none);
    }
    // a community's grids, or the grid itself, drawn from grids.bin
    (map.getSource('grids') as GeoJSONSource).setData(gridPolygons(geo, focus.length >= 12 ? focus.slice(0, 12) : ''));
    map.setFilter('focus-grid', focus.length === 15 ? isCode : none);
    const bounds = focus === CITY_CODE ? TIANJIN_BOUNDS : (regionBounds(focus, geo.grids, geo.gridGeometry) ?? TIANJIN_BOUNDS);
    map.fitBounds(bounds, { padding: 16, duration: 500, maxZoom: 16 });
  }, [focus, ready, geo]);

  // the children's names, placed again whenever the camera settles or the map is resized
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    // a grid is named among its community's grids
    const children = focus.length === 15 ? regions.children(focus.slice(0, 12)) : regions.children(focus);
    const place = () => setLabels(placeLabels(map, children));
    place();
    map.on('moveend', place);
    map.on('resize', place);
    return () => {
      map.off('moveend', place);
      map.off('resize', place);
    };
  }, [focus, ready, regions]);

  // a tap drills one level down towards the point (a swipe is not a tap: the map does not move anyway)
  useEffect(() => {
    const el = container.current!;
    const onClick = (e: MouseEvent) => {
      const map = mapRef.current;
      if (!map) return;
      const rect = el.getBoundingClientRect();
      const at = map.unproject([e.clientX - rect.left, e.clientY - rect.top]);
      locateRegions(at.lng, at.lat, token).then(
        (path) => {
          const next = path && tapTarget(path, focusRef.current);
          if (next) onDrill(next);
        },
        () => undefined,
      );
    };
    el.addEventListener('click', onClick);
    return () => el.removeEventListener('click', onClick);
  }, [token, onDrill]);

  return (
    <div className="drill-map" data-testid="drill-map">
      <div ref={container} className="drill-map-canvas" data-focus={focus} />
      <div className="drill-map-labels" aria-hidden>
        {labels.map((l) => (
          <span key={l.code} style={{ left: l.x, top: l.y }}>
            {l.name}
          </span>
        ))}
      </div>
      <span className="drill-map-hint">{focus.length >= 15 ? ct.gridLevel : ct.tapMapHint}</span>
    </div>
  );
}
