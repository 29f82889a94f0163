// What a grid worker's phone sends, taken on behalf of the worker its device key is bound to; the
// Socket.IO namespace and the REST routes both call these, so the two ways in behave alike.
// - Fixes: a phone out of coverage for an hour uploads its backlog. Only the newest fix, and only if
//   it is recent (LIVE_FIX_AGE_MS), goes to the live map (the bus, like any source's fix); the rest
//   is history: stored to the worker's track, one sample per SAMPLE_INTERVAL_MS bucket, never shown as
//   where he is now. A fix after the worker ended his patrol is neither shown nor stored: an off-duty
//   worker is not tracked.
// - Heartbeats and patrol starts and ends are signals on the bus (every node's projection judges the
//   worker online, offline or off duty from them).
// - A case report becomes a `reported` event from the grid_worker channel through the same case
//   ingest as every source (validation, placement, deadline, idempotency, push): the phone's
//   reportId makes its case id, so a resend after a lost answer is the same case.
import {
  HEARTBEAT_INTERVAL_MS,
  LIVE_FIX_AGE_MS,
  type DeviceFix,
  type DeviceReport,
  type FixesAnswer,
  type HeartbeatAnswer,
  type PatrolInput,
  type ReportAnswer,
} from '../../shared/device.ts';
import type { PositionFix } from '../../shared/caseEvent.ts';
import type { Principal } from '../auth/accessKeys.ts';
import type { Bus } from '../bus/bus.ts';
import { Refusal } from '../../shared/refusal.ts';
import type { CaseIngest } from '../ingest/caseIngest.ts';
import { refuseFutureTimestamps } from '../ingest/clockSkew.ts';
import { SAMPLE_INTERVAL_MS } from '../ingest/positionIngest.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { TrackStore } from '../store/trackStore.ts';

/**
 * What the device ingest asks of the live picture of the workers (the worker projection answers):
 * where a worker's patrol stands and the time of his newest fix on the map.
 */
export interface WorkerWhereabouts {
  patrolOf(workerId: string): { at: number; ended: boolean } | undefined;
  lastFixOf(workerId: string): number | undefined;
}

export interface DeviceIngestDeps {
  tracks: Pick<TrackStore, 'append'>;
  bus: Bus;
  caseIngest: CaseIngest;
  workers: WorkerWhereabouts;
  /** A worker's assigned grid (the hall's roster), or undefined for an unknown worker. */
  assignedGrid(workerId: string): string | undefined;
  /** Live fixes take the same road as every source's (publish, live sampling, scope checks). */
  ingestLiveFixes(fixes: PositionFix[], scope: string): Promise<unknown>;
  metrics: Metrics;
  now?: () => number;
}

/** A device report's case id: the worker's and the phone's report id, so a resend is the same case. */
export function deviceCaseId(workerId: string, reportId: string): string {
  return `D-${workerId}-${reportId}`;
}

export function createDeviceIngest(deps: DeviceIngestDeps) {
  const now = deps.now ?? Date.now;

  /** The worker a device key is bound to, and his grid. */
  function workerOf(p: Principal): { workerId: string; gridCode: string } {
    const workerId = p.worker;
    if (p.role !== 'device' || !workerId) throw new Refusal('forbidden', `the key "${p.label}" is no worker's phone: the device API needs a device key`);
    const gridCode = deps.assignedGrid(workerId);
    // a key made for a worker who has since left the roster
    if (!gridCode) throw new Refusal('unknown_worker', `worker ${workerId} of the key "${p.label}" is not in this hall's roster`);
    return { workerId, gridCode };
  }

  return {
    workerOf,

    async fixes(p: Principal, input: DeviceFix[]): Promise<FixesAnswer> {
      const { workerId, gridCode } = workerOf(p);
      refuseFutureTimestamps(
        input.map((f) => f.at),
        'fixes',
      );
      const t = now();
      const sorted = input.map((f) => ({ f, at: Date.parse(f.at) })).sort((a, b) => a.at - b.at);
      const patrol = deps.workers.patrolOf(workerId);
      // after the end of his patrol a worker is not tracked: those fixes are dropped
      const kept = patrol?.ended ? sorted.filter((x) => x.at <= patrol.at) : sorted;
      const offDuty = sorted.length - kept.length;
      const newest = kept.at(-1);
      // live: recent, on patrol, and newer than where the map has him (a chunk of backlog sent after the newest stays history)
      const live =
        newest && t - newest.at <= LIVE_FIX_AGE_MS && !patrol?.ended && newest.at > (deps.workers.lastFixOf(workerId) ?? -Infinity) ? newest : undefined;
      const toFix = (x: { f: DeviceFix }): PositionFix => ({ workerId, gridCode, lon: x.f.lon, lat: x.f.lat, at: x.f.at });
      if (live) await deps.ingestLiveFixes([toFix(live)], p.scope);
      // the history: one sample per interval bucket (the live road samples the live fix itself)
      const buckets = new Set<number>();
      const history: PositionFix[] = [];
      for (const x of kept) {
        if (x === live) continue;
        const bucket = Math.floor(x.at / SAMPLE_INTERVAL_MS);
        if (buckets.has(bucket)) continue;
        buckets.add(bucket);
        history.push(toFix(x));
      }
      if (history.length) await deps.tracks.append(history);
      deps.metrics.deviceFixes.inc({ road: 'live' }, live ? 1 : 0);
      deps.metrics.deviceFixes.inc({ road: 'track' }, kept.length - (live ? 1 : 0));
      deps.metrics.deviceFixes.inc({ road: 'off_duty' }, offDuty);
      return { accepted: kept.length, live: live ? 1 : 0, tracked: history.length, offDuty };
    },

    heartbeat(p: Principal): HeartbeatAnswer {
      const { workerId, gridCode } = workerOf(p);
      const t = now();
      deps.bus.publishWorkerSignals([{ workerId, gridCode, kind: 'heartbeat', at: t }]);
      return { serverTime: t, nextInMs: HEARTBEAT_INTERVAL_MS };
    },

    patrol(p: Principal, input: PatrolInput): { onPatrol: boolean } {
      const { workerId, gridCode } = workerOf(p);
      refuseFutureTimestamps([input.at], 'patrol');
      const at = Date.parse(input.at);
      const last = deps.workers.patrolOf(workerId);
      // a start or an end that the phone queued offline and sends after a newer one changes nothing
      if (!last || at >= last.at) deps.bus.publishWorkerSignals([{ workerId, gridCode, kind: input.action === 'start' ? 'patrol_start' : 'patrol_stop', at }]);
      return { onPatrol: !deps.workers.patrolOf(workerId)?.ended };
    },

    async report(p: Principal, input: DeviceReport): Promise<ReportAnswer> {
      const { workerId } = workerOf(p);
      const caseId = deviceCaseId(workerId, input.reportId);
      const result = await deps.caseIngest.ingest(
        [
          {
            eventId: `${caseId}:1`,
            caseId,
            type: 'reported',
            at: input.at,
            location: input.location,
            category: input.category,
            urgency: input.urgency,
            source: 'grid_worker',
            summary: input.summary,
            ...(input.photos && { photos: input.photos }),
          },
        ],
        p.scope,
        ['grid_worker'],
      );
      return { caseId, created: result.stored > 0 };
    },
  };
}

export type DeviceIngest = ReturnType<typeof createDeviceIngest>;
