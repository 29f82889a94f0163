// What the wall's map and charts show: the heat metric, the density and worker layers, the trend
// period. The lit button is what the wall shows now; "默认" marks the wall's configured value.
import { HEAT_METRICS, TREND_PERIODS } from '../../shared/protocol.ts';
import { send } from './consoleCommands.ts';
import { ct } from './consoleMessages.ts';
import { useConsoleStore } from './consoleStore.ts';
import { wallView } from './wallView.ts';

export function DisplayControls() {
  const layout = useConsoleStore((s) => s.layout);
  const state = useConsoleStore((s) => s.state);
  if (!layout) return null;
  const view = wallView(layout, state);
  const mark = (isDefault: boolean) => (isDefault ? <small className="default-tag">{ct.useDefault}</small> : null);
  return (
    <section className="console-card display-card" data-testid="display-controls">
      <h3 className="field-title">{ct.heatMetric}</h3>
      {/* biome-ignore lint/a11y/useSemanticElements: a row of toggle buttons styled as one control; a fieldset's border and legend would fight its layout */}
      <div className="segmented" role="group" aria-label={ct.heatMetric}>
        {HEAT_METRICS.map((m) => (
          <button
            key={m}
            type="button"
            className={`cmd seg${view.heatMetric === m ? ' is-on' : ''}`}
            aria-pressed={view.heatMetric === m}
            data-metric={m}
            onClick={() => void send({ type: 'heatMetric', metric: m })}
          >
            {ct.metricName[m]}
            {mark(view.defaults.heatMetric === m)}
          </button>
        ))}
      </div>
      <h3 className="field-title">{ct.layers}</h3>
      <div className="toggles">
        <button
          type="button"
          className={`cmd toggle${view.density ? ' is-on' : ''}`}
          aria-pressed={view.density}
          data-layer="density"
          onClick={() => void send({ type: 'layers', density: !view.density })}
        >
          <i className="switch" />
          {ct.density}
        </button>
        <button
          type="button"
          className={`cmd toggle${view.workers ? ' is-on' : ''}`}
          aria-pressed={view.workers}
          data-layer="workers"
          onClick={() => void send({ type: 'layers', workers: !view.workers })}
        >
          <i className="switch" />
          {ct.workers}
        </button>
      </div>
      <h3 className="field-title">{ct.trendPeriod}</h3>
      {/* biome-ignore lint/a11y/useSemanticElements: a row of toggle buttons styled as one control; a fieldset's border and legend would fight its layout */}
      <div className="segmented" role="group" aria-label={ct.trendPeriod}>
        {TREND_PERIODS.map((p) => (
          <button
            key={p}
            type="button"
            className={`cmd seg${view.trendPeriod === p ? ' is-on' : ''}`}
            aria-pressed={view.trendPeriod === p}
            data-period={p}
            onClick={() => void send({ type: 'trendPeriod', period: p })}
          >
            {ct.period[p]}
            {mark(view.defaults.trendPeriod === p)}
          </button>
        ))}
      </div>
    </section>
  );
}
