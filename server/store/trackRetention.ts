// Keeps the sampled worker tracks for a fixed number of days (30 by default): older samples are
// deleted at start and then every hour. A failed prune (the store away; SQLite may need a little
// space even to delete) is logged as an error and tried again at the next hour.
import type { Logger } from '../observability/logger.ts';
import type { TrackStore } from './trackStore.ts';

const HOUR_MS = 3_600_000;

export function startTrackRetention(deps: { tracks: Pick<TrackStore, 'prune'>; keepDays: number; logger: Logger }) {
  const prune = () => {
    const before = Date.now() - deps.keepDays * 24 * HOUR_MS;
    Promise.resolve()
      .then(() => deps.tracks.prune(before))
      .then(
        (n) => n && deps.logger.info({ deleted: n, before: new Date(before).toISOString() }, 'old track samples deleted'),
        (err: Error) => deps.logger.error({ err: err.message, code: (err as { code?: string }).code }, 'track retention failed; will retry in an hour'),
      );
  };
  prune();
  const timer = setInterval(prune, HOUR_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
