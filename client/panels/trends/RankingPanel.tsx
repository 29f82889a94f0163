// Districts (or a district's streets) by closure rate over the last 7 days, with the on-time rate
// beside it: DOM rows sized to the panel (rankingLayout.ts), bars scaled to the range shown, every
// figure in text that fits its cell.
import { useMemo } from 'react';
import type { RankingRow } from '../../../shared/protocol.ts';
import { remPx } from '../../components/remPx.ts';
import { useBoxSize } from '../../components/useBoxSize.ts';
import type { Geo } from '../../geo/loadGeo.ts';
import { PanelRegion } from '../../components/PanelRegion.tsx';
import { t } from '../../i18n/messages.ts';
import { useWallStore } from '../../store/wallStore.ts';
import { barScale, rankingFit } from './rankingLayout.ts';
import { regionName } from './trendOptions.ts';
import './ranking.css';

const pct = (v: number | null) => (v === null ? '—' : `${(Math.round(v * 1000) / 10).toFixed(1)}%`);

function RankingRows({ rows, names }: { rows: RankingRow[]; names: ReadonlyMap<string, string> }) {
  const [box, size] = useBoxSize<HTMLOListElement>();
  const rem = remPx();
  // the list's box less its side padding (0.6 rem each side, ranking.css)
  const fit = rankingFit(rows.length, size.width - 1.2 * rem, size.height, rem);
  const scale = barScale(rows.map((r) => r.closureRate));
  return (
    <>
      <div className="ranking-head" style={{ gridTemplateColumns: `repeat(${fit.columns}, 1fr)`, fontSize: `${fit.fontPx}px` }}>
        {Array.from({ length: fit.columns }, (_, i) => `column-${i + 1}`).map((column) => (
          <div key={column} className="ranking-cols">
            <span />
            <span />
            <small>{t.rankingAxisFrom(Math.round(scale.from * 100))}</small>
            <small>{t.closureRateShort}</small>
            <small>{t.onTimeRateShort}</small>
          </div>
        ))}
      </div>
      <ol
        ref={box}
        className="ranking-list"
        style={{
          gridTemplateColumns: `repeat(${fit.columns}, 1fr)`,
          gridTemplateRows: `repeat(${fit.perColumn}, ${fit.rowPx}px)`,
          fontSize: `${fit.fontPx}px`,
        }}
      >
        {size.height > 0
          ? rows.slice(0, fit.shown).map((row, i) => (
              <li key={row.code} data-code={row.code} className={i < 3 ? 'is-top' : i >= rows.length - 3 ? 'is-bottom' : ''}>
                <span className="ranking-rank">{i + 1}</span>
                <span className="ranking-name">{regionName(row.code, names)}</span>
                <span className="ranking-bar">
                  <i style={{ width: `${scale.length(row.closureRate) * 100}%` }} />
                </span>
                <span className="ranking-rate">{pct(row.closureRate)}</span>
                <span className="ranking-ontime">{pct(row.onTimeRate)}</span>
              </li>
            ))
          : null}
      </ol>
    </>
  );
}

export function RankingPanel({ geo }: { geo: Geo }) {
  const ranking = useWallStore((s) => s.trends?.ranking ?? null);
  const names = useMemo(() => new Map(geo.regions.regions.map((r) => [r.code, r.name])), [geo.regions]);
  return (
    <section className="panel ranking-panel" data-testid="ranking">
      <h2 className="panel-title">
        {t.rankingTitle(ranking?.level ?? 'district')}
        <PanelRegion />
      </h2>
      {ranking && !ranking.rows.length ? (
        <p className="panel-empty">{t.rankingNone}</p>
      ) : ranking ? (
        <RankingRows rows={ranking.rows} names={names} />
      ) : (
        <p className="panel-empty">{t.waiting}</p>
      )}
    </section>
  );
}
