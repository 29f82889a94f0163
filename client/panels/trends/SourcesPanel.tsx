// Where the last 24 hours' cases came from: grid workers, the hotlines, the photo app, video, departments.
import { useMemo } from 'react';
import { EChart } from '../../components/EChart.tsx';
import { remPx } from '../../components/remPx.ts';
import { t } from '../../i18n/messages.ts';
import { useWallStore } from '../../store/wallStore.ts';
import { sourcesOption } from './trendOptions.ts';

export function SourcesPanel() {
  const sources = useWallStore((s) => s.trends?.sources ?? null);
  const option = useMemo(() => (sources ? sourcesOption(sources, remPx()) : null), [sources]);
  return (
    <section className="panel chart-panel" data-testid="sources">
      <h2 className="panel-title">{t.sourcesTitle}</h2>
      {sources ? <EChart option={option} testId="sources-chart" /> : <p className="panel-empty">{t.waiting}</p>}
    </section>
  );
}
