// A live miniature of the wall: its screens (rows x columns, bezels to scale), each panel's box and
// kind, each screen marked connected or not, and what the wall shows now written on it.
import type { CSSProperties } from 'react';
import { panelRect, screenIds, screenRect, type Rect, type WallLayout } from '../../shared/wallLayout.ts';
import { ct } from './consoleMessages.ts';
import { t } from '../i18n/messages.ts';
import { useConsoleStore } from './consoleStore.ts';
import { PlayClock } from './PlayClock.tsx';
import { wallView, type WallView } from './wallView.ts';

function wallSize(layout: WallLayout) {
  const { rows, cols, width, height, bezel } = layout.screens;
  return { width: cols * width + (cols - 1) * bezel.x, height: rows * height + (rows - 1) * bezel.y };
}

const pct = (r: Rect, size: { width: number; height: number }): CSSProperties => ({
  left: `${(r.left / size.width) * 100}%`,
  top: `${(r.top / size.height) * 100}%`,
  width: `${(r.width / size.width) * 100}%`,
  height: `${(r.height / size.height) * 100}%`,
});

export function WallMiniature() {
  const layout = useConsoleStore((s) => s.layout);
  const state = useConsoleStore((s) => s.state);
  const screens = useConsoleStore((s) => s.screens);
  const regions = useConsoleStore((s) => s.regions);
  // without the server the console cannot know the wall: say so rather than show what it last knew
  const stale = useConsoleStore((s) => s.status !== 'connected');
  if (!layout) return null;
  const size = wallSize(layout);
  const view = wallView(layout, state);
  const online = new Map(screens.map((s) => [s.screen, s.connected]));
  const ids = screenIds(layout);
  const onlineCount = ids.filter((id) => (online.get(id) ?? 0) > 0).length;
  const sceneName = view.scene ? (layout.scenes.find((s) => s.id === view.scene)?.name ?? view.scene) : null;
  const focusName = view.customBounds
    ? ct.state.customBounds
    : view.focus
      ? (regions
          ?.path(view.focus)
          .map((e) => e.name)
          .join(' › ') ?? view.focus)
      : ct.state.none;
  return (
    <section className="console-card miniature-card" data-testid="wall-miniature">
      <h2 className="card-title">
        {ct.wallPreview}
        <span className={`card-aside${stale || onlineCount < ids.length ? ' is-alert' : ''}`} data-testid="screens-online">
          {stale ? ct.screensUnknown : ct.screensOnline(onlineCount, ids.length)}
        </span>
      </h2>
      <div className={`miniature${stale ? ' is-stale' : ''}`} style={{ aspectRatio: `${size.width} / ${size.height}` }} data-current-scene={view.scene ?? ''}>
        {ids.map((id) => {
          const [row, col] = id.split('-').map(Number) as [number, number];
          const n = online.get(id) ?? 0;
          return <div key={id} className={`mini-screen${n > 0 ? ' is-online' : ' is-offline'}`} style={pct(screenRect(layout, row, col), size)} />;
        })}
        {layout.panels.map((p) => (
          <div key={p.id} className={`mini-panel mini-${p.kind}`} style={pct(panelRect(layout, p), size)}>
            <span className="mini-kind">{t.panelKind[p.kind]}</span>
            {p.kind === 'map' ? <MapState view={view} focusName={focusName} /> : null}
            {p.kind === 'trend' ? <span className="mini-note">{ct.period[view.trendPeriod]}</span> : null}
            {p.kind === 'title' && sceneName ? <span className="mini-note">{sceneName}</span> : null}
          </div>
        ))}
        {ids.map((id) => {
          const [row, col] = id.split('-').map(Number) as [number, number];
          const n = online.get(id) ?? 0;
          return (
            <div
              key={id}
              className={`mini-screen-label${n > 0 ? ' is-online' : ' is-offline'}`}
              style={pct(screenRect(layout, row, col), size)}
              data-screen={id}
              data-connected={n > 0}
            >
              <span>
                {id} · {n > 0 ? ct.screenOnline(n) : ct.screenOffline}
              </span>
            </div>
          );
        })}
      </div>
      <dl className="state-list" data-testid="wall-state">
        <div>
          <dt>{ct.state.scene}</dt>
          <dd data-testid="state-scene">{sceneName ?? ct.state.none}</dd>
        </div>
        <div>
          <dt>{ct.state.focus}</dt>
          <dd data-testid="state-focus">{focusName}</dd>
        </div>
        <div>
          <dt>{ct.state.metric}</dt>
          <dd>{ct.metricName[view.heatMetric]}</dd>
        </div>
        <div>
          <dt>{ct.state.layers}</dt>
          <dd>{`${ct.density} ${view.density ? ct.on : ct.off} · ${ct.workers} ${view.workers ? ct.on : ct.off}`}</dd>
        </div>
        <div>
          <dt>{ct.state.trend}</dt>
          <dd>{ct.period[view.trendPeriod]}</dd>
        </div>
        <div>
          <dt>{ct.state.spotlight}</dt>
          <dd data-testid="state-spotlight">{view.spotlight ?? ct.state.none}</dd>
        </div>
        <div>
          <dt>{ct.state.playback}</dt>
          <dd>{view.playback ? <PlayClock clock={view.playback} /> : ct.live}</dd>
        </div>
      </dl>
    </section>
  );
}

function MapState({ view, focusName }: { view: WallView; focusName: string }) {
  return (
    <span className="mini-map-state">
      <span className="mini-focus">{focusName}</span>
      <span className="mini-note">{ct.metricName[view.heatMetric]}</span>
      {view.spotlight ? <span className="mini-badge badge-spotlight">◎ {view.spotlight}</span> : null}
      {view.playback ? (
        <span className="mini-badge badge-playback">
          ▶ <PlayClock clock={view.playback} />
        </span>
      ) : null}
    </span>
  );
}
