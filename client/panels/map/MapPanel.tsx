// The city map: maplibre draws the offline base map, deck.gl overlays grid heat, workers and
// district labels. Layers are rebuilt cheaply on each change; their data objects stay the same
// unless the data itself changed.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Map as MapLibre, setWorkerUrl } from 'maplibre-gl';
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { MapboxOverlay } from '@deck.gl/mapbox';
import { TIANJIN_BOUNDS, type Geo } from '../../geo/loadGeo.ts';
import { regionBounds } from '../../geo/regionBounds.ts';
import { t } from '../../i18n/messages.ts';
import { liveBuffers } from '../../store/liveBuffers.ts';
import { useWallStore } from '../../store/wallStore.ts';
import { CENTRAL_LABEL_ZOOM, COMMUNITY_LABEL_ZOOM, STREET_LABEL_ZOOM, districtLabels, regionLabelLayer, regionLabels } from './regionLabelLayer.ts';
import { GRID_OUTLINE_ZOOM, HEAT_RAMP, HEAT_STEPS, gridHeatLayer, gridLayerData, gridOutlineLayer } from './gridHeatLayer.ts';
import { offlineStyle } from './mapStyle.ts';
import { workerData, workerLayer } from './workerLayer.ts';

setWorkerUrl(maplibreWorkerUrl);

/** `focus`: a region code (district, street, community, grid) the camera frames instead of the whole city. */
export function MapPanel({ geo, styleUrl, focus }: { geo: Geo; styleUrl?: string; focus?: string }) {
  const container = useRef<HTMLDivElement>(null);
  const [overlay, setOverlay] = useState<MapboxOverlay | null>(null);
  const [zoom, setZoom] = useState(0);
  const heatVersion = useWallStore((s) => s.heatVersion);
  const positionsVersion = useWallStore((s) => s.positionsVersion);

  useEffect(() => {
    const map = new MapLibre({
      container: container.current!,
      style: styleUrl ?? offlineStyle(new URL('/geo/', location.href).href),
      bounds: (focus && regionBounds(focus, geo.grids, geo.gridGeometry)) || TIANJIN_BOUNDS,
      fitBoundsOptions: { padding: 24 },
      attributionControl: false,
      interactive: true,
      fadeDuration: 0,
    });
    const deckOverlay = new MapboxOverlay({ interleaved: false, layers: [] });
    map.addControl(deckOverlay);
    map.on('load', () => {
      container.current?.setAttribute('data-map-ready', 'true');
      setOverlay(deckOverlay);
    });
    map.on('zoomend', () => setZoom(map.getZoom()));
    setZoom(map.getZoom());
    const resize = new ResizeObserver(() => map.resize());
    resize.observe(container.current!);
    return () => {
      resize.disconnect();
      map.remove();
    };
  }, []);

  const zoomedIn = zoom >= CENTRAL_LABEL_ZOOM; // labels change only when this flips, not on every zoom
  const showGridOutlines = zoom >= GRID_OUTLINE_ZOOM;
  const gridData = useMemo(() => gridLayerData(geo.gridGeometry), [geo.gridGeometry]);
  const showStreets = zoom >= STREET_LABEL_ZOOM;
  const showCommunities = zoom >= COMMUNITY_LABEL_ZOOM;
  const labels = useMemo(() => regionLabelLayer('district', districtLabels(geo.districts, zoomedIn)), [geo.districts, zoomedIn]);
  const streetLabels = useMemo(() => regionLabelLayer('street', regionLabels(geo.regions.regions, 'street'), showStreets), [geo.regions, showStreets]);
  // community names need a font atlas of some 1,500 characters: built only once a wall zooms in that far
  const [communityLabelsWanted, setCommunityLabelsWanted] = useState(false);
  if (showCommunities && !communityLabelsWanted) setCommunityLabelsWanted(true);
  const communityLabels = useMemo(() => (communityLabelsWanted ? regionLabelLayer('community', regionLabels(geo.regions.regions, 'community'), showCommunities) : null), [geo.regions, communityLabelsWanted, showCommunities]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the buffer is mutated in place; the version says when
  const workers = useMemo(() => workerData(liveBuffers.positions, liveBuffers.workerCount), [positionsVersion]);

  useEffect(() => {
    overlay?.setProps({
      // workers under the heat: at city zoom 22,000 dots would otherwise bury the open cases, the primary signal
      layers: [workerLayer(workers), gridHeatLayer(gridData, liveBuffers.heat, heatVersion), gridOutlineLayer(gridData, showGridOutlines), communityLabels, streetLabels, labels],
    });
  }, [overlay, gridData, heatVersion, workers, labels, streetLabels, communityLabels, showGridOutlines]);

  return (
    <section className="panel map-panel">
      <div ref={container} className="map-canvas" data-testid="map" />
      <div className="map-legend">
        <span className="legend-title">{t.heatLegend}</span>
        {HEAT_STEPS.map((label, i) => (
          <span key={label} className="legend-step">
            <i style={{ background: `rgba(${HEAT_RAMP[i]!.slice(0, 3).join(',')},${HEAT_RAMP[i]![3] / 255})` }} />
            {label}
          </span>
        ))}
        <span className="legend-step">
          <i className="legend-worker" />
          {t.workers}
        </span>
      </div>
    </section>
  );
}
