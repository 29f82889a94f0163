// The wall's scenes as big buttons (the current one lit), steps through them, and a reset.
import type { Scene } from '../../shared/wallControl.ts';
import { send } from './consoleCommands.ts';
import { ct } from './consoleMessages.ts';
import { useConsoleStore } from './consoleStore.ts';
import type { RegionIndex } from './regionIndex.ts';

/** What a scene does, in a few words under its name. */
function sceneNote(scene: Scene, regions: RegionIndex | null): string {
  const parts: string[] = [];
  if (scene.focus) parts.push(regions?.name(scene.focus) ?? scene.focus);
  if (scene.bounds) parts.push(ct.state.customBounds);
  if (scene.heatMetric) parts.push(ct.metricName[scene.heatMetric]);
  if (scene.spotlight) parts.push(`◎ ${scene.spotlight}`);
  if (scene.playback) parts.push(`▶ ${ct.seconds(scene.playback.seconds)}`);
  return parts.join(' · ');
}

export function ScenePad() {
  const scenes = useConsoleStore((s) => s.layout?.scenes ?? null);
  const current = useConsoleStore((s) => s.state?.scene ?? null);
  const regions = useConsoleStore((s) => s.regions);
  const pendingScene = useConsoleStore((s) => s.pending.findLast((p) => p.command.type === 'scene')?.command);
  const pendingId = pendingScene?.type === 'scene' ? pendingScene.scene : null;
  if (!scenes) return null;
  return (
    <section className="console-card scene-card" data-testid="scenes">
      <h2 className="card-title">
        {ct.scenes}
        {scenes.length > 1 ? (
          <span className="card-actions">
            <button type="button" className="cmd btn-small" aria-label={ct.sceneStep.prev} onClick={() => void send({ type: 'sceneStep', step: -1 })}>
              ‹
            </button>
            <button type="button" className="cmd btn-small" aria-label={ct.sceneStep.next} onClick={() => void send({ type: 'sceneStep', step: 1 })}>
              ›
            </button>
          </span>
        ) : null}
      </h2>
      {scenes.length === 0 ? <p className="card-empty">{ct.noScenes}</p> : null}
      <div className="scene-grid">
        {scenes.map((scene, i) => (
          <button
            key={scene.id}
            type="button"
            className={`cmd scene-btn${scene.id === current ? ' is-current' : ''}`}
            aria-pressed={scene.id === current}
            aria-busy={scene.id === pendingId}
            data-scene={scene.id}
            onClick={() => void send({ type: 'scene', scene: scene.id })}
          >
            <span className="scene-num">{i + 1}</span>
            <span className="scene-name">{scene.name}</span>
            <span className="scene-note">{sceneNote(scene, regions)}</span>
          </button>
        ))}
      </div>
      <button type="button" className="cmd btn-reset" data-testid="reset" title={ct.resetHint} onClick={() => void send({ type: 'reset' })}>
        {ct.reset}
      </button>
    </section>
  );
}
