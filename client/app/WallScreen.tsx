// One screen of a wall: loads the wall's layout and the geography, connects the socket, and draws
// the panels (or the parts of panels) that fall on this screen. Sizes follow the wall's viewing
// distance (1 rem = body text), not browser breakpoints; a window smaller or larger than the
// configured screen shows the same picture scaled.
import { useEffect, useLayoutEffect, useMemo, useState, type CSSProperties } from 'react';
import { drilledRegion } from '../../shared/screenView.ts';
import { CITY_CODE, districtOf } from '../../shared/regions.ts';
import { panelsOnScreen, parseScreen, remPx, screenRect, screenSize, type WallLayout } from '../../shared/wallLayout.ts';
import { FeedStatusBanner, useFeedState } from '../components/FeedStatusBanner.tsx';
import { HistoryLoadingBanner } from '../components/HistoryLoadingBanner.tsx';
import { WallNotices } from '../components/PlaybackBanner.tsx';
import { RehearsalBanner } from '../components/RehearsalBanner.tsx';
import { loadGeo, type Geo } from '../geo/loadGeo.ts';
import { locale, t } from '../i18n/messages.ts';
import { connectWall, type WallFeed } from '../feed/wallFeed.ts';
import { PanelRegionScope, regionLabel } from '../components/PanelRegion.tsx';
import { useWallStore } from '../store/wallStore.ts';
import { accessRefusal } from '../i18n/accessRefusal.ts';
import { LayoutError, loadWallLayout } from '../api/wallLayout.ts';
import { loadWallConfig, type WallConfig } from './wallConfig.ts';
import { PanelView, type ScreenContext } from './PanelView.tsx';

/** Space between neighbouring panels, in rem (a spanning map runs on behind bezels without it). */
const GAP_REM = 0.25;

/** The name of a district or street wall's region (English district names with ?lang=en). */
function scopeName(geo: Geo | null, scope: string): string | null {
  if (!geo || scope === CITY_CODE) return null;
  const region = geo.regions.regions.find((r) => r.code === scope);
  if (!region) return null;
  const district = districtOf(scope);
  if (locale === 'en' && district) return region.level === 'district' ? district.en : `${district.en} ${region.name}`;
  return region.level === 'district' ? region.name : `${district?.name ?? ''}${region.name}`;
}

