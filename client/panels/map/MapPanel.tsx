// The city map: maplibre draws the offline base map, deck.gl overlays grid heat, the density of the
// last hour's reports, workers, pulsing urgent cases and region labels. A map panel may span
// screens: each screen draws only its slice of one virtual viewport (mapCamera.ts). Layers are
// rebuilt cheaply on each change; their data objects stay the same unless the data changed.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Map as MapLibre, setWorkerUrl, type Marker } from 'maplibre-gl';
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { MapboxOverlay } from '@deck.gl/mapbox';
import { CITY_CODE } from '../../../shared/regions.ts';
import type { MapPanelConfig } from '../../../shared/wallLayout.ts';
import { TIANJIN_BOUNDS, type Geo } from '../../geo/loadGeo.ts';
import { locateRegions, nextLevelDown } from '../../geo/locateRegion.ts';
import { regionBounds } from '../../geo/regionBounds.ts';
import { liveBuffers } from '../../store/liveBuffers.ts';
import { URGENT_PULSE_MS, dataNow, useWallStore } from '../../store/wallStore.ts';
import { DENSITY_MAX_ZOOM, densityImage, densityLayer } from './densityLayer.ts';
import { GRID_OUTLINE_ZOOM, focusGridLayer, gridHeatLayer, gridLayerData, gridOutlineLayer, gridPaths } from './gridHeatLayer.ts';
import { edgesHeld, panelCamera, sliceOf, type MapSlice } from './mapCamera.ts';
import { easeInOut, flightCamera } from '../../../shared/cameraFlight.ts';
import type { Frame, WallState as HeldWallState } from '../../../shared/wallControl.ts';
import type { Bounds, Camera } from '../../../shared/webMercator.ts';
import { chooseLegendCorner, districtRings, type LegendCorner } from './legendCorner.ts';
import { MapLegend } from './MapLegend.tsx';
import { offlineStyle } from '../../geo/mapStyle.ts';
import { RegionTrail } from './RegionTrail.tsx';
import { riverLayer } from './riverLayer.ts';
import {
  CENTRAL_LABEL_ZOOM,
  COMMUNITY_LABEL_ZOOM,
  STREET_LABEL_ZOOM,
  declutter,
  districtLabelPx,
  districtLabels,
  regionLabelLayer,
  regionLabels,
} from './regionLabelLayer.ts';
import { syncPulses, type Pulse } from './urgentPulses.ts';
import { SpotlightCard } from './SpotlightCard.tsx';
import { useCaseHistory } from './useCaseHistory.ts';
import { WORKER_DETAIL_ZOOM, workerCellLayer, workerCells, workerColors, workerData, workerLayer } from './workerLayer.ts';
import { LEAN_REDRAW_MS, renderMode } from './renderMode.ts';

setWorkerUrl(maplibreWorkerUrl);

/** A street, community or grid: small enough to frame on one screen of a spanning map. */
const isSmall = (f: Frame) => 'focus' in f && f.focus.length >= 9;

export interface MapPanelProps {
  geo: Geo;
  styleUrl?: string;
  config: MapPanelConfig;
  /** The region framed when nobody has drilled down (the panel's, the wall's, or its scope). */
  defaultFocus: string;
  slice: MapSlice;
  /** Type and line scale: 1 rem / 16 px. */
  unit: number;
  /** A desk: click to drill down, pan and zoom. */
  interactive: boolean;
  token: string;
}

/** The panel's frame on its outer edges only: an edge cut by a bezel has none, so slices meet cleanly. */
function outerEdges({ rect, visible }: MapSlice) {
  const on = (outer: boolean) => (outer ? undefined : 0);
  return {
    borderLeftWidth: on(visible.left <= rect.left + 0.5),
    borderTopWidth: on(visible.top <= rect.top + 0.5),
    borderRightWidth: on(visible.left + visible.width >= rect.left + rect.width - 0.5),
    borderBottomWidth: on(visible.top + visible.height >= rect.top + rect.height - 0.5),
  };
}

