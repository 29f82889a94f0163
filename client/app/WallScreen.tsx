// One wall screen: loads the geography, connects the socket, lays out the panels.
import { useEffect, useState, type CSSProperties } from 'react';
import { connectWall } from '../socket/wallSocket.ts';
import { loadGeo, type Geo } from '../geo/loadGeo.ts';
import { locale, t } from '../i18n/messages.ts';
import { CITY_CODE, districtOf } from '../../shared/regions.ts';
import { FeedStatusBanner, dataAsOf, useFeedState } from '../components/FeedStatusBanner.tsx';
import { useWallStore } from '../store/wallStore.ts';
import { KpiStrip } from '../panels/kpis/KpiStrip.tsx';
import { MapPanel } from '../panels/map/MapPanel.tsx';
import { TickerPanel } from '../panels/ticker/TickerPanel.tsx';
import { WallClock } from './WallClock.tsx';
import { loadWallConfig, type WallConfig } from './wallConfig.ts';

/** `scope`: the region whose data this screen receives (a district or street wall); `focus`: where its map looks. */
/** The name of a district or street wall's region (English district names with ?lang=en). */
function scopeName(geo: Geo | null, scope: string | undefined): string | null {
  if (!geo || !scope || scope === CITY_CODE) return null;
  const region = geo.regions.regions.find((r) => r.code === scope);
  if (!region) return null;
  const district = districtOf(scope);
  if (locale === 'en' && district) return region.level === 'district' ? district.en : `${district.en} ${region.name}`;
  return region.level === 'district' ? region.name : `${districtOf(scope)?.name ?? ''}${region.name}`;
}

export function WallScreen({ wall, screen, token, scope, focus }: { wall: string; screen: string; token: string; scope?: string; focus?: string }) {
  const [geo, setGeo] = useState<Geo | null>(null);
  const [config, setConfig] = useState<WallConfig | null>(null);
  const [geoError, setGeoError] = useState<string | null>(null);
  const feed = useFeedState();
  const lastMessageAt = useWallStore((s) => s.lastMessageAt);
  const clockOffsetMs = useWallStore((s) => s.clockOffsetMs);
  const asOf = dataAsOf(feed, lastMessageAt, clockOffsetMs);

  useEffect(() => {
    Promise.all([loadGeo(), loadWallConfig()]).then(([g, c]) => {
      setConfig(c);
      setGeo(g);
    }, (err: Error) => setGeoError(err.message));
  }, []);

  useEffect(() => {
    if (!geo) return;
    const socket = connectWall({ token, wall, screen, ...(scope && { scope }) }, { version: geo.grids.version, gridCount: geo.grids.grids.length });
    return () => {
      socket.disconnect();
    };
  }, [geo, token, wall, screen, scope]);

  return (
    <div className={`wall wall-${feed.state}`} data-feed={feed.state} style={asOf ? ({ '--as-of': JSON.stringify(asOf) } as CSSProperties) : undefined}>
      <header className="wall-header">
        <h1 data-testid="wall-title">{scopeName(geo, scope) ? t.scopedTitle(scopeName(geo, scope)!) : t.title}</h1>
        <WallClock />
      </header>
      <FeedStatusBanner feed={feed} />
      {geoError ? <div className="feed-banner feed-lost">{geoError}</div> : null}
      <KpiStrip />
      <main className="wall-main">
        {geo && config ? <MapPanel geo={geo} styleUrl={config.mapStyleUrl ?? undefined} focus={focus} /> : <section className="panel map-panel" />}
        <TickerPanel />
      </main>
    </div>
  );
}
