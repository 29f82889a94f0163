// New urgent cases pulse on the map: DOM markers placed by maplibre, each a ring that widens and
// fades in CSS. The animation runs on the compositor, so it costs no WebGL frame: the map redraws
// only when its data changes, even while a dozen rings pulse.
import { Marker, type Map as MapLibre } from 'maplibre-gl';

export interface Pulse {
  caseId: string;
  position: [number, number];
  /** A spotlighted case pulses larger, in amber. */
  spotlight?: boolean;
}

/** Adds markers for new pulses and removes those no longer listed; `shown` is kept between calls. */
export function syncPulses(map: MapLibre, shown: Map<string, Marker>, pulses: readonly Pulse[]): void {
  const wanted = new Set(pulses.map((p) => p.caseId));
  // a case that becomes the spotlight changes its look: drawn anew
  for (const p of pulses)
    if (shown.has(p.caseId) && shown.get(p.caseId)!.getElement().classList.contains('spotlight-pulse') !== Boolean(p.spotlight)) wanted.delete(p.caseId);
  for (const [caseId, marker] of shown) {
    if (wanted.has(caseId)) continue;
    marker.remove();
    shown.delete(caseId);
  }
  for (const p of pulses) {
    if (shown.has(p.caseId)) continue;
    const element = document.createElement('div');
    element.className = p.spotlight ? 'spotlight-pulse' : 'urgent-pulse';
    element.dataset.pulseCase = p.caseId;
    shown.set(p.caseId, new Marker({ element }).setLngLat(p.position).addTo(map));
  }
}
