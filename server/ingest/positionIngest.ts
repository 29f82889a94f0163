// Worker positions: latest wins and they bypass the case log. Published to the bus at once; one
// sample per worker per interval is kept in the store for tracks and playback. When the samples
// cannot be stored (a full disk, the store away) the live positions still go to the screens: the
// failure is logged, the answer says `sampled: 0`, and those workers are sampled again on their next fix.
import { withinScope } from '../../shared/access.ts';
import { CITY_CODE } from '../../shared/regions.ts';
import { Refusal } from '../../shared/refusal.ts';
import type { PositionFixInput } from '../../shared/caseEvent.ts';
import type { Bus } from '../bus/bus.ts';
import type { GridIndex } from '../geo/gridIndex.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { TrackStore } from '../store/trackStore.ts';
import { refuseFutureTimestamps } from './clockSkew.ts';
import { placeFixes } from './placeOnGrid.ts';

export const SAMPLE_INTERVAL_MS = 30_000;
/** At most one log line per this interval about samples that could not be stored. */
const FAILURE_LOG_MS = 10_000;

export function createPositionIngest(deps: {
  tracks: Pick<TrackStore, 'append'>;
  bus: Bus;
  grids: GridIndex;
  metrics: Metrics;
  logger?: Logger;
  workerGrid?: (workerId: string) => string | undefined;
}) {
  const { tracks, bus, grids, metrics } = deps;
  const lastSampleAt = new Map<string, number>();
  let lastFailureLog = -Infinity;
  let failuresSinceLog = 0;

  /** `scope`: the region the sending key reports on: a fix of a worker assigned outside it is refused. */
  return async (input: PositionFixInput[], scope: string = CITY_CODE): Promise<{ accepted: number; sampled: number }> => {
    refuseFutureTimestamps(
      input.map((f) => f.at),
      'fixes',
    );
    const fixes = placeFixes(input, grids);
    // a worker of another area may neither be placed nor moved in from here (he would vanish from his area's walls)
    const outside = fixes.findIndex((f) => !withinScope(f.gridCode, scope) || !withinScope(deps.workerGrid?.(f.workerId) ?? f.gridCode, scope));
    if (outside >= 0) {
      const f = fixes[outside]!;
      const grid = withinScope(f.gridCode, scope) ? deps.workerGrid!(f.workerId)! : f.gridCode;
      throw new Refusal(
        'outside_scope',
        `fixes.${outside}: worker ${f.workerId}'s grid ${grid} is outside ${scope}, the region this key reports on; nothing in this batch was accepted`,
      );
    }
    bus.publishPositions(fixes);
    metrics.positionFixes.inc(fixes.length);
    const before = new Map<string, number | undefined>();
    const samples = fixes.filter((f) => {
      const at = Date.parse(f.at);
      if (at - (lastSampleAt.get(f.workerId) ?? -Infinity) < SAMPLE_INTERVAL_MS) return false;
      if (!before.has(f.workerId)) before.set(f.workerId, lastSampleAt.get(f.workerId));
      lastSampleAt.set(f.workerId, at);
      return true;
    });
    if (!samples.length) return { accepted: fixes.length, sampled: 0 };
    try {
      await tracks.append(samples);
    } catch (err) {
      // not sampled after all: the next fix of these workers tries again
      for (const [worker, at] of before) {
        if (at === undefined) lastSampleAt.delete(worker);
        else lastSampleAt.set(worker, at);
      }
      failuresSinceLog += samples.length;
      if (Date.now() - lastFailureLog >= FAILURE_LOG_MS) {
        const log = deps.logger ?? { error: (o: object, m: string) => process.stderr.write(`${JSON.stringify({ level: 50, ...o, msg: m })}\n`) };
        log.error(
          { err: (err as Error).message, code: (err as { code?: string }).code, samplesLost: failuresSinceLog },
          'track samples could not be stored (live positions go on)',
        );
        lastFailureLog = Date.now();
        failuresSinceLog = 0;
      }
      return { accepted: fixes.length, sampled: 0 };
    }
    return { accepted: fixes.length, sampled: samples.length };
  };
}
