// Case ingest: validated events -> placed on a grid, given a deadline -> dedupe -> lifecycle check
// against the stored case state -> one durable commit -> bus. A batch is all or nothing: one refused
// event refuses the whole batch and nothing is stored. Batches are serialised in this process; a
// writer in another process (scale-out) that stores the same case version first makes the commit
// fail on the store's unique (case, version) constraint, and the batch is re-checked from the top.
// A commit that fails on the store itself (a full disk, PostgreSQL gone) is answered 503 by the
// HTTP layer; when the connection was lost during the COMMIT the batch may be stored after all, so
// before anything else is stored the next batch looks it up and, if it is there, publishes it first
// (else the screens would never see it: a retry finds it a duplicate, and the fold skips older seqs).
import { withinScope } from '../../shared/access.ts';
import { CITY_CODE } from '../../shared/regions.ts';
import { isDeepStrictEqual } from 'node:util';
import { applyCaseEvent, type CaseState, type TransitionResult } from '../../shared/caseLifecycle.ts';
import type { CaseEvent, CaseEventInput, SourceChannel } from '../../shared/caseEvent.ts';
import type { SlaPolicy } from '../../shared/slaRules.ts';
import type { Bus } from '../bus/bus.ts';
import type { GridIndex } from '../geo/gridIndex.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { StoredCaseEvent } from '../../shared/caseEvent.ts';
import { VersionConflictError, type CommitEntry, type EventLog } from '../store/eventLog.ts';
import { Refusal } from '../../shared/refusal.ts';
import { storeFailure } from '../store/storeFailure.ts';
import { placeCaseEvents } from './placeOnGrid.ts';
import { createSerialQueue } from './serialQueue.ts';
import { refuseFutureTimestamps } from './clockSkew.ts';
import { farTimeLimits, timeLimitRefusal, withRehandleDeadline } from '../../shared/timeLimitRules.ts';
import type { DepartmentRegistry } from '../../shared/departments.ts';

/** Dispatches that name a department the registry does not hold: the field and the code of each. */
function unknownDepartments(input: readonly CaseEventInput[], departments: Pick<DepartmentRegistry, 'has' | 'version'>) {
  const issues: { path: string; code: 'unknown_department'; message: string }[] = [];
  input.forEach((e, i) => {
    if (e.type === 'dispatched' && e.department !== undefined && !departments.has(e.department))
      issues.push({
        path: `events.${i}.department`,
        code: 'unknown_department',
        message: `no department ${e.department} in the registry (config/departments.json, version ${departments.version})`,
      });
  });
  return issues;
}

export interface CaseIngestResult {
  stored: number;
  duplicates: string[];
  /** Log sequence number of the last stored event (absent if nothing new was stored). */
  lastSeq?: number;
}

type RefusalCode = Exclude<TransitionResult, { ok: true }>['code'] | 'event_id_reused' | 'outside_scope' | 'extension_too_late';
const CONFLICT_RETRIES = 3;
/** Fields the server fills in when a source leaves them out: not part of what the source sent. */
const SERVER_FILLED = new Set(['gridCode', 'deadline', 'deadlineProvisional', 'rehandleBy']);

/** The stored event is what this source sent before (a retry), not a different event under a reused id. */
function sameSubmission(sent: CaseEventInput | CaseEvent, stored: CaseEvent): boolean {
  const a = JSON.parse(JSON.stringify(sent)) as Record<string, unknown>;
  const b = stored as unknown as Record<string, unknown>;
  return Object.keys(b).every((k) => (k in a ? isDeepStrictEqual(a[k], b[k]) : SERVER_FILLED.has(k))) && Object.keys(a).every((k) => k in b);
}

