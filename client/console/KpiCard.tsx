// The figures a duty leader reports upward for the region the wall looks at, over a period he picks
// (today … the year to date), each with its Chinese name, its value, last year's for the same days
// (streets, districts and the city) and the line that defines it (client/i18n/kpiTerms.ts). Read from
// GET /api/v1/kpis every minute.
import { useState } from 'react';
import { KPI_RATES, kpiTerms, type KpiRate } from '../i18n/kpiTerms.ts';
import { kpis, type KpiPeriod } from './consoleApi.ts';
import { usePolled } from './usePolled.ts';
import { ct } from './consoleMessages.ts';

const PERIODS: KpiPeriod[] = ['today', 'week', 'month', '30d', 'quarter', 'year'];
const LONG: ReadonlySet<KpiPeriod> = new Set(['quarter', 'year']);
const REFRESH_MS = 60_000;
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

export function KpiCard({ region, token }: { region: string; token: string }) {
  // the quarter and the year are kept for streets, districts and the city
  const longKept = region.length <= 9;
  const [period, setPeriod] = useState<KpiPeriod>('month');
  const shown = !longKept && LONG.has(period) ? 'month' : period;
  const k = usePolled(`${region}/${shown}|${token}`, (signal) => kpis(region, shown, token, signal), REFRESH_MS);
  const last = k?.sameLastYear ?? null;

  return (
    <section className="kpi-card" data-testid="kpi-card">
      <div className="kpi-card-head">
        <h3 className="field-title">{ct.kpiTitle}</h3>
        <fieldset className="kpi-periods" aria-label={ct.kpiTitle}>
          {PERIODS.map((p) => (
            <button
              key={p}
              type="button"
              className={`cmd kpi-period${p === shown ? ' is-on' : ''}`}
              data-period={p}
              aria-pressed={p === shown}
              disabled={!longKept && LONG.has(p)}
              title={!longKept && LONG.has(p) ? ct.kpiLongKept : undefined}
              onClick={() => setPeriod(p)}
            >
              {ct.kpiPeriods[p]}
            </button>
          ))}
        </fieldset>
      </div>
      <p className="kpi-span" data-testid="kpi-span">
        {k ? ct.kpiSpan(k.from, k.to, k.figures.reported, last ? last.figures.reported : null) : '…'}
      </p>
      <table className="kpi-table" data-testid="kpi-table">
        <thead>
          <tr>
            <th>{ct.kpiColName}</th>
            <th>{ct.kpiColValue}</th>
            {last ? <th>{ct.kpiColLastYear}</th> : null}
            <th>{ct.kpiColDefinition}</th>
          </tr>
        </thead>
        <tbody>
          {KPI_RATES.map((rate: KpiRate) => (
            <tr key={rate} data-rate={rate} title={kpiTerms[rate].definition}>
              <td className="kc-name">{kpiTerms[rate].name}</td>
              <td className="kc-value">{k ? pct(k.figures[rate]) : '…'}</td>
              {last ? <td className="kc-last">{pct(last.figures[rate])}</td> : null}
              <td className="kc-definition">{kpiTerms[rate].definition}</td>
            </tr>
          ))}
          <tr data-rate="averageHandlingHours" title={ct.kpiHandlingDefinition}>
            <td className="kc-name">{ct.kpiHandling}</td>
            <td className="kc-value">{k?.figures.averageHandlingHours == null ? '—' : ct.hours(k.figures.averageHandlingHours)}</td>
            {last ? <td className="kc-last">{last.figures.averageHandlingHours == null ? '—' : ct.hours(last.figures.averageHandlingHours)}</td> : null}
            <td className="kc-definition">{ct.kpiHandlingDefinition}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
