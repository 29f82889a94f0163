// Where the map is looking: 天津市 › 红桥区 › 丁字沽街道. On a desk each step is a way back up,
// and Esc goes up one level.
import { useEffect, useMemo } from 'react';
import { CITY_CODE, CITY_NAME, districtOf } from '../../../shared/regions.ts';
import type { Geo } from '../../geo/loadGeo.ts';
import { locale } from '../../i18n/messages.ts';

const LEVEL_LENGTHS = [6, 9, 12, 15];

export function regionTrail(geo: Geo, focus: string): { code: string; name: string }[] {
  const names = new Map(geo.regions.regions.map((r) => [r.code, r.name]));
  const trail = [{ code: CITY_CODE, name: locale === 'en' ? 'Tianjin' : CITY_NAME }];
  for (const n of LEVEL_LENGTHS) {
    if (focus.length < n) break;
    const code = focus.slice(0, n);
    const name = n === 6 && locale === 'en' ? districtOf(code)?.en : n === 15 ? geo.grids.grids.find((g) => g.code === code)?.name : names.get(code);
    trail.push({ code, name: name ?? code });
  }
  return trail;
}

export function RegionTrail({ geo, focus, interactive, onPick }: { geo: Geo; focus: string; interactive: boolean; onPick(code: string | null): void }) {
  const trail = useMemo(() => regionTrail(geo, focus), [geo, focus]);
  useEffect(() => {
    if (!interactive) return;
    const up = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && trail.length > 1) onPick(trail.length > 2 ? trail.at(-2)!.code : null);
    };
    window.addEventListener('keydown', up);
    return () => window.removeEventListener('keydown', up);
  }, [interactive, trail, onPick]);
  return (
    <nav className="region-trail" data-testid="region-trail">
      {trail.map((step, i) => (
        <span key={step.code}>
          {i > 0 ? <span className="trail-sep">›</span> : null}
          {interactive && i < trail.length - 1 ? (
            <button type="button" onClick={() => onPick(step.code === CITY_CODE ? null : step.code)}>
              {step.name}
            </button>
          ) : (
            <span className="trail-here">{step.name}</span>
          )}
        </span>
      ))}
    </nav>
  );
}