export function createCaseIngest(deps: {
  log: EventLog;
  bus: Bus;
  grids: GridIndex;
  metrics: Metrics;
  sla: SlaPolicy;
  /** The department registry: a dispatch naming a code it does not hold is refused (absent: any code of the right form). */
  departments?: Pick<DepartmentRegistry, 'has' | 'version'>;
}) {
  const { log, bus, grids, metrics, sla, departments } = deps;
  const serial = createSerialQueue();
  /** The events of a commit that failed without a clear answer: stored or not? Settled before the next commit. */
  let uncertain: CaseEvent[] | null = null;

  /** Publishes what of an uncertain commit was stored after all (throws while the store is still away). */
  async function settleUncertain(): Promise<void> {
    if (!uncertain) return;
    const ids = new Set(uncertain.map((e) => e.eventId));
    const found = await log.findEvents([...ids]);
    if (found.size) {
      const caseIds = [...new Set(uncertain.filter((e) => found.has(e.eventId)).map((e) => e.caseId))];
      const stored = (await Promise.all(caseIds.map((id) => log.readCaseEvents(id))))
        .flat()
        .filter((s) => ids.has(s.event.eventId))
        .sort((a, b) => a.seq - b.seq);
      if (stored.length) await bus.publishCaseEvents(stored);
      metrics.caseEventsIngested.inc(stored.length);
    }
    uncertain = null;
  }

  /** `scope`: the region the sending key may report on (a district's department system posts for its district only). */
  async function attempt(events: CaseEvent[], sent: readonly (CaseEventInput | CaseEvent)[], scope: string): Promise<CaseIngestResult> {
    await settleUncertain();
    // the cases' states before the events: another node may commit in between, and then this batch
    // either finds its events stored (duplicates) or checks against an older state and its commit
    // conflicts on a case version (re-checked from the top); read the other way round it could see
    // its events unstored and the case already moved on by them, and refuse its own retry
    const states = await log.loadCases(events.map((e) => e.caseId));
    const existing = await log.findEvents(events.map((e) => e.eventId));
    /** Each event id's first place in this batch. */
    const seen = new Map<string, number>();
    const duplicates: string[] = [];
    const fresh: CaseEvent[] = [];
    const refused: { path: string; code: RefusalCode; message: string }[] = [];
    events.forEach((e, i) => {
      const before = existing.get(e.eventId);
      const first = seen.get(e.eventId);
      if (before && !sameSubmission(sent[i]!, before)) {
        refused.push({
          path: `events.${i}.eventId`,
          code: 'event_id_reused',
          message: `event id ${e.eventId} is already stored with different content; an event id identifies one event for ever`,
        });
      } else if (first !== undefined && !isDeepStrictEqual(sent[i], sent[first])) {
        refused.push({
          path: `events.${i}.eventId`,
          code: 'event_id_reused',
          message: `event id ${e.eventId} is used by events.${first} of this batch for a different event; an event id identifies one event`,
        });
      } else if (before || first !== undefined) duplicates.push(e.eventId);
      else fresh.push(e);
      if (first === undefined) seen.set(e.eventId, i);
    });

    const entries: CommitEntry[] = [];
    for (const sentEvent of fresh) {
      const index = events.indexOf(sentEvent);
      const before = states.get(sentEvent.caseId);
      const event = withRehandleDeadline(before, sentEvent, sla);
      // a report names its own grid (the sender's data): refused as outside the key's region
      if (event.type === 'reported' && !withinScope(event.gridCode, scope)) {
        refused.push({
          path: `events.${index}`,
          code: 'outside_scope',
          message: `case ${event.caseId} lies in grid ${event.gridCode}, outside ${scope}, the region this key reports on`,
        });
        continue;
      }
      // a case outside the key's region is, to this key, no case at all: the answer says nothing of
      // it (a report under its id is still refused as case_exists: ids are one space for everyone)
      const visible = event.type === 'reported' || (before !== undefined && withinScope(before.gridCode, scope)) ? before : undefined;
      const result = applyCaseEvent(visible, event);
      if (!result.ok) {
        refused.push({ path: `events.${index}`, code: result.code, message: result.message });
        continue;
      }
      const late = timeLimitRefusal(before, event, sla);
      if (late) {
        refused.push({ path: `events.${index}.at`, code: 'extension_too_late', message: late });
        continue;
      }
      states.set(event.caseId, result.state satisfies CaseState);
      entries.push({ event, state: result.state });
    }
    if (refused.length) {
      const first = refused[0]!;
      metrics.ingestRejected.inc({ code: first.code });
      throw new Refusal(first.code, `${first.message}; nothing in this batch was stored`, refused);
    }

    let stored: StoredCaseEvent[] = [];
    if (entries.length) {
      try {
        stored = await log.commit(entries, Date.now());
      } catch (err) {
        if (!(err instanceof VersionConflictError)) uncertain = entries.map((e) => e.event);
        throw err;
      }
    }
    if (stored.length) await bus.publishCaseEvents(stored);
    metrics.caseEventsIngested.inc(stored.length);
    metrics.caseEventsDuplicate.inc(duplicates.length);
    return { stored: stored.length, duplicates, lastSeq: stored.at(-1)?.seq };
  }

  function commitBatch(events: CaseEvent[], sent: readonly (CaseEventInput | CaseEvent)[], scope: string): Promise<CaseIngestResult> {
    return serial(async () => {
      const endTimer = metrics.ingestSeconds.startTimer();
      try {
        for (let tries = 1; ; tries++) {
          try {
            return await attempt(events, sent, scope);
          } catch (err) {
            if (!(err instanceof VersionConflictError)) {
              const failure = storeFailure(err);
              if (failure) metrics.ingestRejected.inc({ code: failure });
              throw err;
            }
            if (tries >= CONFLICT_RETRIES)
              throw new Refusal('version_conflict', `${err.message}, ${tries} times; nothing in this batch was stored: send it again`);
          }
        }
      } finally {
        endTimer();
      }
    });
  }

  return {
    /**
     * Events from a source (the HTTP API, the simulator, an import), on cases within `scope`;
     * `sources`: the channels its reports may carry (null: any).
     */
    ingest(input: CaseEventInput[], scope: string = CITY_CODE, sources: readonly SourceChannel[] | null = null): Promise<CaseIngestResult> {
      // checks that need no stored state run before the batch queues behind others
      refuseFutureTimestamps(
        input.map((e) => e.at),
        'events',
      );
      const far = farTimeLimits(input, sla.timeLimitHorizonDays);
      if (far.length) {
        metrics.ingestRejected.inc({ code: 'invalid_payload' });
        throw new Refusal('invalid_payload', `${far[0]!.message}; nothing in this batch was stored`, far);
      }
      const unknown = departments ? unknownDepartments(input, departments) : [];
      if (unknown.length) {
        metrics.ingestRejected.inc({ code: 'unknown_department' });
        const more = unknown.length > 1 ? ` (and ${unknown.length - 1} more)` : '';
        throw new Refusal('unknown_department', `${unknown[0]!.path}: ${unknown[0]!.message}${more}; nothing in this batch was stored`, unknown.slice(0, 20));
      }
      const foreign = sources ? input.findIndex((e) => e.type === 'reported' && !sources.includes(e.source)) : -1;
      if (foreign >= 0) {
        metrics.ingestRejected.inc({ code: 'wrong_source' });
        const e = input[foreign] as Extract<CaseEventInput, { type: 'reported' }>;
        throw new Refusal(
          'wrong_source',
          `events.${foreign}.source: this key posts the reports of ${sources!.join(', ')}, not ${e.source}; nothing in this batch was stored`,
        );
      }
      const events = placeCaseEvents(input, grids).map((e): CaseEvent => {
        if (e.type !== 'reported' || e.deadline !== undefined) return e;
        const { at, provisional } = sla.deadlineJudged(e.urgency, e.category, Date.parse(e.at));
        return { ...e, deadline: new Date(at).toISOString(), ...(provisional && { deadlineProvisional: true as const }) };
      });
      return commitBatch(events, input, scope);
    },
    /** Events the server raises itself (overdue marks): complete as they are. */
    ingestSystem(events: CaseEvent[]): Promise<CaseIngestResult> {
      return commitBatch(events, events, CITY_CODE);
    },
  };
}

export type CaseIngest = ReturnType<typeof createCaseIngest>;
