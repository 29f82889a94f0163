// The demo of the embedded shape: the live simulator starts at once (the workers on shift are on the
// map from the first second); on a new store it first writes the history (the last days, so that
// yesterday, the 7-day trend, playback and the rising lists have something true to show), through
// the server's own HTTP API while the wall already serves, and then carries the history's open
// cases on, with the reports of the seconds the history took: no gap, no drain.
import type { ActiveRehearsal, Scenario } from '../../shared/rehearsal.ts';
import type { SlaPolicy } from '../../shared/slaRules.ts';
import type { Config } from '../config/config.ts';
import type { Geography } from '../geo/geography.ts';
import type { Logger } from '../observability/logger.ts';
import type { CaseProjection } from '../projections/caseProjection.ts';
import type { DepartmentRegistry } from '../../shared/departments.ts';
import { backfillHistory } from './backfill.ts';
import { createSimulator } from './simulator.ts';

export function startDemo(deps: {
  simulator: Config['simulator'];
  /** The server's own URL and the simulator's key: it posts like any source. */
  url: string;
  ingestKey: string;
  geography: Pick<Geography, 'grids' | 'roster'>;
  cases: Pick<CaseProjection, 'lastSeq' | 'openCases' | 'setHistoryLoading'>;
  /** The time-limit rules and, in them, the official holiday calendar (weekends and holidays bring fewer reports and fewer workers). */
  sla: SlaPolicy;
  /** The department registry and its duty list: the simulated cases are dispatched by it. */
  departments: DepartmentRegistry;
  /** The rehearsal running (server/walls/rehearsals.ts): its scenario's intake (scenarioIntake.ts) joins the simulator's. */
  rehearsals: { current(now: number): ActiveRehearsal | undefined };
  /** The rehearsal scenarios (config/scenarios), whose reports the simulator makes while one runs. */
  scenarios: ReadonlyMap<string, Scenario>;
  logger: Logger;
}) {
  const { simulator: s, logger } = deps;
  const { grids, roster } = deps.geography;
  let simulator: ReturnType<typeof createSimulator> | undefined;
  let stopping = false;
  const running = (async () => {
    if (!s.enabled) return;
    const backfill = s.backfillDays > 0 && deps.cases.lastSeq() === 0;
    simulator = createSimulator({
      baseUrl: deps.url,
      ingestKey: deps.ingestKey,
      grids,
      roster,
      openCases: backfill ? [] : deps.cases.openCases(),
      config: s,
      profile: s.profile,
      departments: deps.departments,
      calendar: () => deps.sla.calendar,
      sla: deps.sla,
      logger,
      awaitHistory: backfill,
      rehearsal: { current: (now) => deps.rehearsals.current(now), scenarios: deps.scenarios },
    });
    if (!backfill) return simulator.start();
    const now = Date.now();
    const history = await backfillHistory({
      baseUrl: deps.url,
      ingestKey: deps.ingestKey,
      grids,
      roster,
      days: s.backfillDays,
      casesPerMin: s.casesPerMin,
      profile: s.profile,
      departments: deps.departments,
      calendar: () => deps.sla.calendar,
      sla: deps.sla,
      workers: s.workers,
      logger,
      stopped: () => stopping,
      onDay: (day, days) => deps.cases.setHistoryLoading({ day, days }),
      // the workers go out once their tracks are written (seconds): a fix older than a worker's last is not stored
      onTracks: () => simulator!.start(),
      now,
    })
      .catch((err: Error) => logger.error({ err: err.message }, 'simulator: the history backfill stopped; the demo goes on live'))
      .finally(() => deps.cases.setHistoryLoading(null));
    if (!history) simulator.start(); // the history failed before its tracks: go live all the same
    simulator.carryOn(history ? history.open.values() : [], now);
  })();
  return {
    async stop() {
      stopping = true;
      await running;
      await simulator?.stop();
    },
  };
}
