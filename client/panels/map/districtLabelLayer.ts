// District names in Chinese, drawn by deck.gl from a local font (no glyph server needed). At city
// zoom the six small central districts would overlap, so they share one label until zoomed in.
import { TextLayer } from '@deck.gl/layers';
import { CITY_CENTRAL_DISTRICTS, districtOf } from '../../../shared/regions.ts';
import { locale } from '../../i18n/messages.ts';
import type { DistrictCollection } from '../../geo/loadGeo.ts';

type Label = { name: string; position: [number, number] };

/** Below this zoom the central districts are labelled together. */
export const CENTRAL_LABEL_ZOOM = 10;
const CENTRAL_LABEL = locale === 'en' ? 'Centre' : '市内六区';

export function districtLabels(districts: DistrictCollection, showCentralDistricts: boolean): Label[] {
  const name = (code: string, zh: string) => (locale === 'en' ? (districtOf(code)?.en ?? zh) : zh);
  const all = districts.features.map((f) => ({ code: f.properties.code, name: name(f.properties.code, f.properties.name), position: f.properties.center }));
  if (showCentralDistricts) return all;
  const central = all.filter((l) => CITY_CENTRAL_DISTRICTS.has(l.code));
  const mean = (k: 0 | 1) => central.reduce((s, l) => s + l.position[k], 0) / central.length;
  return [...all.filter((l) => !CITY_CENTRAL_DISTRICTS.has(l.code)), { name: CENTRAL_LABEL, position: [mean(0), mean(1)] }];
}

export function districtLabelLayer(labels: Label[], fontSize: number) {
  return new TextLayer<Label>({
    id: 'district-labels',
    data: labels,
    getText: (d) => d.name,
    getPosition: (d) => d.position,
    characterSet: [...new Set(labels.flatMap((l) => [...l.name]))],
    fontFamily: '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif',
    fontWeight: 600,
    getSize: fontSize,
    getColor: [200, 225, 255, 230],
    outlineWidth: 3,
    outlineColor: [3, 9, 20, 255],
    fontSettings: { sdf: true },
  });
}