/** `value`, changing at most once per `ms` (0: as it changes): the last change is always taken, a little late. */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    if (ms <= 0) return;
    const wait = last.current + ms - Date.now();
    const timer = setTimeout(
      () => {
        last.current = Date.now();
        setShown(value);
      },
      Math.max(0, wait),
    );
    return () => clearTimeout(timer);
  }, [value, ms]);
  return ms <= 0 ? value : shown;
}

export function MapPanel({ geo, styleUrl, config, defaultFocus, slice, unit, interactive, token }: MapPanelProps) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibre | null>(null);
  const [overlay, setOverlay] = useState<MapboxOverlay | null>(null);
  const [zoom, setZoom] = useState(0);
  const mode = useMemo(renderMode, []);
  // the data versions the map draws: as they come, or under software GL at most once per LEAN_REDRAW_MS, all together
  const live = `${useWallStore((s) => s.heatVersion)}:${useWallStore((s) => s.positionsVersion)}:${useWallStore((s) => s.workerStatesVersion)}`;
  const [heatVersion, positionsVersion, workerStatesVersion] = useThrottled(live, mode === 'lean' ? LEAN_REDRAW_MS : 0)
    .split(':')
    .map(Number) as [number, number, number];
  const urgent = useWallStore((s) => s.urgent);
  const held = useWallStore((s) => s.wallState);
  // camera flights come from the states that moved the maps: a change of metric mid-flight does not cut it short
  const move = useWallStore((s) => s.move);
  const previousMove = useWallStore((s) => s.previousMove);
  const clockOffsetMs = useWallStore((s) => s.clockOffsetMs);
  const localFocus = useWallStore((s) => s.focus);
  // a desk's own click-through first, then the wall's presenter-held frame, then the configured focus
  const frame: Frame = localFocus ? { focus: localFocus } : (held?.frame ?? { focus: defaultFocus });
  const focus = 'focus' in frame ? frame.focus : defaultFocus;
  const metric = useWallStore((s) => s.heatMetric) ?? held?.heatMetric ?? config.heat;
  const showDensity = held?.density ?? config.density;
  const showWorkers = held?.workers ?? config.workers;
  const setFocus = useWallStore((s) => s.setFocus);

  const boundsOf = useMemo(
    () =>
      (f: Frame | null): Bounds => {
        if (!f) f = { focus: defaultFocus };
        if ('bounds' in f) return f.bounds;
        return f.focus === CITY_CODE ? TIANJIN_BOUNDS : (regionBounds(f.focus, geo.grids, geo.gridGeometry) ?? TIANJIN_BOUNDS);
      },
    [geo, defaultFocus],
  );
  /** A frame's camera for the whole panel: the city and a district across all of it, a street or smaller on one screen. */
  const cameraOf = (f: Frame | null) => panelCamera(boundsOf(f), slice, isSmall(f ?? { focus: defaultFocus }));
  const frameKey = JSON.stringify(frame);
  // by value: the slice object is new on every render of the screen
  const sliceKey = JSON.stringify(slice);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const whole = useMemo(() => cameraOf(frame), [boundsOf, frameKey, sliceKey]);
  const camera = useMemo(() => sliceOf(whole, slice), [whole, sliceKey]); // eslint-disable-line react-hooks/exhaustive-deps

  // the legend's corner, where it hides least of the city: the same on every screen of the panel
  // (one camera); the screen that holds that corner of the panel draws it
  const rings = useMemo(() => districtRings(geo.districts), [geo.districts]);
  const legendCorner = useMemo(() => {
    // the layout's rem (the page's root size is set only after this first render)
    const rem = unit * 16;
    const panel = { width: slice.rect.width * slice.scale, height: slice.rect.height * slice.scale };
    // the legend's size as its CSS allows it: up to 38 % of the map's width, some four rows of 0.6 rem
    const legend = { width: Math.max(Math.min(panel.width - 1.6 * rem, 8 * rem), 0.38 * panel.width), height: 5 * rem };
    // top left only on the city view: drilled down, the region trail is there
    const corners: LegendCorner[] = focus === CITY_CODE ? ['bottom-left', 'bottom-right', 'top-left'] : ['bottom-left', 'bottom-right'];
    return chooseLegendCorner(rings, whole, panel, legend, 0.8 * rem, corners);
  }, [rings, whole, focus, unit, sliceKey]); // eslint-disable-line react-hooks/exhaustive-deps
  // the overlays of a spanning map go on the screen holding their corner of the panel: the region
  // trail bottom left, the spotlighted case's card top right, the legend where it was put
  const holds = edgesHeld(slice);
  const showTrail = holds.left && holds.bottom;
  const showSpotlight = holds.right && holds.top;
  const legendHere =
    legendCorner === 'bottom-left' ? holds.left && holds.bottom : legendCorner === 'bottom-right' ? holds.right && holds.bottom : holds.left && holds.top;

  useEffect(() => {
    const map = new MapLibre({
      container: container.current!,
      style: styleUrl ?? offlineStyle(new URL('/geo/', location.href).href, unit),
      center: camera.center,
      zoom: camera.zoom,
      attributionControl: false,
      interactive,
      fadeDuration: 0,
    });
    mapRef.current = map;
    // deck.gl on its own canvas over the map: its interleaved mode reads map.transform, which
    // maplibre-gl 6 no longer has, and measured no faster (bench:wall, BENCHMARKS.md)
    const deckOverlay = new MapboxOverlay({ interleaved: false, layers: [] });
    map.addControl(deckOverlay);
    map.on('load', () => {
      container.current?.setAttribute('data-map-ready', 'true');
      // the base map's layers by id, for a test to see the water drawn (or an operator's style instead)
      container.current?.setAttribute(
        'data-map-layers',
        map
          .getStyle()
          .layers.map((l) => l.id)
          .join(' '),
      );
      setOverlay(deckOverlay);
    });
    map.on('zoomend', () => setZoom(map.getZoom()));
    setZoom(map.getZoom());
    const resize = new ResizeObserver(() => map.resize());
    resize.observe(container.current!);
    return () => {
      resize.disconnect();
      mapRef.current = null;
      map.remove();
    };
  }, []);

  // A new frame or slice. A desk's own click flies its map; a change of the wall's state flies the
  // whole panel's virtual camera, the same flight at the same server time on every screen, each
  // drawing its slice of it; otherwise every screen jumps to its slice.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const land = () => {
      map.jumpTo({ center: camera.center, zoom: camera.zoom });
      setZoom(camera.zoom);
    };
    if (localFocus) {
      if (interactive) map.flyTo({ center: camera.center, zoom: camera.zoom, duration: 900 });
      else land();
      setZoom(camera.zoom);
      return;
    }
    const flight = move?.flight;
    const serverNow = () => Date.now() + clockOffsetMs;
    if (!move || !flight || JSON.stringify(move.frame ?? { focus: defaultFocus }) !== frameKey || serverNow() >= move.effectiveAt + flight.durationMs)
      return land();
    // (before cameraAt below uses it: a scene pressed while the last one still flies reads it at once)
    const viewportPx = Math.max(slice.rect.width, slice.rect.height) * slice.scale;
    // where the previous flight was at this one's start, if it was still flying: no jump between flights
    const from = cameraAt(previousMove, move.effectiveAt) ?? cameraOf(flight.from);
    let raf = 0;
    const step = () => {
      const t = (serverNow() - move.effectiveAt) / flight.durationMs;
      if (t >= 1) return land();
      const now = sliceOf(flightCamera(from, whole, viewportPx, easeInOut(Math.max(0, t))), slice);
      map.jumpTo({ center: now.center, zoom: now.zoom });
      raf = requestAnimationFrame(step);
    };
    step();
    return () => cancelAnimationFrame(raf);

    /** The whole panel's camera of a wall state at a server time (mid-flight, or landed). */
    function cameraAt(state: HeldWallState | null, at: number): Camera | null {
      if (!state?.flight) return null;
      const t = (at - state.effectiveAt) / state.flight.durationMs;
      if (t >= 1) return null;
      return flightCamera(cameraOf(state.flight.from), cameraOf(state.frame), viewportPx, easeInOut(Math.max(0, t)));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [camera, interactive, move]);

  // Drill down on a click (desk only): one level below the current focus, towards the point.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !interactive) return;
    const onClick = (e: { lngLat: { lng: number; lat: number } }) => {
      locateRegions(e.lngLat.lng, e.lngLat.lat, token).then(
        (path) => {
          const next = path && nextLevelDown(path, focus);
          if (next) setFocus(next);
        },
        () => undefined,
      );
    };
    map.on('click', onClick);
    return () => {
      map.off('click', onClick);
    };
  }, [interactive, focus, token, setFocus]);

  // labels drawn `unit` times larger need `unit` times the room between places: their zooms move up
  const labelZoom = zoom - Math.log2(Math.max(unit, 1));
  const zoomedIn = labelZoom >= CENTRAL_LABEL_ZOOM; // labels change only when this flips, not on every zoom
  const showGridOutlines = zoom >= GRID_OUTLINE_ZOOM;
  const gridData = useMemo(() => gridLayerData(geo.gridGeometry), [geo.gridGeometry]);
  const showStreets = labelZoom >= STREET_LABEL_ZOOM;
  const showCommunities = labelZoom >= COMMUNITY_LABEL_ZOOM;
  // district names that would overlap at this zoom give way by rank (the map projects them once it has loaded)
  const labels = useMemo(() => {
    const all = districtLabels(geo.districts, zoomedIn);
    const map = overlay ? mapRef.current : null;
    const shown = map
      ? declutter(
          all,
          (p) => {
            const q = map.project(p);
            return [q.x, q.y];
          },
          districtLabelPx(unit),
        )
      : all;
    return regionLabelLayer('district', shown, true, unit);
  }, [geo.districts, zoomedIn, unit, zoom, overlay]);
  const streetLabels = useMemo(
    () => regionLabelLayer('street', regionLabels(geo.regions.regions, 'street'), showStreets, unit),
    [geo.regions, showStreets, unit],
  );
  // community names need a font atlas of some 1,500 characters: built only once a wall zooms in that far
  const [communityLabelsWanted, setCommunityLabelsWanted] = useState(false);
  if (showCommunities && !communityLabelsWanted) setCommunityLabelsWanted(true);
  const communityLabels = useMemo(
    () => (communityLabelsWanted ? regionLabelLayer('community', regionLabels(geo.regions.regions, 'community'), showCommunities, unit) : null),
    [geo.regions, communityLabelsWanted, showCommunities, unit],
  );
  // the buffers are mutated in place; the versions say when
  const colors = useRef<Uint8Array | undefined>(undefined);
  // colours change with the states or the roster's length, not with every position frame
  const workerCount = liveBuffers.workerCount;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const workerRgba = useMemo(() => (colors.current = workerColors(liveBuffers.workerStates, workerCount, colors.current)), [workerStatesVersion, workerCount]);
  // the colours may have changed in place: the states version says so
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const workers = useMemo(() => workerData(liveBuffers.positions, workerCount, workerRgba), [positionsVersion, workerRgba, workerCount, workerStatesVersion]);
  // software GL at city zoom: the workers as cells with counts (level of detail), binned for the zoom shown
  const workerDetailZoom = WORKER_DETAIL_ZOOM + Math.log2(Math.max(unit, 1));
  const cellZoom = mode === 'lean' && zoom < workerDetailZoom ? Math.round(zoom * 2) / 2 : null;
  const cells = useMemo(
    () => (cellZoom === null || !showWorkers ? null : workerCells(liveBuffers.positions, liveBuffers.workerStates, workerCount, cellZoom, unit)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [cellZoom, showWorkers, positionsVersion, workerStatesVersion, workerCount, unit],
  );
  // the density estimate at most once a second: heat ticks come at 4 Hz (lean: the heat is already
  // paced; a second throttle would land between two redraws and cost one more)
  const densityVersion = useThrottled(heatVersion, mode === 'lean' ? 0 : 1000);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const density = useMemo(
    () => (showDensity ? densityImage(liveBuffers.heat, geo.grids.grids, TIANJIN_BOUNDS) : null),
    [densityVersion, geo.grids, showDensity],
  );
  // one image per estimate: a new ImageData on every redraw would re-upload the texture each time
  const densityPixels = useMemo(() => (density ? new ImageData(new Uint8ClampedArray(density.data), density.width, density.height) : null), [density]);
  const gridIndex = useMemo(() => new Map(geo.grids.grids.map((g, i) => [g.code, i])), [geo.grids]);
  // a grid in focus is outlined, so the hall sees which one is meant
  const focusGridPaths = useMemo(() => gridPaths(geo.gridGeometry, gridIndex.get(focus) ?? null), [geo.gridGeometry, gridIndex, focus]);
  const spotlight = useCaseHistory(held?.spotlight ?? null, token);
  // during a playback the moment shown moves on with every heat tick, and the pulses are judged again
  // then; live, only when the urgent list or the spotlight changes (not 4 times a second for nothing)
  const playTick = held?.playback ? heatVersion : 0;
  const spotlightGrid = spotlight.status === 'ok' ? spotlight.history.gridCode : null;
  const pulses = useMemo<Pulse[]>(() => {
    const now = dataNow(useWallStore.getState());
    const list: Pulse[] = urgent
      .filter((u) => now - u.at < URGENT_PULSE_MS && gridIndex.has(u.gridCode) && u.caseId !== held?.spotlight)
      .map((u) => ({ caseId: u.caseId, position: geo.grids.grids[gridIndex.get(u.gridCode)!]!.centroid }));
    // the spotlighted case pulses at its grid's centre: never a finer place than the grid
    // during a playback, only once the case has been reported by the moment shown
    const reportedBy = spotlight.status === 'ok' && (!held?.playback || Date.parse(spotlight.history.reportedAt) <= now);
    if (held?.spotlight && spotlightGrid && reportedBy && gridIndex.has(spotlightGrid))
      list.push({ caseId: held.spotlight, position: geo.grids.grids[gridIndex.get(spotlightGrid)!]!.centroid, spotlight: true });
    return list;
  }, [urgent, gridIndex, geo.grids, held?.spotlight, held?.playback, spotlightGrid, spotlight, playTick]);
  const pulseMarkers = useRef(new Map<string, Marker>());
  useEffect(() => {
    if (mapRef.current && overlay) syncPulses(mapRef.current, pulseMarkers.current, pulses);
  }, [pulses, overlay]);

  useEffect(() => {
    overlay?.setProps({
      // workers under the heat: at city zoom 22,000 dots would otherwise bury the open cases, the primary signal
      layers: [
        cells ? workerCellLayer(cells, showWorkers) : workerLayer(workers, showWorkers, unit, mode === 'smooth'),
        gridHeatLayer(gridData, liveBuffers.heat, heatVersion, metric),
        // an operator's own style draws its own rivers, or none
        riverLayer(zoom, unit, !styleUrl),
        // only while there is an estimate: a BitmapLayer whose image goes to null and back throws on the switch
        density && densityPixels ? densityLayer(density, densityPixels, showDensity && zoom < DENSITY_MAX_ZOOM) : null,
        gridOutlineLayer(gridData, showGridOutlines, unit),
        focusGridLayer(focusGridPaths, unit),
        communityLabels,
        streetLabels,
        labels,
      ],
    });
  }, [
    overlay,
    gridData,
    heatVersion,
    metric,
    workers,
    density,
    densityPixels,
    cells,
    mode,
    zoom,
    labels,
    streetLabels,
    communityLabels,
    showGridOutlines,
    focusGridPaths,
    showDensity,
    showWorkers,
    unit,
    geo.grids,
  ]);

  return (
    <section className="panel map-panel" data-testid="map-panel">
      <div
        ref={container}
        className="map-canvas"
        data-testid="map"
        data-focus={focus}
        data-metric={metric}
        data-render={mode}
        data-workers={cells ? 'cells' : 'dots'}
      />
      <div className="map-frame" style={outerEdges(slice)} />
      {legendHere ? (
        <MapLegend
          corner={legendCorner}
          metric={metric}
          density={showDensity}
          workers={showWorkers}
          interactive={interactive}
          maxWidth={slice.visible.width * slice.scale}
        />
      ) : null}
      {showSpotlight ? (
        <SpotlightCard
          state={spotlight}
          asOf={() => (held?.playback ? dataNow(useWallStore.getState()) : null)}
          maxHeightPx={slice.visible.height * slice.scale}
          outside={held?.outside?.spotlight === true}
        />
      ) : null}
      {showTrail && focus !== CITY_CODE ? <RegionTrail geo={geo} focus={focus} interactive={interactive} onPick={setFocus} /> : null}
    </section>
  );
}
