// The ways in for what sources report: case events (validated, placed on a grid, given a deadline,
// deduplicated, checked against the lifecycle, committed, then on the bus) and worker position
// fixes (latest wins on the bus, sampled to the tracks). The server's own events (overdue marks,
// default closes) take the case road too: the case watch looks at the open cases every second.
import type { Bus } from '../bus/bus.ts';
import type { Config } from '../config/config.ts';
import type { Geography } from '../geo/geography.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Stores } from '../store/stores.ts';
import { startCaseWatch } from './caseWatch.ts';
import type { WatchedCase } from './caseWatch.ts';
import { createCaseIngest } from './caseIngest.ts';
import { createPositionIngest } from './positionIngest.ts';

export type Ingest = ReturnType<typeof createIngest>;

export function createIngest(deps: {
  config: Pick<Config, 'sla' | 'caseWatchQuietMs'>;
  stores: Pick<Stores, 'log' | 'tracks'>;
  bus: Bus;
  geography: Geography;
  /** A worker's grid as the live map has it (a fix without one is placed there). */
  workerGrid(workerId: string): string | undefined;
  metrics: Metrics;
  logger: Logger;
}) {
  const { bus, metrics, logger } = deps;
  const grids = deps.geography.grids;
  const cases = createCaseIngest({ log: deps.stores.log, bus, grids, metrics, sla: deps.config.sla });
  const positions = createPositionIngest({ tracks: deps.stores.tracks, bus, grids, metrics, logger, workerGrid: deps.workerGrid });
  let watch: ReturnType<typeof startCaseWatch> | undefined;
  return {
    cases,
    positions,
    /** Starts raising the open cases' overdue marks and default closes. */
    watchCases(openCases: () => Iterable<WatchedCase>) {
      watch = startCaseWatch({
        openCases,
        raise: (events) => cases.ingestSystem(events),
        logger,
        ratingWindowMs: deps.config.sla.ratingWindowMs,
        quietMs: deps.config.caseWatchQuietMs,
      });
    },
    stop: async () => watch?.stop(),
  };
}