function useViewport() {
  const [size, setSize] = useState({ width: window.innerWidth, height: window.innerHeight });
  useEffect(() => {
    const onResize = () => setSize({ width: window.innerWidth, height: window.innerHeight });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return size;
}

export function WallScreen({
  wall,
  screen,
  token,
  scope: urlScope,
  focus: urlFocus,
}: {
  wall: string;
  screen: string;
  token: string;
  scope?: string;
  focus?: string;
}) {
  const [loaded, setLoaded] = useState<{ geo: Geo; config: WallConfig; layout: WallLayout } | null>(null);
  const [loadError, setLoadError] = useState<LayoutError | Error | null>(null);
  const viewport = useViewport();
  const feed = useFeedState();
  const held = useWallStore((s) => s.wallState);
  const drops = useWallStore((s) => s.feed.drops);
  const access = useWallStore((s) => s.access);
  const rehearsal = useWallStore((s) => s.rehearsal?.name ?? null);
  const localFocus = useWallStore((s) => s.focus);
  const [connection, setConnection] = useState<WallFeed | null>(null);

  useEffect(() => {
    Promise.all([loadGeo(), loadWallConfig(), loadWallLayout(wall, token)]).then(
      ([geo, config, layout]) => setLoaded({ geo, config, layout }),
      (err: Error) => setLoadError(err),
    );
  }, [wall, token]);

  const layout = loaded?.layout;
  const place = layout ? parseScreen(layout, screen) : null;
  const size = layout ? screenSize(layout, viewport) : viewport;
  const scale = layout && !layout.fluid ? Math.min(viewport.width / size.width, viewport.height / size.height) : 1;
  const rem = layout ? remPx(layout) * scale : 16;
  const scope = urlScope ?? layout?.scope ?? CITY_CODE;
  const defaultFocus = urlFocus ?? layout?.focus ?? scope;
  // where the map looks (a desk's click-through, else the wall's frame, else the configured focus), as a district or street inside this screen's region
  const heldFrame = held?.frame;
  const drilled = drilledRegion(localFocus ?? (heldFrame ? ('focus' in heldFrame ? heldFrame.focus : null) : defaultFocus), scope);
  const drillScope = layout?.drillScope ?? false;
  const regions = loaded?.geo.regions.regions;
  const regionScope = useMemo(
    () => ({ scope, drilled: drilled !== null, name: (code: string) => regionLabel(regions ?? [], code) }),
    [scope, drilled, regions],
  );

  useLayoutEffect(() => {
    document.documentElement.style.fontSize = `${rem}px`;
  }, [rem]);

  useEffect(() => {
    if (!loaded || !place) return;
    const { geo } = loaded;
    const connection = connectWall(
      { token, wall, screen, ...(scope !== CITY_CODE && { scope }) },
      { version: geo.grids.version, gridCount: geo.grids.grids.length },
      { keyboard: loaded.layout.keyboard },
    );
    setConnection(connection);
    return () => {
      setConnection(null);
      connection.dispose();
    };
  }, [loaded, token, wall, screen, scope, place !== null]);

  // a layout with drillScope: the KPIs and alerts follow the drill-down (the server sends the region's)
  useEffect(() => {
    if (connection && drillScope) connection.view(drilled);
  }, [connection, drillScope, drilled]);

  const problem =
    loadError?.message ??
    (layout && !place ? `screen ${screen} is not on wall ${layout.id}: its screens are 1-1 to ${layout.screens.rows}-${layout.screens.cols}` : null);
  // a key revoked or refused: nothing of the wall stays on the screen, only why
  const loadRefusal = loadError instanceof LayoutError ? accessRefusal(loadError.refusal) : null;
  const refused = access ?? (loadRefusal ? { ended: false, text: loadRefusal } : null);
  if (refused) {
    return (
      <div className="wall wall-access" data-testid="access-ended" data-ended={refused.ended}>
        <div className="access-box" role="alert">
          <h1>{refused.ended ? t.accessEndedTitle : t.accessRefusedTitle}</h1>
          <p>{refused.text}</p>
        </div>
      </div>
    );
  }
  if (!loaded || !layout || !place) {
    return (
      <div className="wall wall-loading" data-feed="connecting">
        {problem ? (
          <div className="feed-banner feed-lost" data-testid="wall-error">
            {problem}
          </div>
        ) : (
          <div className="feed-banner feed-connecting">{t.connecting}</div>
        )}
      </div>
    );
  }

  const origin = screenRect(layout, place.row, place.col, size);
  const region = scopeName(loaded.geo, scope);
  const title = region ? t.scopedTitle(region) : t.title;
  const ctx: ScreenContext = {
    geo: loaded.geo,
    mapStyleUrl: loaded.config.mapStyleUrl ?? undefined,
    title,
    wallName: layout.name,
    screen,
    token,
    feed: feed.state,
    defaultFocus,
    interactive: layout.interactive,
    scale,
    unit: rem / 16,
    // one clock a wall: where the wall has a title (with the hall clock), its status panels have none
    titleClock: layout.panels.some((p) => p.kind === 'title'),
  };
  const style: CSSProperties = { width: size.width * scale, height: size.height * scale };
  return (
    <div
      className={`wall wall-${feed.state}${layout.interactive ? ' wall-interactive' : ''}${held?.playback ? ' wall-playback' : ''}${rehearsal ? ' wall-rehearsal' : ''} locale-${locale}`}
      data-feed={feed.state}
      data-feed-drops={drops}
      data-wall={layout.id}
      data-screen={screen}
      data-scene={held?.scene ?? ''}
      data-state-version={held?.version ?? 0}
      data-playback={held?.playback ? 'on' : 'off'}
      data-rehearsal={rehearsal ?? ''}
      style={style}
    >
      <PanelRegionScope value={regionScope}>
        {panelsOnScreen(layout, place.row, place.col, size).map((placed) => {
          const { visible, panel } = placed;
          const gap = panel.kind === 'map' ? 0 : GAP_REM * rem; // a map slice fills its part exactly: the slices must meet
          const slot: CSSProperties = {
            left: (visible.left - origin.left) * scale,
            top: (visible.top - origin.top) * scale,
            width: visible.width * scale,
            height: visible.height * scale,
            padding: gap,
          };
          return (
            <div key={panel.id} className={`panel-slot slot-${panel.kind}`} style={slot} data-panel={panel.id}>
              <PanelView placed={placed} ctx={ctx} />
            </div>
          );
        })}
      </PanelRegionScope>
      <WallNotices />
      <RehearsalBanner />
      {feed.state === 'live' ? <HistoryLoadingBanner /> : <FeedStatusBanner feed={feed} />}
    </div>
  );
}
