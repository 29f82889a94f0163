// Worker positions: latest wins and they bypass the case log. Published to the bus at once; one
// sample per worker per interval is kept in the store for tracks and playback.
import type { PositionFix } from '../../shared/caseEvent.ts';
import type { Bus } from '../bus/bus.ts';
import type { GridIndex } from '../geo/gridIndex.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { EventStore } from '../store/eventStore.ts';
import { ApiError } from '../http/apiError.ts';
import { refuseFutureTimestamps } from './clockSkew.ts';

export const SAMPLE_INTERVAL_MS = 30_000;

export function createPositionIngest(deps: { store: EventStore; bus: Bus; grids: GridIndex; metrics: Metrics }) {
  const { store, bus, grids, metrics } = deps;
  const lastSampleAt = new Map<string, number>();

  return async (fixes: PositionFix[]): Promise<{ accepted: number; sampled: number }> => {
    refuseFutureTimestamps(fixes.map((f) => f.at), 'fixes');
    const unknown = fixes.findIndex((f) => grids.indexOf(f.gridCode) === undefined);
    if (unknown >= 0) throw new ApiError(422, 'unknown_grid', `fixes.${unknown}.gridCode: no grid ${fixes[unknown]!.gridCode} in the geography`);
    bus.publishPositions(fixes);
    metrics.positionFixes.inc(fixes.length);
    const samples = fixes.filter((f) => {
      const at = Date.parse(f.at);
      if (at - (lastSampleAt.get(f.workerId) ?? -Infinity) < SAMPLE_INTERVAL_MS) return false;
      lastSampleAt.set(f.workerId, at);
      return true;
    });
    if (samples.length) await store.appendPositionSamples(samples);
    return { accepted: fixes.length, sampled: samples.length };
  };
}
