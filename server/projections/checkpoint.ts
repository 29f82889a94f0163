// Projection checkpoints: the folded state (open cases, KPI counters, trend counters, ticker) saved in the store with
// the log position it is valid for, so that start-up folds only the log's tail instead of the whole
// log (10 million events take ~40 s to fold, a checkpoint ~1 s to load). A checkpoint is only a
// cache: one written by another projection format or geography, or ahead of the log, is ignored and
// the log is folded from the start.
import { deserialize, serialize } from 'node:v8';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { MASKING_POLICY_VERSION } from '../../shared/masking.ts';
import type { CheckpointStore } from '../store/checkpointStore.ts';
import type { EventLog } from '../store/eventLog.ts';
import type { CaseProjection, ProjectionState } from './caseProjection.ts';

/**
 * The projections' format (bump the 9 whenever the fold changes what it keeps or how it counts) and
 * the masking policy their summaries were masked by: a checkpoint of another policy is folded again,
 * else it would go on showing what the new policy masks.
 */
export const PROJECTION_FORMAT = 9 * 100 + MASKING_POLICY_VERSION;
const NAME = 'case-projection';
const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

interface Checkpoint {
  format: number;
  geoVersion: string;
  state: ProjectionState;
}

export async function saveCheckpoint(checkpoints: CheckpointStore, cases: CaseProjection, geoVersion: string): Promise<{ seq: number; bytes: number }> {
  const state = cases.exportState();
  const body = await gzipAsync(serialize({ format: PROJECTION_FORMAT, geoVersion, state } satisfies Checkpoint), { level: 1 });
  await checkpoints.save(NAME, state.lastSeq, body);
  return { seq: state.lastSeq, bytes: body.length };
}

/** Restores the latest usable checkpoint into `cases` (a fresh projection); says why when it cannot. */
export async function restoreCheckpoint(
  checkpoints: CheckpointStore,
  log: Pick<EventLog, 'lastSeq'>,
  cases: CaseProjection,
  geoVersion: string,
): Promise<{ restored: true; seq: number } | { restored: false; why: string }> {
  const saved = await checkpoints.load(NAME);
  if (!saved) return { restored: false, why: 'no checkpoint yet' };
  const logEnd = await log.lastSeq();
  if (saved.seq > logEnd) return { restored: false, why: `the checkpoint (seq ${saved.seq}) is ahead of the log (seq ${logEnd})` };
  let checkpoint: Checkpoint;
  try {
    checkpoint = deserialize(await gunzipAsync(saved.body)) as Checkpoint;
  } catch (err) {
    return { restored: false, why: `unreadable checkpoint: ${(err as Error).message}` };
  }
  if (checkpoint.format !== PROJECTION_FORMAT)
    return { restored: false, why: `checkpoint format ${checkpoint.format}, this server folds format ${PROJECTION_FORMAT}` };
  if (checkpoint.geoVersion !== geoVersion)
    return { restored: false, why: `checkpoint made on geography ${checkpoint.geoVersion}, this server has ${geoVersion}` };
  cases.importState(checkpoint.state);
  return { restored: true, seq: checkpoint.state.lastSeq };
}
