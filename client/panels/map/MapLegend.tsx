// What the map's colours mean: the choropleth's metric and steps, the report density, the worker
// states. On a desk the metric can be switched here.
import { HEAT_METRICS, WORKER_STATES, type HeatMetric } from '../../../shared/protocol.ts';
import { PlaybackTag } from '../../components/PlaybackBanner.tsx';
import type { LegendCorner } from './legendCorner.ts';
import { t } from '../../i18n/messages.ts';
import { useWallStore } from '../../store/wallStore.ts';
import { DENSITY_RAMP } from './densityLayer.ts';
import { HEAT_RAMP, HEAT_STEPS } from './gridHeatLayer.ts';
import { WORKER_COLORS } from './workerLayer.ts';

const rgba = (c: readonly number[]) => `rgba(${c[0]},${c[1]},${c[2]},${(c[3] ?? 255) / 255})`;

/** `maxWidth`: the width of the map on this screen in pixels: the legend wraps rather than run on behind a bezel.
 *  `corner`: the bottom corner where it hides least of the city (legendCorner.ts). */
export function MapLegend({
  corner,
  metric,
  density,
  workers,
  interactive,
  maxWidth,
}: {
  corner: LegendCorner;
  metric: HeatMetric;
  density: boolean;
  workers: boolean;
  interactive: boolean;
  maxWidth: number;
}) {
  const setHeatMetric = useWallStore((s) => s.setHeatMetric);
  return (
    <div
      className={`map-legend at-${corner}`}
      data-testid="map-legend"
      data-corner={corner}
      style={{ maxWidth: `max(min(${maxWidth}px - 1.6rem, 8rem), ${maxWidth * 0.38}px)` }}
    >
      <PlaybackTag />
      {interactive ? (
        // biome-ignore lint/a11y/useSemanticElements: a row of toggle buttons styled as one control; a fieldset's border and legend would fight its layout
        <span className="legend-metrics" role="group">
          {HEAT_METRICS.map((m) => (
            <button key={m} type="button" className={m === metric ? 'is-on' : ''} onClick={() => setHeatMetric(m)} data-metric={m}>
              {t.heatMetric[m]}
            </button>
          ))}
        </span>
      ) : (
        <span className="legend-title">{t.heatMetric[metric]}</span>
      )}
      {HEAT_STEPS.map((label, i) => (
        <span key={label} className="legend-step">
          <i style={{ background: rgba(HEAT_RAMP[i]!) }} />
          {label}
        </span>
      ))}
      {density ? (
        <span className="legend-step">
          <i className="legend-ramp" style={{ background: `linear-gradient(90deg, ${DENSITY_RAMP.slice(1).map(rgba).join(', ')})` }} />
          {t.densityLegend}
        </span>
      ) : null}
      {workers
        ? WORKER_STATES.map((s) => (
            <span key={s} className="legend-step">
              <i className="legend-worker" style={{ background: rgba([...WORKER_COLORS[s].slice(0, 3), 255]) }} />
              {t.workerState[s]}
            </span>
          ))
        : null}
    </div>
  );
}
