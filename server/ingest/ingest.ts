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
import { createCalendarService } from './calendarService.ts';
import { deadlineRevisions } from './deadlineRevision.ts';
import type { WatchedCase } from './caseWatch.ts';
import type { DepartmentRegistry } from '../../shared/departments.ts';
import { createCaseIngest } from './caseIngest.ts';
import { createPositionIngest } from './positionIngest.ts';

export type Ingest = ReturnType<typeof createIngest>;

export function createIngest(deps: {
  config: Pick<Config, 'sla' | 'caseWatchQuietMs' | 'calendarFiles'>;
  stores: Pick<Stores, 'log' | 'tracks' | 'calendar'>;
  bus: Bus;
  geography: Geography;
  /** The department registry: dispatches must name one of its codes. */
  departments?: DepartmentRegistry;
  /** A worker's grid as the live map has it (a fix without one is placed there). */
  workerGrid(workerId: string): string | undefined;
  metrics: Metrics;
  logger: Logger;
}) {
  const { bus, metrics, logger } = deps;
  const grids = deps.geography.grids;
  const cases = createCaseIngest({ log: deps.stores.log, bus, grids, metrics, sla: deps.config.sla, departments: deps.departments });
  const positions = createPositionIngest({ tracks: deps.stores.tracks, bus, grids, metrics, logger, workerGrid: deps.workerGrid });
  let watch: ReturnType<typeof startCaseWatch> | undefined;
  let openCases: (() => Iterable<WatchedCase>) | undefined;
  const calendar = createCalendarService({
    sla: deps.config.sla,
    files: deps.config.calendarFiles,
    store: deps.stores.calendar,
    logger,
    onChange: (changedAt) => void reviseDeadlines(changedAt),
  });
  /** The calendar changed: the provisional deadlines of the open cases are counted again, as events in the log. */
  async function reviseDeadlines(changedAt: number) {
    if (!openCases) return;
    const events = deadlineRevisions(
      Array.from(openCases(), (c) => c.state),
      deps.config.sla,
      changedAt,
      Date.now(),
    );
    for (let i = 0; i < events.length; i += 500) {
      const batch = events.slice(i, i + 500);
      await cases.ingestSystem(batch).catch((err: Error) => logger.warn({ err: err.message, events: batch.length }, 'calendar: deadline revisions not stored'));
    }
    if (events.length) logger.info({ cases: events.length }, 'calendar: provisional deadlines revised');
  }
  return {
    cases,
    positions,
    calendar,
    /** Starts raising the open cases' overdue marks and default closes. */
    async watchCases(open: () => Iterable<WatchedCase>) {
      openCases = open;
      await calendar.start();
      watch = startCaseWatch({
        openCases: open,
        raise: (events) => cases.ingestSystem(events),
        logger,
        ratingWindowMs: deps.config.sla.ratingWindowMs,
        quietMs: deps.config.caseWatchQuietMs,
      });
    },
    stop: async () => {
      calendar.stop();
      await watch?.stop();
    },
  };
}
