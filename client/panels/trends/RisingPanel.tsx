// What is rising: the sub-categories and streets whose last 24 hours most exceed their usual day.
import { useMemo } from 'react';
import { categoryOf } from '../../../shared/categories.ts';
import type { RisingItem } from '../../../shared/protocol.ts';
import type { Geo } from '../../geo/loadGeo.ts';
import { PanelRegion } from '../../components/PanelRegion.tsx';
import { locale, t } from '../../i18n/messages.ts';
import { useWallStore } from '../../store/wallStore.ts';
import { regionName } from './trendOptions.ts';

/** Rows shown per list: a panel has a fixed size, so the DOM does too. */
const ROWS = 5;

function RisingList({ title, items, nameOf }: { title: string; items: RisingItem[]; nameOf(key: string): string }) {
  const top = items.slice(0, ROWS);
  // ranked by how many more than usual (the server's order): the bars show that excess
  const most = Math.max(1, ...top.map((i) => i.now - i.before));
  return (
    <div className="rising-list">
      <h3>{title}</h3>
      <ol>
        {top.map((item) => (
          <li key={item.key} data-key={item.key}>
            <span className="rising-name">{nameOf(item.key)}</span>
            <span className="rising-bar">
              <i style={{ width: `${(Math.max(0, item.now - item.before) / most) * 100}%` }} />
            </span>
            <span className="rising-count">{item.now.toLocaleString('zh-CN')}</span>
            <span className="rising-change">{item.change === null ? t.newItem : `▲${Math.round(item.change * 100)}%`}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

export function RisingPanel({ geo }: { geo: Geo }) {
  const trends = useWallStore((s) => s.trends);
  const names = useMemo(() => new Map(geo.regions.regions.map((r) => [r.code, r.name])), [geo.regions]);
  const category = (code: string) => {
    const c = categoryOf(code);
    return c ? (locale === 'en' ? c.en : c.name) : code;
  };
  return (
    <section className="panel rising-panel" data-testid="rising">
      <h2 className="panel-title">
        {t.risingTitle}
        {trends?.risingBaselineDays ? <span className="panel-aside">{t.risingVs(trends.risingBaselineDays)}</span> : null}
        <PanelRegion />
      </h2>
      {trends && trends.risingBaselineDays === 0 ? (
        <p className="panel-empty" data-testid="rising-no-history">
          {t.risingNoHistory}
        </p>
      ) : trends ? (
        <div className="rising-body">
          <RisingList title={t.risingCategories} items={trends.risingCategories} nameOf={category} />
          {trends.risingStreets.length ? <RisingList title={t.risingStreets} items={trends.risingStreets} nameOf={(k) => regionName(k, names)} /> : null}
        </div>
      ) : (
        <p className="panel-empty">{t.waiting}</p>
      )}
    </section>
  );
}
