// Worker positions: latest wins and they bypass the case log. Published to the bus at once; one
// sample per worker per interval is kept in the store for tracks and playback.
import type { PositionFixInput } from '../../shared/caseEvent.ts';
import type { Bus } from '../bus/bus.ts';
import type { GridIndex } from '../geo/gridIndex.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { EventStore } from '../store/eventStore.ts';
import { refuseFutureTimestamps } from './clockSkew.ts';
import { placeFixes } from './placeOnGrid.ts';

export const SAMPLE_INTERVAL_MS = 30_000;

export function createPositionIngest(deps: { store: EventStore; bus: Bus; grids: GridIndex; metrics: Metrics }) {
  const { store, bus, grids, metrics } = deps;
  const lastSampleAt = new Map<string, number>();

  return async (input: PositionFixInput[]): Promise<{ accepted: number; sampled: number }> => {
    refuseFutureTimestamps(input.map((f) => f.at), 'fixes');
    const fixes = placeFixes(input, grids);
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
