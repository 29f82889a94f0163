// Overdue and escalated cases and hot-issue spikes, each saying why it fired. A screen without a
// live feed never claims "no alerts": it says the alert state is unknown.
import { useMemo } from 'react';
import type { Geo } from '../../geo/loadGeo.ts';
import { PanelRegion } from '../../components/PanelRegion.tsx';
import { t } from '../../i18n/messages.ts';
import { useWallStore } from '../../store/wallStore.ts';
import { alertText } from './alertText.ts';

/** Rows drawn: the panel has a fixed size, so the DOM does too. */
const ROWS = 8;
const ICON = { overdue: '⏱', escalated: '⚑', spike: '▲' } as const;

export function AlertsPanel({ geo, live }: { geo: Geo; live: boolean }) {
  const list = useWallStore((s) => s.alerts);
  const names = useMemo(() => new Map(geo.regions.regions.map((r) => [r.code, r.name])), [geo.regions]);
  const now = list?.at ?? 0; // server time of the list: how late a case is, as of the data shown
  return (
    <section className="panel alerts-panel" data-testid="alerts">
      <h2 className="panel-title">
        {t.alertsTitle}
        {list ? (
          <span className="panel-aside" data-testid="alert-counts">
            {t.alertCounts(list.counts.overdue, list.counts.escalated, list.counts.spike)}
          </span>
        ) : null}
        <PanelRegion code={list?.scope} />
      </h2>
      {!list ? (
        <p className="panel-empty">{t.waiting}</p>
      ) : !live ? (
        <p className="panel-empty alerts-unknown" data-testid="alerts-unknown">
          {t.alertsUnknown}
        </p>
      ) : list.alerts.length === 0 ? (
        <p className="panel-empty" data-testid="alerts-none">
          {t.noAlerts}
        </p>
      ) : (
        <ol className="alert-list">
          {list.alerts.slice(0, ROWS).map((a) => {
            const { headline, why } = alertText(a, names, now);
            return (
              <li key={a.id} className={`alert-row alert-${a.reason.kind} severity-${a.severity}`} data-alert-id={a.id}>
                <span className="alert-icon">{ICON[a.reason.kind]}</span>
                <span className="alert-headline">{headline}</span>
                <span className="alert-why">{why}</span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
