// Cases per major category over the last 24 h, 7 or 30 days, from the server's time buckets.
import { useMemo } from 'react';
import type { TrendPeriod } from '../../../shared/protocol.ts';
import { EChart } from '../../components/EChart.tsx';
import { remPx } from '../../components/remPx.ts';
import { PanelRegion } from '../../components/PanelRegion.tsx';
import { t } from '../../i18n/messages.ts';
import { useWallStore } from '../../store/wallStore.ts';
import { trendOption } from './trendOptions.ts';

/** `period`: the layout's; a presenter's choice for the wall replaces it. */
export function TrendPanel({ period: configured }: { period: TrendPeriod }) {
  const period = useWallStore((s) => s.wallState?.trendPeriod ?? null) ?? configured;
  const window = useWallStore((s) => s.trends?.periods[period] ?? null);
  const option = useMemo(() => (window ? ({ height }: { height: number }) => trendOption(window, period, remPx(), height) : null), [window, period]);
  const total = window ? window.total.reduce((a, b) => a + b, 0) : null;
  return (
    <section className="panel chart-panel" data-testid={`trend-${period}`}>
      <h2 className="panel-title">
        {t.trendTitle[period]}
        {total !== null ? (
          <span className="panel-aside">
            {t.total} {total.toLocaleString('zh-CN')}
          </span>
        ) : null}
        <PanelRegion />
      </h2>
      {window ? <EChart option={option} testId="trend-chart" /> : <p className="panel-empty">{t.waiting}</p>}
    </section>
  );
}
