// The index page: every wall this server knows, a miniature of its layout, and each screen's URL
// (open one per screen computer, full-screen).
import { useEffect, useState } from 'react';
import type { PanelKind } from '../../shared/wallLayout.ts';
import { localName } from '../i18n/localName.ts';
import { locale, t } from '../i18n/messages.ts';

interface WallSummary {
  id: string;
  name: string;
  rows: number;
  cols: number;
  width: number;
  height: number;
  fluid: boolean;
  screens: { screen: string; path: string }[];
  panels: { id: string; kind: string; x: number; y: number; w: number; h: number }[];
}

/** The miniature's width: 14 rem a 16:9 screen, wider for wider screens, at most 40 rem. */
const miniatureWidthRem = (w: WallSummary) => Math.min(40, w.cols * 14 * Math.max(1, w.width / w.height / (16 / 9)));
/** A panel's name shows where its box is this tall (0.7 rem type and its padding). */
const LABEL_REM = 1.2;

/** A panel's box on the miniature, in % of the wall (bezels left out: a sketch, not a plan). */
const box = (p: WallSummary['panels'][number], w: WallSummary) => ({
  left: `${(p.x / w.cols) * 100}%`,
  top: `${(p.y / w.rows) * 100}%`,
  width: `${(p.w / w.cols) * 100}%`,
  height: `${(p.h / w.rows) * 100}%`,
});

export function WallIndex({ token }: { token: string }) {
  const [walls, setWalls] = useState<WallSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!token) return;
    fetch('/api/v1/walls', { headers: { authorization: `Bearer ${token}` } })
      .then(async (res) => {
        const body = await res.json();
        if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
        setWalls((body as { walls: WallSummary[] }).walls);
      })
      .catch((err: Error) => setError(err.message));
  }, [token]);
  const withToken = (path: string) => `${path}&token=${encodeURIComponent(token)}`;
  return (
    <div className="wall-index" data-testid="wall-index">
      <h1>
        {t.appName} · {t.wallsTitle}
      </h1>
      {!token ? <p>{t.wallsNeedToken}</p> : null}
      {error ? <p className="index-error">{error}</p> : null}
      {walls?.map((w) => {
        const widthRem = miniatureWidthRem(w);
        const heightRem = (widthRem * w.rows * w.height) / (w.cols * w.width);
        return (
          <section key={w.id} className="index-wall" data-wall={w.id}>
            <h2>{localName(w.name, locale)}</h2>
            <p className="index-meta">
              <code>/wall/{w.id}</code> · {t.gridSize(w.rows, w.cols)} · {w.fluid ? t.fluidScreen : `${w.width}×${w.height}`}
            </p>
            <div
              className="index-miniature"
              style={{
                width: `${widthRem}rem`,
                aspectRatio: `${w.cols * w.width} / ${w.rows * w.height}`,
              }}
            >
              {w.panels.map((p) => (
                // a strip too thin for its name (a title row) keeps it in the tooltip, not cut in half
                <span key={p.id} className={`index-panel index-${p.kind}`} style={box(p, w)} title={t.panelKind[p.kind as PanelKind] ?? p.kind}>
                  {(p.h / w.rows) * heightRem >= LABEL_REM ? (t.panelKind[p.kind as PanelKind] ?? p.kind) : null}
                </span>
              ))}
              <div className="index-screens" style={{ gridTemplateColumns: `repeat(${w.cols}, 1fr)`, gridTemplateRows: `repeat(${w.rows}, 1fr)` }}>
                {w.screens.map((s) => (
                  <a key={s.screen} href={withToken(s.path)} title={s.path}>
                    {s.screen}
                  </a>
                ))}
              </div>
            </div>
          </section>
        );
      })}
    </div>
  );
}
