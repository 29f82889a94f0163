// What the wall shows now, in full: the presenter-held state over the wall's configured defaults
// (a null in the state means "as configured"). Pure, for the miniature, the header and the controls.
import type { HeatMetric, TrendPeriod } from '../../shared/protocol.ts';
import { CITY_CODE } from '../../shared/regions.ts';
import type { PlaybackClock, WallState } from '../../shared/wallControl.ts';
import type { MapPanelConfig, WallLayout } from '../../shared/wallLayout.ts';

export interface WallView {
  scene: string | null;
  /** The region the maps frame; null when explicit bounds are shown instead. */
  focus: string | null;
  /** The wall's own focus (where "default" and reset go). */
  defaultFocus: string;
  customBounds: boolean;
  heatMetric: HeatMetric;
  density: boolean;
  workers: boolean;
  trendPeriod: TrendPeriod;
  /** The configured values, to mark "default" on the controls. */
  defaults: { heatMetric: HeatMetric; density: boolean; workers: boolean; trendPeriod: TrendPeriod };
  spotlight: string | null;
  playback: PlaybackClock | null;
}

export function wallView(layout: WallLayout, state: WallState | null): WallView {
  const map = layout.panels.find((p): p is MapPanelConfig => p.kind === 'map');
  const trend = layout.panels.find((p) => p.kind === 'trend');
  const defaults = {
    heatMetric: map?.heat ?? 'open',
    density: map?.density ?? true,
    workers: map?.workers ?? true,
    trendPeriod: (trend && 'period' in trend ? trend.period : '24h') as TrendPeriod,
  };
  const defaultFocus = map?.focus ?? layout.focus ?? layout.scope ?? CITY_CODE;
  const frame = state?.frame ?? null;
  return {
    scene: state?.scene ?? null,
    focus: frame === null ? defaultFocus : 'focus' in frame ? frame.focus : null,
    defaultFocus,
    customBounds: frame !== null && 'bounds' in frame,
    heatMetric: state?.heatMetric ?? defaults.heatMetric,
    density: state?.density ?? defaults.density,
    workers: state?.workers ?? defaults.workers,
    trendPeriod: state?.trendPeriod ?? defaults.trendPeriod,
    defaults,
    spotlight: state?.spotlight ?? null,
    playback: state?.playback ?? null,
  };
}
