// The demo of the embedded shape: a new store first gets a history (so that playback, trends and
// rising lists have something to show), written in the background through the server's own HTTP
// API while the wall already serves; then the live simulator.
import type { Config } from '../config/config.ts';
import type { Geography } from '../geo/geography.ts';
import type { Logger } from '../observability/logger.ts';
import type { CaseProjection } from '../projections/caseProjection.ts';
import { backfillHistory } from './backfill.ts';
import { createSimulator } from './simulator.ts';

export function startDemo(deps: {
  simulator: Config['simulator'];
  /** The server's own URL and the simulator's key: it posts like any source. */
  url: string;
  ingestKey: string;
  geography: Pick<Geography, 'grids' | 'roster'>;
  cases: Pick<CaseProjection, 'lastSeq' | 'openCases'>;
  /** The rehearsal running (server/walls/rehearsals.ts): its scenario's intake (scenarioIntake.ts) joins the simulator's. */
  rehearsals: { current(now: number): import('../../shared/rehearsal.ts').ActiveRehearsal | undefined };
  logger: Logger;
}) {
  const { simulator: s, logger } = deps;
  const { grids, roster } = deps.geography;
  let simulator: ReturnType<typeof createSimulator> | undefined;
  let stopping = false;
  const running = (async () => {
    if (!s.enabled) return;
    if (s.backfillDays > 0 && deps.cases.lastSeq() === 0) {
      await backfillHistory({
        baseUrl: deps.url,
        ingestKey: deps.ingestKey,
        grids,
        roster,
        days: s.backfillDays,
        casesPerMin: s.casesPerMin,
        workers: s.workers,
        logger,
        stopped: () => stopping,
      }).catch((err: Error) => logger.error({ err: err.message }, 'simulator: the history backfill stopped; the demo goes on live'));
    }
    if (stopping) return;
    simulator = createSimulator({ baseUrl: deps.url, ingestKey: deps.ingestKey, grids, roster, openCases: deps.cases.openCases(), config: s, logger });
    simulator.start();
  })();
  return {
    async stop() {
      stopping = true;
      await running;
      await simulator?.stop();
    },
  };
}
