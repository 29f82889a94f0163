// The parts of the simulated city that the live simulator and the history backfill share, made
// once from the profile: the city's rhythm, the report maker, the case scripts and the bursts.
import type { DepartmentRegistry } from '../../shared/departments.ts';
import type { SlaPolicy } from '../../shared/slaRules.ts';
import type { WorkCalendar } from '../../shared/workCalendar.ts';
import type { GridIndex } from '../geo/gridIndex.ts';
import { createCaseScripts } from './caseScript.ts';
import { createReportMaker } from './caseReports.ts';
import type { CityProfileFile } from '../config/cityProfile.ts';
import { createCityRhythm, type Rng } from './cityRhythm.ts';
import { createHotIssueBursts } from './hotIssueBursts.ts';

export function createCityModel(deps: {
  grids: Pick<GridIndex, 'grids' | 'locate'>;
  profile: CityProfileFile;
  /** The department registry and its duty list: who each case is dispatched to. */
  departments: DepartmentRegistry;
  calendar: () => WorkCalendar;
  /** The server's time-limit rules (extensions asked for only in time); absent: the legacy limits. */
  sla?: SlaPolicy;
  rng: Rng;
}) {
  const { grids, profile, rng } = deps;
  const rhythm = createCityRhythm(profile, deps.calendar);
  const reports = createReportMaker(grids, profile, rhythm, rng);
  return {
    rhythm,
    reports,
    scripts: createCaseScripts(profile, deps.departments, deps.sla),
    /** Hot-issue bursts from `start` on: a busy street likelier, the sub-category by the day's weights. */
    bursts: (start: number) =>
      createHotIssueBursts({
        grids: grids.grids,
        pickGrid: reports.pickGrid,
        category: (at) => rhythm.category(at, 'hotline_12345', rng),
        bursts: profile.bursts,
        rng,
        start,
      }),
  };
}

export type CityModel = ReturnType<typeof createCityModel>;
