// The live read models: folded from the log at start (from the newest usable checkpoint, then the
// log's tail), then kept current from the bus — committed case events into the case projection
// (whose folded transitions go on to the push), worker positions and the phones' signals into the
// worker projection. Trends and alerts per scope are computed from them (scopeViews.ts).
import type { PositionFix, StoredCaseEvent } from '../../shared/caseEvent.ts';
import type { WorkerSignal } from '../../shared/device.ts';
import type { TickerLine } from '../../shared/protocol.ts';
import type { Geography } from '../geo/geography.ts';
import type { Logger } from '../observability/logger.ts';
import type { Stores } from '../store/stores.ts';
import { CHECKPOINT_EVERY_EVENTS, startCheckpointWriter } from './checkpointWriter.ts';
import { createCaseProjection } from './caseProjection.ts';
import { restoreCheckpoint } from './checkpoint.ts';
import { rebuildFromLog } from './rebuild.ts';
import { createScopeViews } from './scopeViews.ts';
import { createWorkerPositions } from './workerPositions.ts';

export type LiveProjections = Awaited<ReturnType<typeof openLiveProjections>>;

/** What the projections follow (the bus, server/bus/bus.ts): what was committed, as it comes. */
export interface CommittedFeed {
  onCaseEvents(handler: (events: StoredCaseEvent[]) => void): unknown;
  onPositions(handler: (fixes: PositionFix[]) => void): unknown;
  onWorkerSignals(handler: (signals: WorkerSignal[]) => void): unknown;
}

export async function openLiveProjections(deps: {
  stores: Pick<Stores, 'log' | 'checkpoints'>;
  geography: Geography;
  /** A phone without a heartbeat or fix this long is offline. */
  deviceOfflineAfterMs: number;
  logger: Logger;
}) {
  const {
    stores,
    geography: { grids, gridCodes },
    logger,
  } = deps;
  const fresh = () => createCaseProjection(grids.grids.length, grids.indexOf, gridCodes);
  let cases = fresh();
  const restored = await restoreCheckpoint(stores.checkpoints, stores.log, cases, grids.version).catch((err: Error) => ({
    restored: false as const,
    why: err.message,
  }));
  if (!restored.restored) {
    logger.info({ why: restored.why }, 'no projection checkpoint used: folding the whole log');
    cases = fresh(); // a failed restore may have left half a state
  }
  const rebuilt = await rebuildFromLog(stores.log, cases);
  logger.info(
    {
      fromCheckpoint: restored.restored ? restored.seq : null,
      seq: cases.lastSeq(),
      events: rebuilt.events,
      ms: Math.round(rebuilt.ms),
      openCases: cases.openCases().length,
    },
    'projections rebuilt from the log',
  );
  const checkpoints = startCheckpointWriter({
    checkpoints: stores.checkpoints,
    cases,
    geoVersion: grids.version,
    logger,
    savedSeq: restored.restored ? restored.seq : 0,
  });
  await checkpoints.save(CHECKPOINT_EVERY_EVENTS);
  const workers = createWorkerPositions({ heartbeatTimeoutMs: deps.deviceOfflineAfterMs });
  const folded: ((lines: TickerLine[]) => void)[] = [];

  return {
    cases,
    workers,
    views: createScopeViews({ cases, childrenOf: deps.geography.childrenOf, gridsIn: deps.geography.gridsIn }),
    /** Follows the bus: every committed case event, position fix and phone signal, on this node. */
    follow(bus: CommittedFeed) {
      bus.onCaseEvents((events) => {
        const lines = cases.apply(events);
        for (const listener of folded) listener(lines);
      });
      bus.onPositions((fixes) => workers.apply(fixes));
      bus.onWorkerSignals((signals) => workers.signal(signals));
    },
    /** The case transitions folded from the bus, in log order (the ticker lines the screens get). */
    onFolded(listener: (lines: TickerLine[]) => void) {
      folded.push(listener);
    },
    stop: () => checkpoints.stop(),
  };
}
