// The department registry and the duty list (config/departments.json): the templates applied to the
// real districts and streets, automatic dispatch checked by hand against the file, and a bad file
// refused with its line, path and reason.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { departmentRegistry, loadDepartmentsFile, parseDepartmentsFile, templateRegions } from '../../server/config/departmentsFile.ts';
import { loadGeography } from '../../server/geo/geography.ts';
import { CATEGORY_CODES } from '../../shared/categories.ts';
import { compileDutyList } from '../../shared/departments.ts';

const file = loadDepartmentsFile('config/departments.json');
const geography = loadGeography('public');
const registry = departmentRegistry(file, geography);
/** A grid of 丁字沽街道 (红桥区, 120106004). */
const DINGZIGU_GRID = geography.gridCodes.find((c) => c.startsWith('120106004'))!;

describe('the department registry', () => {
  it('applies the district template to each district and the street template to each street, with stable codes', () => {
    const regions = templateRegions(geography);
    const streets = regions.filter((r) => r.level === 'street').length;
    expect(regions.filter((r) => r.level === 'district')).toHaveLength(16);
    expect(streets).toBeGreaterThan(250);
    expect(registry.list).toHaveLength(file.city.length + 16 * file.districtTemplate.length + streets * file.streetTemplate.length);
    expect(new Set(registry.list.map((d) => d.code)).size).toBe(registry.list.length);
    // 红桥区 with its 9 streets: 85 departments, near the seeds' ~70 a district
    expect(regions.filter((r) => r.level === 'street' && r.code.startsWith('120106'))).toHaveLength(9);
    expect(registry.list.filter((d) => d.region.startsWith('120106')).length).toBe(file.districtTemplate.length + 9 * file.streetTemplate.length);
    expect(registry.get('120106-rq')).toMatchObject({ name: '红桥区燃气公司', kind: 'rq', level: 'district', region: '120106' });
    expect(registry.get('120106004-ga')).toMatchObject({ name: '丁字沽街道派出所', level: 'street', region: '120106004' });
    expect(registry.get('1201-sf')?.name).toBe('天津市司法局');
    expect(registry.has('120106004-rq')).toBe(false); // a street has no gas company
  });

  it('dispatches by the duty list: the nearest department of the owning kind at or above the case', () => {
    expect(DINGZIGU_GRID).toBeDefined();
    // safety.gas: street rq, district rq; the street has none, so 红桥区's gas company acts first
    expect(registry.dispatch('safety.gas', DINGZIGU_GRID)?.name).toBe('红桥区燃气公司');
    expect(registry.dispatch('safety.gas', DINGZIGU_GRID, 'district')?.code).toBe('120106-rq');
    // dispute.neighbour: the street's justice office mediates; raised, the district's justice bureau; then the city's
    expect(registry.dispatch('dispute.neighbour', DINGZIGU_GRID)?.code).toBe('120106004-sf');
    expect(registry.dispatch('dispute.neighbour', DINGZIGU_GRID, 'district')?.name).toBe('红桥区司法局');
    expect(registry.dispatch('dispute.neighbour', DINGZIGU_GRID, 'city')?.code).toBe('1201-sf');
    // environment.noise: the police station first, the district's ecology bureau when raised
    expect(registry.dispatch('environment.noise', DINGZIGU_GRID)?.name).toBe('丁字沽街道派出所');
    expect(registry.dispatch('environment.noise', DINGZIGU_GRID, 'district')?.code).toBe('120106-sthj');
    // a street or district code dispatches as its grids do
    expect(registry.duty.target('appearance.vendor', '120106004')).toBe('120106004-zhzf');
    expect(registry.duty.target('appearance.vendor', '120116001', 'district')).toBe('120116-zhzf');
    expect(registry.dispatch('no.such', DINGZIGU_GRID)).toBeUndefined();
  });

  it('has a line for every sub-category, and every target of every grid exists', () => {
    const duty = compileDutyList(file);
    for (const grid of geography.gridCodes.filter((_, i) => i % 97 === 0))
      for (const category of CATEGORY_CODES)
        for (const level of ['street', 'district', 'city'] as const)
          expect(registry.has(duty.target(category, grid, level)!), `${category} ${grid} ${level}`).toBe(true);
  });
});

describe('a bad departments file', () => {
  const text = readFileSync('config/departments.json', 'utf8');
  const json = JSON.parse(text) as typeof file;
  const refusal = (edit: (f: typeof file) => void) => {
    const copy = structuredClone(json);
    edit(copy);
    try {
      parseDepartmentsFile(JSON.stringify(copy, null, 2), 'departments.json');
    } catch (err) {
      return (err as Error).message;
    }
    return 'accepted';
  };
  /** The line of the n-th duty line's category in the pretty-printed copy. */
  const lineOfDuty = (f: typeof file, n: number) =>
    JSON.stringify(f, null, 2)
      .split('\n')
      .findIndex(
        (l, i, all) => l.includes(`"category": "${f.dutyList[n]!.category}"`) && all.slice(0, i).filter((x) => x.includes('"category"')).length === n,
      ) + 1;

  it('is refused when a sub-category is owned twice, naming the line and the path', () => {
    const copy = structuredClone(json);
    copy.dutyList.push({ category: 'safety.gas', street: 'jd', district: 'yj' });
    const last = copy.dutyList.length - 1;
    const message = refusal((f) => f.dutyList.push({ category: 'safety.gas', street: 'jd', district: 'yj' }));
    expect(message).toContain(`line ${lineOfDuty(copy, last)}, dutyList.${last}.category: safety.gas is owned twice: dutyList.2 already names its owners`);
    expect(message).toMatch(/^invalid configuration: DEPARTMENTS_CONFIG departments\.json: /);
  });

  it('is refused when a sub-category is owned by nobody, or by a kind no department has', () => {
    expect(refusal((f) => f.dutyList.splice(4, 1))).toContain('dutyList: safety.food is owned by nobody');
    expect(refusal((f) => (f.dutyList[0]!.street = 'nosuch'))).toMatch(/line \d+, dutyList\.0\.street: "nosuch" is not one of the kinds/);
    // 街道办事处 exists at streets only: it cannot be a district's owner
    expect(refusal((f) => (f.dutyList[0]!.district = 'jd'))).toContain('dutyList.0.district: no district or higher department is of kind "jd" (街道办事处)');
    expect(refusal((f) => f.streetTemplate.push({ kind: 'ga', name: '{street}警务站' }))).toContain('streetTemplate.4.kind: "ga" is already streetTemplate.2');
  });

  it('is refused with the schema path and line when a field is wrong, and the JSON error when it is not JSON', () => {
    expect(refusal((f) => ((f as { version: unknown }).version = 7))).toMatch(
      /^invalid configuration: DEPARTMENTS_CONFIG departments\.json: line 2, version: /,
    );
    expect(() => parseDepartmentsFile('{"version": ', 'x.json')).toThrow(/DEPARTMENTS_CONFIG x\.json: .*JSON/);
  });
});
