// One wall screen: loads the geography, connects the socket, lays out the panels.
import { useEffect, useState } from 'react';
import { connectWall } from '../socket/wallSocket.ts';
import { loadGeo, type Geo } from '../geo/loadGeo.ts';
import { t } from '../i18n/messages.ts';
import { FeedStatusBanner, useFeedState } from '../components/FeedStatusBanner.tsx';
import { KpiStrip } from '../panels/kpis/KpiStrip.tsx';
import { MapPanel } from '../panels/map/MapPanel.tsx';
import { TickerPanel } from '../panels/ticker/TickerPanel.tsx';
import { WallClock } from './WallClock.tsx';
import { loadWallConfig, type WallConfig } from './wallConfig.ts';

/** `scope`: the region whose data this screen receives (a district or street wall); `focus`: where its map looks. */
export function WallScreen({ wall, screen, token, scope, focus }: { wall: string; screen: string; token: string; scope?: string; focus?: string }) {
  const [geo, setGeo] = useState<Geo | null>(null);
  const [config, setConfig] = useState<WallConfig | null>(null);
  const [geoError, setGeoError] = useState<string | null>(null);
  const feed = useFeedState();

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
    <div className={`wall wall-${feed.state}`} data-feed={feed.state}>
      <header className="wall-header">
        <h1>{t.title}</h1>
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
