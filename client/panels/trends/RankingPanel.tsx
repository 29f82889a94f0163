// Districts (or a district's streets) by closure rate and on-time rate over the last 7 days.
import { useMemo } from 'react';
import { EChart } from '../../components/EChart.tsx';
import { remPx } from '../../components/remPx.ts';
import type { Geo } from '../../geo/loadGeo.ts';
import { t } from '../../i18n/messages.ts';
import { useWallStore } from '../../store/wallStore.ts';
import { rankingOption } from './trendOptions.ts';

export function RankingPanel({ geo }: { geo: Geo }) {
  const ranking = useWallStore((s) => s.trends?.ranking ?? null);
  const names = useMemo(() => new Map(geo.regions.regions.map((r) => [r.code, r.name])), [geo.regions]);
  const option = useMemo(() => (ranking ? ({ height }: { height: number }) => rankingOption(ranking.rows, names, remPx(), height) : null), [ranking, names]);
  return (
    <section className="panel chart-panel" data-testid="ranking">
      <h2 className="panel-title">{t.rankingTitle(ranking?.level ?? 'district')}</h2>
      {ranking && !ranking.rows.length ? (
        <p className="panel-empty">{t.rankingNone}</p>
      ) : ranking ? (
        <EChart option={option} testId="ranking-chart" />
      ) : (
        <p className="panel-empty">{t.waiting}</p>
      )}
    </section>
  );
}
