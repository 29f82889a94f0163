// Region names in Chinese, drawn by deck.gl from a local font (no glyph server needed): districts
// always, streets from street zoom, communities when a street fills the screen. At city zoom the
// six small central districts would overlap, so they share one label until zoomed in; district
// names that would still collide give way by rank (declutter: 西青区 to 市内六区), street and
// community names to one another (CollisionFilterExtension).
import { CollisionFilterExtension, type CollisionFilterExtensionProps } from '@deck.gl/extensions';
import { TextLayer } from '@deck.gl/layers';
import type { RegionRecord } from '../../../shared/geoDataset.ts';
import { CITY_CENTRAL_DISTRICTS, districtOf } from '../../../shared/regions.ts';
import { locale } from '../../i18n/messages.ts';
import type { DistrictCollection } from '../../geo/loadGeo.ts';

export type Label = { name: string; position: [number, number]; priority: number };

/** Below this zoom the central districts are labelled together. */
export const CENTRAL_LABEL_ZOOM = 10;
export const STREET_LABEL_ZOOM = 10.5;
export const COMMUNITY_LABEL_ZOOM = 14;
const CENTRAL_LABEL = locale === 'en' ? 'Centre' : '市内六区';
const FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';

export function districtLabels(districts: DistrictCollection, showCentralDistricts: boolean): Label[] {
  const name = (code: string, zh: string) => (locale === 'en' ? (districtOf(code)?.en ?? zh) : zh);
  const all = districts.features.map((f) => ({
    code: f.properties.code,
    name: name(f.properties.code, f.properties.name),
    position: f.properties.center,
    priority: 50,
  }));
  if (showCentralDistricts) return all;
  const central = all.filter((l) => CITY_CENTRAL_DISTRICTS.has(l.code));
  const mean = (k: 0 | 1) => central.reduce((s, l) => s + l.position[k], 0) / central.length;
  // the centre's label wins a collision with a neighbour's (西青区 gives way to 市内六区)
  return [...all.filter((l) => !CITY_CENTRAL_DISTRICTS.has(l.code)), { name: CENTRAL_LABEL, position: [mean(0), mean(1)], priority: 100 }];
}

/** A label's box on screen, centred on its point: its characters at `sizePx`, plus the outline. */
function labelBox(label: Label, at: [number, number], sizePx: number) {
  const w = [...label.name].length * sizePx + sizePx * 0.6;
  const h = sizePx * 1.4;
  return { left: at[0] - w / 2, right: at[0] + w / 2, top: at[1] - h / 2, bottom: at[1] + h / 2 };
}

/**
 * District labels that would overlap give way by rank, decided here rather than on the GPU: the
 * labels that stay are those whose boxes (at `sizePx`, projected by `project`) overlap no label of
 * higher priority kept before them. Deterministic, so every screen of a spanning map keeps the same.
 */
export function declutter(labels: Label[], project: (position: [number, number]) => [number, number], sizePx: number): Label[] {
  const kept: { label: Label; box: ReturnType<typeof labelBox> }[] = [];
  for (const label of [...labels].sort((a, b) => b.priority - a.priority)) {
    const box = labelBox(label, project(label.position), sizePx);
    if (!kept.some((k) => box.left < k.box.right && box.right > k.box.left && box.top < k.box.bottom && box.bottom > k.box.top)) kept.push({ label, box });
  }
  return labels.filter((l) => kept.some((k) => k.label === l));
}

/** The district labels' size in pixels for a wall's type scale. */
export const districtLabelPx = (unit: number) => STYLE.district.size * unit;

/** Labels of one level of the region tree; a larger place wins a collision. */
export function regionLabels(regions: readonly RegionRecord[], level: 'street' | 'community'): Label[] {
  return regions.filter((r) => r.level === level).map((r, i) => ({ name: r.name, position: r.center, priority: r.kind === 'village' ? -1 : -(i % 7) }));
}

const STYLE = {
  district: { size: 13, weight: 600, color: [200, 225, 255, 230], atlasPx: 64 },
  street: { size: 12, weight: 600, color: [180, 215, 255, 235], atlasPx: 48 },
  // some 1,500 distinct characters: a smaller atlas keeps the texture within software GL's limits
  community: { size: 11, weight: 400, color: [125, 165, 215, 205], atlasPx: 32 },
} as const;

/** `unit`: the wall's type scale (1 rem / 16 px), so labels read at the hall's distance. */
export function regionLabelLayer(level: keyof typeof STYLE, labels: Label[], visible = true, unit = 1) {
  const style = STYLE[level];
  return new TextLayer<Label, CollisionFilterExtensionProps<Label>>({
    id: `${level}-labels`,
    data: labels,
    visible,
    getText: (d) => d.name,
    getPosition: (d) => d.position,
    characterSet: [...new Set(labels.flatMap((l) => [...l.name]))],
    fontFamily: FONT,
    fontWeight: style.weight,
    getSize: style.size * unit,
    getColor: [...style.color],
    outlineWidth: 3,
    outlineColor: [3, 9, 20, 255],
    fontSettings: { sdf: true, fontSize: style.atlasPx, buffer: Math.round(style.atlasPx / 16) },
    // districts are decluttered beforehand (declutter); streets and communities give way to one
    // another on the GPU
    ...(level === 'district'
      ? {}
      : { extensions: [new CollisionFilterExtension()], getCollisionPriority: (d: Label) => d.priority, collisionTestProps: { sizeScale: 1.4 } }),
  });
}
