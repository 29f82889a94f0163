// The rehearsal scenarios of this server: every config/scenarios/<name>.json (SCENARIOS_DIR),
// validated at start (shared/rehearsal.ts). A bad file stops the server with the file, the field
// and what is wrong, as a bad wall layout does, rather than a rehearsal that fails in front of a
// delegation. `regionExists` checks the districts and streets a scenario names against the geography.
import { scenarioSchema, type Scenario } from '../../shared/rehearsal.ts';
import { readJsonFolder } from './jsonFolder.ts';

export function loadScenarios(dir: string, regionExists?: (code: string) => boolean): ReadonlyMap<string, Scenario> {
  const scenarios = new Map<string, Scenario>();
  for (const { value: scenario, where } of readJsonFolder({
    dir,
    setting: 'SCENARIOS_DIR',
    what: 'scenario',
    schema: scenarioSchema,
    idField: 'name',
    idOf: (s) => s.name,
  })) {
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
