// The KPI strip: today's figures, large enough to read from the back of the hall; counts move to
// a new value instead of jumping, and today's reports and closures show the change against the
// same time yesterday. In playback they are the played day's figures, so said ("当日", against the
// day before it; the playback banner gives the day); on a drilled-down wall a caption names the
// region they cover (the drilled district or street where the layout has them follow it).
import type { Kpis } from '../../../shared/protocol.ts';
import { PanelRegion, usePanelRegion } from '../../components/PanelRegion.tsx';
import { t } from '../../i18n/messages.ts';
import { useWallStore } from '../../store/wallStore.ts';
import './KpiStrip.css';
import { useCountUp } from './useCountUp.ts';

const fmt = new Intl.NumberFormat('zh-CN');
const n = (v: number | undefined) => (v === undefined ? '—' : fmt.format(v));

function Tile({
  label,
  value,
  tone,
  testId,
  change,
  target,
}: {
  label: string;
  value: string;
  tone?: string;
  testId: string;
  change?: string | null;
  target?: number;
}) {
  // data-value: the figure received, which the shown count is still moving to
  return (
    <div className={`kpi-tile ${tone ?? ''}`} data-testid={testId} data-value={target}>
      <div className="kpi-value" data-primary>
        {value}
      </div>
      <div className="kpi-label">{label}</div>
      {change ? (
        <div className="kpi-change" data-testid={`${testId}-change`}>
          {change}
        </div>
      ) : null}
    </div>
  );
}

function CountTile(props: {
  label: string;
  value: number | undefined;
  tone?: string;
  testId: string;
  yesterday?: number | null;
  loading?: Kpis['historyLoading'];
  /** The words before the change ("较昨日同时"). */
  versus?: string;
}) {
  const shown = useCountUp(props.value);
  // while a new demo's history is written, today and yesterday are not yet comparable: say so instead
  const change = props.loading ? `${t.historyLoading} ${props.loading.day}/${props.loading.days}` : dayOverDay(props.value, props.yesterday, props.versus);
  return <Tile {...props} value={n(shown)} target={props.value} change={change} />;
}

/**
 * "较昨日同时 ▲8%": today so far against yesterday up to the same time, as the share a duty leader
 * reports (the count itself is the tile's figure); "较昨日同时 ▲12" where yesterday had none. One
 * short line, so that it fits a hall tile at the wall's smallest type.
 */
export function dayOverDay(today: number | undefined, yesterday: number | null | undefined, versus: string = t.vsYesterday): string | null {
  if (today === undefined || yesterday === undefined || yesterday === null) return null;
  const diff = today - yesterday;
  if (diff === 0) return `${versus} 持平`;
  const arrow = diff > 0 ? '▲' : '▼';
  return yesterday > 0 ? `${versus} ${arrow}${fmt.format(Math.round((Math.abs(diff) / yesterday) * 100))}%` : `${versus} ${arrow}${fmt.format(Math.abs(diff))}`;
}

const percent = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`);

export function KpiStrip() {
  const kpis: Kpis | null = useWallStore((s) => s.kpis);
  const playing = useWallStore((s) => s.playbackAt !== null);
  const region = usePanelRegion(kpis?.region);
  const versus = playing ? t.vsDayBefore : t.vsYesterday;
  return (
    <div className="kpi-block" data-testid="kpis" data-region={kpis?.region}>
      {region || playing ? (
        <p className="kpi-caption" data-testid="kpi-caption">
          <PanelRegion code={kpis?.region} />
        </p>
      ) : null}
      <section className="kpi-strip">
        <CountTile
          testId="kpi-reported"
          label={playing ? t.reportedOnDay : t.reportedToday}
          value={kpis?.reportedToday}
          yesterday={kpis?.yesterdaySameTime?.reported}
          loading={kpis?.historyLoading}
          versus={versus}
        />
        <CountTile
          testId="kpi-closed"
          label={playing ? t.closedOnDay : t.closedToday}
          value={kpis?.closedToday}
          tone="tone-good"
          yesterday={kpis?.yesterdaySameTime?.closed}
          loading={kpis?.historyLoading}
          versus={versus}
        />
        <Tile testId="kpi-rate" label={playing ? t.closureRateOnDay : t.closureRate} value={percent(kpis?.closureRate)} />
        <Tile testId="kpi-on-time" label={t.onTimeRate30d} value={percent(kpis?.onTimeRate30d)} />
        <Tile testId="kpi-satisfaction" label={t.satisfaction30d} value={percent(kpis?.satisfaction30d)} />
        <CountTile testId="kpi-overdue" label={t.overdueNow} value={kpis?.overdueNow} tone={kpis?.overdueNow ? 'tone-alert' : undefined} />
        <CountTile testId="kpi-open" label={t.openCases} value={kpis?.openCases} />
        <CountTile testId="kpi-workers" label={t.workersOnline} value={kpis?.workersOnline} tone="tone-info" />
      </section>
    </div>
  );
}
