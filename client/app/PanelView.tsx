// Draws one panel of the layout by its kind. Panels never import each other; the app composes them.
import type { PanelOnScreen } from '../../shared/wallLayout.ts';
import type { Geo } from '../geo/loadGeo.ts';
import type { FeedState } from '../components/FeedStatusBanner.tsx';
import { PanelRegion } from '../components/PanelRegion.tsx';
import { AlertsPanel } from '../panels/alerts/AlertsPanel.tsx';
import { KpiStrip } from '../panels/kpis/KpiStrip.tsx';
import { MapPanel } from '../panels/map/MapPanel.tsx';
import { StatusPanel } from '../panels/status/StatusPanel.tsx';
import { TickerPanel } from '../panels/ticker/TickerPanel.tsx';
import { TitlePanel } from '../panels/title/TitlePanel.tsx';
import { RankingPanel } from '../panels/trends/RankingPanel.tsx';
import { RisingPanel } from '../panels/trends/RisingPanel.tsx';
import { SourcesPanel } from '../panels/trends/SourcesPanel.tsx';
import { TrendPanel } from '../panels/trends/TrendPanel.tsx';

export interface ScreenContext {
  geo: Geo;
  mapStyleUrl?: string;
  title: string;
  wallName: string;
  screen: string;
  token: string;
  feed: FeedState;
  defaultFocus: string;
  interactive: boolean;
  /** Browser pixels per wall pixel; `unit`: 1 rem / 16 px. */
  scale: number;
  unit: number;
  /** The wall has a title panel, with the hall clock. */
  titleClock: boolean;
}

export function PanelView({ placed, ctx }: { placed: PanelOnScreen; ctx: ScreenContext }) {
  const { panel } = placed;
  switch (panel.kind) {
    case 'map':
      return (
        <MapPanel
          geo={ctx.geo}
          styleUrl={ctx.mapStyleUrl}
          config={panel}
          defaultFocus={panel.focus ?? ctx.defaultFocus}
          slice={{ rect: placed.rect, visible: placed.visible, primary: placed.primary, scale: ctx.scale }}
          unit={ctx.unit}
          interactive={ctx.interactive && placed.whole}
          token={ctx.token}
        />
      );
    case 'title':
      return <TitlePanel title={ctx.title} />;
    case 'kpis':
      return <KpiStrip />;
    case 'ticker':
      // the ticker's title line is its own (client/panels/ticker): the region sits over its corner
      return (
        <>
          <TickerPanel />
          <PanelRegion corner />
        </>
      );
    case 'trend':
      return <TrendPanel period={panel.period} />;
    case 'rising':
      return <RisingPanel geo={ctx.geo} />;
    case 'sources':
      return <SourcesPanel />;
    case 'ranking':
      return <RankingPanel geo={ctx.geo} />;
    case 'alerts':
      return <AlertsPanel geo={ctx.geo} live={ctx.feed === 'live'} />;
    case 'status':
      return <StatusPanel feed={ctx.feed} wallName={ctx.wallName} screen={ctx.screen} clock={!ctx.titleClock} />;
  }
}
