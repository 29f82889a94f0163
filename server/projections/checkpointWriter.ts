// Saves a projection checkpoint every few minutes once enough new events were folded, and at a
// graceful stop, so that the next start-up folds only a short tail of the log. A checkpoint that
// cannot be written (a full disk, the store away) is logged as an error and tried again later: it
// is only a shortcut for the next start-up, the log stays the truth.
import type { Logger } from '../observability/logger.ts';
import { saveCheckpoint } from './checkpoint.ts';
import type { CaseProjection } from './caseProjection.ts';
import type { CheckpointStore } from '../store/checkpointStore.ts';

export const CHECKPOINT_EVERY_EVENTS = 10_000;
const INTERVAL_MS = 5 * 60_000;

export function startCheckpointWriter(deps: { checkpoints: CheckpointStore; cases: CaseProjection; geoVersion: string; logger: Logger; savedSeq: number }) {
  let savedSeq = deps.savedSeq;
  let writing: Promise<void> | null = null;
  const save = (minEvents: number) => {
    if (writing || deps.cases.lastSeq() - savedSeq < minEvents) return writing ?? Promise.resolve();
    const t0 = performance.now();
    writing = saveCheckpoint(deps.checkpoints, deps.cases, deps.geoVersion)
      .then(
        ({ seq, bytes }) => {
          savedSeq = seq;
          deps.logger.info({ seq, bytes, ms: Math.round(performance.now() - t0) }, 'projection checkpoint saved');
        },
        (err: Error) =>
          deps.logger.error({ err: err.message, code: (err as { code?: string }).code }, 'projection checkpoint not saved; the next one is tried later'),
      )
      .finally(() => {
        writing = null;
      });
    return writing;
  };
  const timer = setInterval(() => void save(CHECKPOINT_EVERY_EVENTS), INTERVAL_MS);
  timer.unref();
  return {
    /** Saves now if at least `minEvents` were folded since the last checkpoint. */
    save,
    async stop() {
      clearInterval(timer);
      await writing;
      await save(1);
    },
  };
}
