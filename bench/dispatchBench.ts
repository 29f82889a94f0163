// Automatic dispatch (自动分流) per second on one core, at the 10 M cases/year scale: the compiled
// duty list (shared/departments.ts: a category's route and a string join, then the registry's map)
// against a naive baseline in the same run (scan the duty list's lines for the category, then scan
// the registry's ~2,000 departments for the kind at the case's street, district or city). The cases
// are a realistic mix: sub-categories by config/simulation.json's weights, grids by their residents
// (capped as the simulator caps them), 2 % raised to the district. Rates are per CPU second of this
// process (the machine is shared: its wall clock counts time others had), with the wall-clock rates
// and the bench's own CPU beside them.
// Usage: npm run bench:dispatch [-- --cases 1000000 --rounds 5]
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { loadCityProfile } from '../server/config/cityProfile.ts';
import { departmentRegistry, loadDepartmentsFile } from '../server/config/departmentsFile.ts';
import { loadGeography } from '../server/geo/geography.ts';
import { CATEGORY_CODES } from '../shared/categories.ts';
import { type Department, type DispatchLevel, regionAt } from '../shared/departments.ts';
import { seededRng } from '../shared/seededRng.ts';

const opts = new Command()
  .option('--cases <n>', 'dispatches per round', '1000000')
  .option('--rounds <n>', 'rounds (median reported)', '5')
  .parse()
  .opts<{ cases: string; rounds: string }>();
const N = Number(opts.cases);
const ROUNDS = Number(opts.rounds);
const CASES_PER_YEAR = 10_000_000;

const t0 = performance.now();
const file = loadDepartmentsFile('config/departments.json');
const geography = loadGeography(resolve('public'));
const registry = departmentRegistry(file, geography);
const loadMs = performance.now() - t0;
const profile = loadCityProfile('config/simulation.json');

// the mix: cumulative weights of categories and of grids (residents capped at the profile's cap)
const rng = seededRng(25);
const cumulative = (ws: number[]) => {
  const out = new Float64Array(ws.length);
  let sum = 0;
  ws.forEach((w, i) => {
    sum += w;
    out[i] = sum;
  });
  return out;
};
const pick = (cum: Float64Array) => {
  const x = rng() * cum[cum.length - 1]!;
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
};
const catCum = cumulative(CATEGORY_CODES.map((c) => profile.categories.weights[c] ?? 0));
const gridList = geography.grids.grids;
const gridCum = cumulative(gridList.map((g) => Math.min(g.residents, profile.grids.residentCap) || 1));
const categories: string[] = new Array(N);
const gridCodes: string[] = new Array(N);
const levels: DispatchLevel[] = new Array(N);
for (let i = 0; i < N; i++) {
  categories[i] = CATEGORY_CODES[pick(catCum)]!;
  gridCodes[i] = gridList[pick(gridCum)]!.code;
  levels[i] = rng() < 0.02 ? 'district' : 'street';
}

/** The baseline: no compiled routes, no maps; the file's lines and the registry's list scanned. */
const lines = file.dutyList;
const list = registry.list;
const atStreet = new Set(file.streetTemplate.map((d) => d.kind));
const atDistrict = new Set(file.districtTemplate.map((d) => d.kind));
function naive(category: string, gridCode: string, level: DispatchLevel): Department | undefined {
  let line: (typeof lines)[number] | undefined;
  for (const l of lines) if (l.category === category) line = l;
  if (!line) return undefined;
  const kind = level === 'street' ? line.street : line.district;
  const at: DispatchLevel = level === 'street' && atStreet.has(kind) ? 'street' : atDistrict.has(kind) ? 'district' : 'city';
  const region = regionAt(gridCode, at);
  for (const d of list) if (d.kind === kind && d.region === region) return d;
  return undefined;
}

function run(n: number, dispatch: (category: string, gridCode: string, level: DispatchLevel) => Department | undefined) {
  let found = 0;
  const start = performance.now();
  for (let i = 0; i < n; i++) if (dispatch(categories[i]!, gridCodes[i]!, levels[i]!) !== undefined) found += 1;
  return { perSec: n / ((performance.now() - start) / 1000), found };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// the two agree on every case of the mix (checked on a sample), else the figures mean nothing
for (let i = 0; i < N; i += 97)
  if (registry.dispatch(categories[i]!, gridCodes[i]!, levels[i]!)?.code !== naive(categories[i]!, gridCodes[i]!, levels[i]!)?.code)
    throw new Error(`the compiled list and the baseline disagree on ${categories[i]} at ${gridCodes[i]} (${levels[i]})`);

const cpuS = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
run(Math.min(N, 100_000), registry.dispatch); // warm up
const cpuCompiled0 = process.cpuUsage();
const compiled = Array.from({ length: ROUNDS }, () => run(N, registry.dispatch));
const compiledCpuS = cpuS(process.cpuUsage(cpuCompiled0));
const baselineN = Math.max(1, Math.floor(N / 20));
run(Math.min(baselineN, 10_000), naive);
const cpuBaseline0 = process.cpuUsage();
const baseline = Array.from({ length: ROUNDS }, () => run(baselineN, naive));
const baselineCpuS = cpuS(process.cpuUsage(cpuBaseline0));
const cpu = process.cpuUsage(cpu0);
const wallS = (performance.now() - wall0) / 1000;
const ours = median(compiled.map((r) => r.perSec));
const base = median(baseline.map((r) => r.perSec));
if (compiled.some((r) => r.found !== N)) throw new Error('some cases found no department');

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
console.log(
  `registry ${registry.version}: ${list.length} departments (${file.city.length} city, ${file.districtTemplate.length} per district, ${file.streetTemplate.length} per street), ${lines.length} duty lines; load + expand: ${loadMs.toFixed(0)} ms`,
);
console.log(
  `mix: ${fmt(N)} cases over ${fmt(gridList.length)} grids, ${CATEGORY_CODES.length} sub-categories by the simulator's weights, 2 % raised to the district`,
);
const oursCpu = (ROUNDS * N) / compiledCpuS;
const baseCpu = (ROUNDS * baselineN) / baselineCpuS;
console.log(`compiled duty list: ${fmt(oursCpu)} cases per CPU second (${ROUNDS} rounds of ${fmt(N)}), ${(1e9 / oursCpu).toFixed(0)} ns of CPU a case`);
console.log(
  `baseline (scan the lines, then the departments): ${fmt(baseCpu)} cases per CPU second (rounds of ${fmt(baselineN)}); compiled = ${(oursCpu / baseCpu).toFixed(1)}x`,
);
console.log(
  `by the wall clock (a shared machine's counts the time other processes had): compiled ${fmt(ours)} cases/s (median round), baseline ${fmt(base)} cases/s`,
);
console.log(
  `a year's ${fmt(CASES_PER_YEAR)} cases: ${(CASES_PER_YEAR / oursCpu).toFixed(1)} s of CPU (compiled), ${(CASES_PER_YEAR / baseCpu).toFixed(0)} s (baseline); the year's mean rate is ${(CASES_PER_YEAR / (365 * 86400)).toFixed(2)} cases/s`,
);
console.log(
  `bench CPU: ${cpuS(cpu).toFixed(2)} s user+system over ${wallS.toFixed(2)} s wall (${((cpuS(cpu) / wallS) * 100).toFixed(0)} % of a core); ${cpus()[0]?.model ?? 'cpu'} x ${cpus().length}`,
);
