// config/departments.json (DEPARTMENTS_CONFIG names another file): the department registry and the
// duty list, read and checked at start (shared/departments.ts says what they mean). A file that
// cannot be read or parsed, fails the schema, or owns a sub-category twice or not at all stops the
// server with the file, the line, the path into it and the reason. The registry itself (templates
// applied to the districts and streets) is built once the geography is loaded: departmentRegistry.
import { readFileSync } from 'node:fs';
import { checkDepartmentsFile, buildDepartmentRegistry, departmentsFileSchema, type DepartmentsFile, type RegionEntry } from '../../shared/departments.ts';
import { DISTRICTS } from '../../shared/regions.ts';
import { jsonLines, lineOf } from './jsonLines.ts';

/** What of the geography the templates need (server/geo's Geography has it; config sits below geo). */
export interface RegionLookup {
  tree: { get(code: string): { name: string } | undefined };
  childrenOf(code: string): readonly { code: string; name: string; level: string }[];
}

/** Parses and checks the text of a departments file; throws one message naming each problem's line and path. */
export function parseDepartmentsFile(text: string, where: string): DepartmentsFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`invalid configuration: DEPARTMENTS_CONFIG ${where}: ${(err as Error).message}`);
  }
  const lines = jsonLines(text);
  const report = (problems: { path: string; message: string }[]) =>
    new Error(
      `invalid configuration: DEPARTMENTS_CONFIG ${where}: ${problems.map((p) => `line ${lineOf(lines, p.path)}, ${p.path || '(file)'}: ${p.message}`).join('; ')}`,
    );
  const parsed = departmentsFileSchema.safeParse(json);
  if (!parsed.success) throw report(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  const problems = checkDepartmentsFile(parsed.data);
  if (problems.length) throw report(problems);
  return parsed.data;
}

export function loadDepartmentsFile(file: string): DepartmentsFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`invalid configuration: DEPARTMENTS_CONFIG ${file}: ${(err as Error).message}`);
  }
  return parseDepartmentsFile(text, file);
}

/** The districts, then each district's streets and towns, as the geography has them. */
export function templateRegions(geography: RegionLookup): RegionEntry[] {
  const out: RegionEntry[] = [];
  for (const d of DISTRICTS) out.push({ code: d.code, name: geography.tree.get(d.code)?.name ?? d.name, level: 'district' });
  for (const d of DISTRICTS) for (const s of geography.childrenOf(d.code)) if (s.level === 'street') out.push({ code: s.code, name: s.name, level: 'street' });
  return out;
}

/** The registry of this geography: the file's templates applied to its districts and streets. */
export function departmentRegistry(file: DepartmentsFile, geography: RegionLookup) {
  return buildDepartmentRegistry(file, templateRegions(geography));
}
