// Drill down through the city: where the wall looks (a breadcrumb, each step a way back up), the
// regions one level below with their open cases (a tap frames one on the wall), search by name,
// and the small map. The list always shows what the wall shows: it follows the wall's focus.
import { useCallback, useMemo, useState } from 'react';
import { CITY_CODE } from '../../shared/regions.ts';
import type { Geo } from '../geo/loadGeo.ts';
import { regionCounts } from './consoleApi.ts';
import { usePolled } from './usePolled.ts';
import { send } from './consoleCommands.ts';
import { ct } from './consoleMessages.ts';
import { useConsoleStore } from './consoleStore.ts';
import { DrillMap } from './DrillMap.tsx';
import { KpiCard } from './KpiCard.tsx';
import { placeOf, type RegionEntry } from './regionIndex.ts';
import { wallView } from './wallView.ts';

/** Live counts are read again this often while the tab is open. */
const COUNTS_REFRESH_MS = 30_000;

export function RegionDrill({ geo, token }: { geo: Geo; token: string }) {
  const regions = useConsoleStore((s) => s.regions);
  const layout = useConsoleStore((s) => s.layout);
  const state = useConsoleStore((s) => s.state);
  const pendingFocus = useConsoleStore((s) => s.pending.findLast((p) => p.command.type === 'focus')?.command);
  const [query, setQuery] = useState('');
  const view = layout ? wallView(layout, state) : null;
  const focus = view?.focus ?? CITY_CODE;
  const defaultFocus = view?.defaultFocus ?? CITY_CODE;

  // a grid's counts come with its community's (which lists the grid beside its neighbours)
  const countsCode = focus.length === 15 ? focus.slice(0, 12) : focus;
  const counts = usePolled(`${countsCode}|${token}`, (signal) => regionCounts(countsCode, token, signal), COUNTS_REFRESH_MS);

  // the wall's own focus is "no focus": a reset and the breadcrumb's first step agree
  const focusOn = useCallback((code: string) => void send({ type: 'focus', region: code === defaultFocus ? null : code }), [defaultFocus]);
  const results = useMemo(() => (regions && query.trim() ? regions.search(query) : null), [regions, query]);
  if (!regions || !view) return null;
  const path = regions.path(focus);
  const here = path.at(-1);
  // at a grid, the other grids of its community: the presenter hops between them
  const atGrid = here?.level === 'grid';
  const listed = atGrid ? regions.children(here.parent!) : regions.children(focus);
  const countsOf = atGrid ? here.parent! : focus;
  const live = countsOf === countsCode ? counts : null;
  const pendingCode = pendingFocus?.type === 'focus' ? pendingFocus.region : undefined;

  const row = (e: RegionEntry, where?: string) => (
    <li key={e.code}>
      <button
        type="button"
        className={`cmd region-btn${e.code === focus ? ' is-here' : ''}`}
        data-region={e.code}
        aria-busy={pendingCode === e.code}
        aria-current={e.code === focus}
        onClick={() => focusOn(e.code)}
      >
        <span className="region-name">{e.name}</span>
        <span className="region-where">{where ?? ct.childCount(e.level, regions.children(e.code).length)}</span>
        {live?.childOpen.has(e.code) ? (
          <span className={`region-open${live.childOpen.get(e.code) ? '' : ' is-zero'}`}>{ct.openCases(live.childOpen.get(e.code)!)}</span>
        ) : null}
        <span className="region-go" aria-hidden>
          ›
        </span>
      </button>
    </li>
  );

  return (
    <section className="console-card drill-card" data-testid="region-drill">
      <nav className="breadcrumb" data-testid="breadcrumb" aria-label={ct.state.focus}>
        {view.customBounds ? <span className="crumb-note">{ct.state.customBounds}</span> : null}
        {path.map((step, i) => (
          <span key={step.code} className="crumb">
            {i > 0 ? (
              <span className="crumb-sep" aria-hidden>
                ›
              </span>
            ) : null}
            {i < path.length - 1 || view.customBounds ? (
              <button type="button" className="cmd crumb-btn" data-region={step.code} onClick={() => focusOn(step.code)}>
                {step.name}
              </button>
            ) : (
              <span className="crumb-here" data-testid="crumb-here">
                {step.name}
              </span>
            )}
          </span>
        ))}
      </nav>
      {live ? (
        <p className="drill-counts" data-testid="drill-counts">
          {ct.regionCounts(live.openCases.total, live.openCases.overdue, live.workers.online, live.workers.total)}
        </p>
      ) : null}
      <div className="drill-body">
        <DrillMap geo={geo} regions={regions} focus={focus} token={token} onDrill={focusOn} />
        <div className="drill-list">
          <input
            type="search"
            className="search-input"
            data-testid="region-search"
            placeholder={ct.searchRegion}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          {results ? (
            results.length ? (
              <ul className="region-list" data-testid="search-results">
                {results.map((e) => row(e, placeOf(regions, e.code)))}
              </ul>
            ) : (
              <p className="card-empty">{ct.noMatch}</p>
            )
          ) : (
            <>
              {here && here.level !== 'city' && path.length > 1 ? (
                <button type="button" className="cmd btn-up" data-testid="region-up" onClick={() => focusOn(path.at(-2)!.code)}>
                  ‹ {ct.upOneLevel}
                </button>
              ) : null}
              <h3 className="field-title">{atGrid ? ct.siblingGrids : here ? (ct.children[here.level] ?? '') : ''}</h3>
              {listed.length ? (
                <ul className="region-list" data-testid="region-children">
                  {listed.map((e) => row(e))}
                </ul>
              ) : (
                <p className="card-empty">{ct.gridLevel}</p>
              )}
            </>
          )}
        </div>
      </div>
      <KpiCard region={countsOf} token={token} />
    </section>
  );
}
