// The presenter console (/console/<wall>?token=<presenter token>): a tablet or laptop that walks a
// delegation through the wall. It loads the wall's layout and the geography, connects to the
// wall's console channel, and composes the sections: the header, the wall's miniature and scenes
// always in view, and tabs for drilling down, display, a case, playback and the history.
import { useEffect, useState } from 'react';
import { loadGeo, type Geo } from '../geo/loadGeo.ts';
import { loadWallLayout } from '../api/wallLayout.ts';
import { CaseSpotlight } from './CaseSpotlight.tsx';
import { CommandHistory, NAME_KEY } from './CommandHistory.tsx';
import { CommandNotice } from './CommandNotice.tsx';
import { ConsoleHeader } from './ConsoleHeader.tsx';
import { useConsoleKeys } from './consoleKeys.ts';
import { ct, locale, type ConsoleTab } from './consoleMessages.ts';
import { connectConsole } from './consoleSocket.ts';
import { useConsoleStore } from './consoleStore.ts';
import { DisplayControls } from './DisplayControls.tsx';
import { PlaybackControls } from './PlaybackControls.tsx';
import { buildRegionIndex } from './regionIndex.ts';
import { RegionDrill } from './RegionDrill.tsx';
import { RehearsalBanner, RehearsalControls } from './RehearsalControls.tsx';
import { ScenePad } from './ScenePad.tsx';
import { WallMiniature } from './WallMiniature.tsx';
import { shanghaiClock } from '../../shared/shanghaiTime.ts';
import '../styles/console.css';

const TABS: ConsoleTab[] = ['regions', 'display', 'cases', 'playback', 'rehearsal', 'history'];

function storedName(): string {
  try {
    return localStorage.getItem(NAME_KEY) ?? '';
  } catch {
    return '';
  }
}

export function PresenterConsole({ wall, token, name }: { wall: string; token: string; name?: string }) {
  const [geo, setGeo] = useState<Geo | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const layoutLoaded = useConsoleStore((s) => s.layoutLoaded);
  const status = useConsoleStore((s) => s.status);
  const error = useConsoleStore((s) => s.error);
  const lostSince = useConsoleStore((s) => s.lostSince);
  const tab = useConsoleStore((s) => s.tab);
  const setTab = useConsoleStore((s) => s.setTab);
  const playing = useConsoleStore((s) => s.state?.playback != null);
  const rehearsing = useConsoleStore((s) => s.rehearsal?.active != null);
  useConsoleKeys();

  useEffect(() => {
    document.title = `${ct.consoleTitle} · ${wall}`;
    document.documentElement.lang = locale;
    useConsoleStore.getState().setPresenterName(name?.trim() || storedName() || ct.defaultName);
  }, [wall, name]);

  useEffect(() => {
    if (!token) return;
    Promise.all([loadWallLayout(wall, token), loadGeo()]).then(
      ([layout, g]) => {
        layoutLoaded(layout, buildRegionIndex(g.regions, g.grids));
        setGeo(g);
      },
      (err: Error) => setLoadError(err.message),
    );
    return connectConsole({ token, wall });
  }, [wall, token, layoutLoaded]);

  if (!token)
    return (
      <div className="console console-message">
        <p>{ct.needToken}</p>
      </div>
    );

  const offline = status !== 'connected';
  return (
    <div className={`console${offline ? ' console-offline' : ''}`} data-testid="console" data-status={status} data-tab={tab}>
      <ConsoleHeader token={token} />
      {status === 'refused' ? (
        <div className="console-banner banner-refused" data-testid="console-error" role="alert">
          {ct.refused(error ?? '')}
        </div>
      ) : status === 'lost' ? (
        <div className="console-banner banner-lost" data-testid="console-lost" role="alert">
          {ct.lostSince(shanghaiClock(lostSince ?? Date.now()))}
        </div>
      ) : null}
      {loadError ? (
        <div className="console-banner banner-refused" data-testid="console-load-error" role="alert">
          {loadError}
        </div>
      ) : null}
      <RehearsalBanner />
      <CommandNotice />
      {!geo ? (
        <p className="console-loading">{loadError ? null : ct.loading}</p>
      ) : (
        <main className="console-main">
          <div className="console-wall">
            <WallMiniature />
            <ScenePad />
          </div>
          <div className="console-work">
            <div className="tabs" role="tablist">
              {TABS.map((id) => (
                <button
                  key={id}
                  type="button"
                  role="tab"
                  className={`tab${tab === id ? ' is-on' : ''}${id === 'playback' && playing ? ' is-playing' : ''}${id === 'rehearsal' && rehearsing ? ' is-rehearsing' : ''}`}
                  aria-selected={tab === id}
                  data-tab={id}
                  onClick={() => setTab(id)}
                >
                  {ct.tabs[id]}
                </button>
              ))}
            </div>
            <div className="tab-body" role="tabpanel">
              {/* kept mounted: its map is slow to build again on a tablet */}
              <div hidden={tab !== 'regions'}>
                <RegionDrill geo={geo} token={token} />
              </div>
              {tab === 'display' ? <DisplayControls /> : null}
              {tab === 'cases' ? <CaseSpotlight token={token} /> : null}
              {tab === 'playback' ? <PlaybackControls /> : null}
              {tab === 'rehearsal' ? <RehearsalControls /> : null}
              {tab === 'history' ? <CommandHistory /> : null}
            </div>
          </div>
        </main>
      )}
    </div>
  );
}
