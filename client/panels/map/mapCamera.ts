// The camera of a map panel's slice on this screen: the panel is one virtual viewport (its whole
// size in wall pixels, bezels included) framing the focus region; this screen shows the part of it
// that falls on it. Every screen computes the same virtual camera, so their slices line up; a
// flight moves the virtual camera (shared/cameraFlight.ts) and each screen draws its slice of it.
import type { Rect } from '../../../shared/wallLayout.ts';
import { fitBounds, sliceCamera, type Bounds, type Camera } from '../../../shared/webMercator.ts';

export interface MapSlice {
  /** The whole panel and the part on this screen, in wall pixels. */
  rect: Rect;
  visible: Rect;
  /** The panel's part on the screen that holds most of it (a small region is framed there, not across a bezel); the whole panel if absent. */
  primary?: Rect;
  /** Browser pixels per wall pixel on this screen. */
  scale: number;
}

/** Clear space around the framed region, as a share of the panel's shorter side. */
const PADDING = 0.03;

/**
 * The camera of the whole panel framing `bounds`: across the whole panel, or, `onPrimary`, within
 * the part on the screen that holds most of it (the whole camera then is that part's camera moved
 * to the panel's centre), so that a street, a community or a spotlighted case is not cut by a bezel.
 */
export function panelCamera(bounds: Bounds, slice: MapSlice, onPrimary = false): Camera {
  const { rect, scale } = slice;
  const part = onPrimary && slice.primary ? slice.primary : rect;
  const camera = fitBounds(bounds, part.width * scale, part.height * scale, Math.min(part.width, part.height) * scale * PADDING);
  if (part === rect) return camera;
  const dx = (rect.left + rect.width / 2 - (part.left + part.width / 2)) * scale;
  const dy = (rect.top + rect.height / 2 - (part.top + part.height / 2)) * scale;
  return sliceCamera(camera, [dx, dy]);
}

/** Which of the whole panel's edges this screen's slice holds (where its overlays may go). */
export function edgesHeld({ rect, visible }: Pick<MapSlice, 'rect' | 'visible'>): { left: boolean; right: boolean; top: boolean; bottom: boolean } {
  return {
    left: visible.left <= rect.left + 0.5,
    right: visible.left + visible.width >= rect.left + rect.width - 0.5,
    top: visible.top <= rect.top + 0.5,
    bottom: visible.top + visible.height >= rect.top + rect.height - 0.5,
  };
}

/** This screen's part of the whole panel's camera. */
export function sliceOf(whole: Camera, slice: MapSlice): Camera {
  const { rect, visible, scale } = slice;
  const dx = (visible.left + visible.width / 2 - (rect.left + rect.width / 2)) * scale;
  const dy = (visible.top + visible.height / 2 - (rect.top + rect.height / 2)) * scale;
  return sliceCamera(whole, [dx, dy]);
}

export function cameraForSlice(bounds: Bounds, slice: MapSlice): Camera {
  return sliceOf(panelCamera(bounds, slice), slice);
}
