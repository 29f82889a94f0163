// Where the last 24 hours' cases came from: grid workers, the hotlines, the photo app, video,
// departments. A donut for the shares at a glance and, beside it, each channel's name and share as
// text (labels round a small donut collide; a list never does).
import { useMemo } from 'react';
import { SOURCE_CHANNELS } from '../../../shared/caseEvent.ts';
import { EChart, SERIES_COLORS } from '../../components/EChart.tsx';
import { remPx } from '../../components/remPx.ts';
import { PanelRegion } from '../../components/PanelRegion.tsx';
import { t } from '../../i18n/messages.ts';
import { useWallStore } from '../../store/wallStore.ts';
import { sourcesOption } from './trendOptions.ts';
import './sources.css';

export function SourcesPanel() {
  const sources = useWallStore((s) => s.trends?.sources ?? null);
  const option = useMemo(() => (sources ? sourcesOption(sources, remPx()) : null), [sources]);
  const total = sources ? SOURCE_CHANNELS.reduce((s, k) => s + (sources[k] ?? 0), 0) : 0;
  return (
    <section className="panel chart-panel sources-panel" data-testid="sources">
      <h2 className="panel-title">
        {t.sourcesTitle}
        <PanelRegion />
      </h2>
      {sources ? (
        <div className="sources-body">
          <EChart option={option} testId="sources-chart" />
          <ul className="sources-list">
            {SOURCE_CHANNELS.map((k, i) => ({ k, i, n: sources[k] ?? 0 }))
              .filter(({ n }) => n > 0)
              .map(({ k, i, n }) => (
                <li key={k} data-channel={k}>
                  <i style={{ background: SERIES_COLORS[i] }} />
                  <span className="sources-name">{t.source[k]}</span>
                  <span className="sources-share">{Math.round((n / Math.max(1, total)) * 100)}%</span>
                </li>
              ))}
          </ul>
        </div>
      ) : (
        <p className="panel-empty">{t.waiting}</p>
      )}
    </section>
  );
}
