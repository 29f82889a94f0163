// The tags of a panel's title line: the moment played back while the wall plays back (PlaybackTag),
// and which region a panel covers whenever the wall's map is drilled down (or framed)
// narrower than the screen's own region: "全市" beside a city-wide trend while the map shows 红桥区,
// "红桥区丁字沽街道" beside KPIs that follow the drill-down (layout `drillScope`). The screen says
// once (PanelRegionScope) whether it is drilled and how to name a region; a panel names what its
// data cover: the region its figures came with, or the screen's scope.
import { createContext, useContext, type ReactNode } from 'react';
import { CITY_CODE, districtOf } from '../../shared/regions.ts';
import { locale, t } from '../i18n/messages.ts';
import { useWallStore } from '../store/wallStore.ts';
import { PlaybackTag } from './PlaybackBanner.tsx';
import './PanelRegion.css';

interface RegionScope {
  /** The screen's own region: what a panel that does not follow the drill-down covers. */
  scope: string;
  /** The map shows a region narrower than the screen's: every panel says which it covers. */
  drilled: boolean;
  name(code: string): string;
}

const Scope = createContext<RegionScope | null>(null);

export function PanelRegionScope({ value, children }: { value: RegionScope; children: ReactNode }) {
  return <Scope.Provider value={value}>{children}</Scope.Provider>;
}

/** A region's name as a duty leader says it: 全市, 红桥区, 红桥区丁字沽街道. */
export function regionLabel(regions: readonly { code: string; name: string }[], code: string): string {
  if (code === CITY_CODE) return t.wholeCity;
  const district = districtOf(code.slice(0, 6));
  const districtName = (locale === 'en' ? district?.en : district?.name) ?? code.slice(0, 6);
  if (code.length === 6) return districtName;
  const street = regions.find((r) => r.code === code.slice(0, 9))?.name ?? code;
  return locale === 'en' ? `${districtName} ${street}` : `${districtName}${street}`;
}

/** The name of the region a panel covers (`code`: its data's region, else the screen's scope), or null while the wall is not drilled down. */
export function usePanelRegion(code?: string | null): { code: string; text: string; narrower: boolean } | null {
  const scope = useContext(Scope);
  if (!scope?.drilled) return null;
  const region = code ?? scope.scope;
  return { code: region, text: scope.name(region), narrower: region.length > scope.scope.length };
}

/**
 * The region aside of a panel's title line (nothing while the wall is not drilled down). `corner`:
 * placed over the top right corner of the panel's slot, for a panel whose own title line does not hold it.
 */
export function PanelRegion({ code, corner = false }: { code?: string | null; corner?: boolean }) {
  const region = usePanelRegion(code);
  const playing = useWallStore((s) => s.wallState?.playback != null);
  if (!region && !playing) return null;
  return (
    <span className={`panel-tags${corner ? ' panel-region-corner' : ''}`}>
      <PlaybackTag />
      {region ? (
        <span className={`panel-region${region.narrower ? ' is-drilled' : ''}`} data-testid="panel-region" data-region={region.code}>
          {region.text}
        </span>
      ) : null}
    </span>
  );
}
