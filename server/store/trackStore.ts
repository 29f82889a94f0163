// The workers' sampled positions (one per worker per 30 s), kept for tracks and playback and pruned
// after the retention period. The live map never reads them: positions are latest-wins in memory.
import type { PositionFix } from '../../shared/caseEvent.ts';

export interface PositionSample {
  workerId: string;
  at: number;
  lon: number;
  lat: number;
  /** The worker's assigned grid, as his fix gave it (null in samples stored before it was kept). */
  gridCode: string | null;
}

export interface TrackStore {
  append(fixes: PositionFix[]): Promise<void>;
  /** One worker's samples with from <= at < to, in time order. */
  read(workerId: string, from: number, to: number): Promise<PositionSample[]>;
  /** Every worker's samples with from < at <= to, in time order, at most `limit`. */
  readBetween(from: number, to: number, limit: number): Promise<PositionSample[]>;
  /** Deletes samples older than `before`; returns how many. */
  prune(before: number): Promise<number>;
}
