// The KPI strip: today's figures, large enough to read from the back of the hall.
import type { Kpis } from '../../../shared/protocol.ts';
import { t } from '../../i18n/messages.ts';
import { useWallStore } from '../../store/wallStore.ts';

const fmt = new Intl.NumberFormat('zh-CN');

function Tile({ label, value, tone, testId }: { label: string; value: string; tone?: string; testId: string }) {
  return (
    <div className={`kpi-tile ${tone ?? ''}`} data-testid={testId}>
      <div className="kpi-value">{value}</div>
      <div className="kpi-label">{label}</div>
    </div>
  );
}

export function KpiStrip() {
  const kpis: Kpis | null = useWallStore((s) => s.kpis);
  const n = (v: number | undefined) => (v === undefined ? '—' : fmt.format(v));
  const rate = kpis?.closureRate;
  return (
    <section className="kpi-strip">
      <Tile testId="kpi-reported" label={t.reportedToday} value={n(kpis?.reportedToday)} />
      <Tile testId="kpi-closed" label={t.closedToday} value={n(kpis?.closedToday)} tone="tone-good" />
      <Tile testId="kpi-rate" label={t.closureRate} value={rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`} />
      <Tile testId="kpi-overdue" label={t.overdueNow} value={n(kpis?.overdueNow)} tone={kpis?.overdueNow ? 'tone-alert' : undefined} />
      <Tile testId="kpi-open" label={t.openCases} value={n(kpis?.openCases)} />
      <Tile testId="kpi-workers" label={t.workersOnline} value={n(kpis?.workersOnline)} tone="tone-info" />
    </section>
  );
}
