// District names in Chinese, drawn by deck.gl from a local font (no glyph server needed). Where
// the small central districts crowd together, the collision filter keeps labels from overlapping.
import { CollisionFilterExtension } from '@deck.gl/extensions';
import { TextLayer } from '@deck.gl/layers';
import type { DistrictCollection } from '../../geo/loadGeo.ts';

type Label = { name: string; position: [number, number] };

export function districtLabelLayer(districts: DistrictCollection, fontSize: number) {
  const labels: Label[] = districts.features.map((f) => ({ name: f.properties.name, position: f.properties.center }));
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
    extensions: [new CollisionFilterExtension()],
  });
}
