// The rehearsal scenarios of this server: every config/scenarios/<name>.json (SCENARIOS_DIR),
// validated at start (shared/rehearsal.ts). A bad file stops the server with the file, the field
// and what is wrong, as a bad wall layout does, rather than a rehearsal that fails in front of a
// delegation. `regionExists` checks the districts and streets a scenario names against the geography.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenarioSchema, type Scenario } from '../../shared/rehearsal.ts';

export function loadScenarios(dir: string, regionExists?: (code: string) => boolean): ReadonlyMap<string, Scenario> {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch (err) {
    throw new Error(`invalid configuration: SCENARIOS_DIR ${dir}: ${(err as Error).message}`);
  }
  const scenarios = new Map<string, Scenario>();
  for (const file of files) {
    const where = `invalid configuration: scenario ${join(dir, file)}`;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (err) {
      throw new Error(`${where}: ${(err as Error).message}`);
    }
    const parsed = scenarioSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${where}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
    const scenario = parsed.data;
    if (`${scenario.name}.json` !== file) throw new Error(`${where}: its name "${scenario.name}" must match the file name`);
    if (regionExists)
      scenario.streams.forEach((s, i) => {
        for (const [field, codes] of [
          ['districts', s.districts],
          ['streets', s.streets],
        ] as const)
          codes?.forEach((code, j) => {
            if (!regionExists(code)) throw new Error(`${where}: streams.${i}.${field}.${j}: no region ${code} in the geography`);
          });
      });
    scenarios.set(scenario.name, scenario);
  }
  return scenarios;
}
