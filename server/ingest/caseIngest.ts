// Case ingest: validated events -> placed on a grid, given a deadline -> dedupe -> lifecycle check
// against the stored case state -> one durable commit -> bus. A batch is all or nothing: one refused
// event refuses the whole batch and nothing is stored. Batches are serialised in this process; a
// writer in another process (scale-out) that stores the same case version first makes the commit
// fail on the store's unique (case, version) constraint, and the batch is re-checked from the top.
import { isDeepStrictEqual } from 'node:util';
import { applyCaseEvent, type CaseState, type TransitionResult } from '../../shared/caseLifecycle.ts';
import type { CaseEvent, CaseEventInput } from '../../shared/caseEvent.ts';
import type { SlaPolicy } from '../../shared/slaRules.ts';
import type { Bus } from '../bus/bus.ts';
import type { GridIndex } from '../geo/gridIndex.ts';
import type { Metrics } from '../observability/metrics.ts';
import { VersionConflictError, type CommitEntry, type EventStore } from '../store/eventStore.ts';
import { ApiError } from '../http/apiError.ts';
import { placeCaseEvents } from './placeOnGrid.ts';
import { createSerialQueue } from './serialQueue.ts';
import { refuseFutureTimestamps } from './clockSkew.ts';

export interface CaseIngestResult {
  stored: number;
  duplicates: string[];
  /** Log sequence number of the last stored event (absent if nothing new was stored). */
  lastSeq?: number;
}

type RefusalCode = Exclude<TransitionResult, { ok: true }>['code'] | 'event_id_reused';
const STATUS: Partial<Record<RefusalCode, number>> = { deadline_in_past: 422 };
const CONFLICT_RETRIES = 3;
/** Fields the server fills in when a source leaves them out: not part of what the source sent. */
const SERVER_FILLED = new Set(['gridCode', 'deadline']);

/** The stored event is what this source sent before (a retry), not a different event under a reused id. */
function sameSubmission(sent: CaseEventInput | CaseEvent, stored: CaseEvent): boolean {
  const a = JSON.parse(JSON.stringify(sent)) as Record<string, unknown>;
  const b = stored as unknown as Record<string, unknown>;
  return Object.keys(b).every((k) => (k in a ? isDeepStrictEqual(a[k], b[k]) : SERVER_FILLED.has(k))) && Object.keys(a).every((k) => k in b);
}

export function createCaseIngest(deps: { store: EventStore; bus: Bus; grids: GridIndex; metrics: Metrics; sla: SlaPolicy }) {
  const { store, bus, grids, metrics, sla } = deps;
  const serial = createSerialQueue();

  async function attempt(events: CaseEvent[], sent: readonly (CaseEventInput | CaseEvent)[]): Promise<CaseIngestResult> {
    const existing = await store.findEvents(events.map((e) => e.eventId));
    const seen = new Set<string>();
    const duplicates: string[] = [];
    const fresh: CaseEvent[] = [];
    const refused: { path: string; code: RefusalCode; message: string }[] = [];
    events.forEach((e, i) => {
      const before = existing.get(e.eventId);
      if (before && !sameSubmission(sent[i]!, before)) {
        refused.push({ path: `events.${i}.eventId`, code: 'event_id_reused', message: `event id ${e.eventId} is already stored with different content; an event id identifies one event for ever` });
      } else if (before || seen.has(e.eventId)) duplicates.push(e.eventId);
      else fresh.push(e);
      seen.add(e.eventId);
    });

    const states = await store.loadCases(fresh.map((e) => e.caseId));
    const entries: CommitEntry[] = [];
    for (const event of fresh) {
      const result = applyCaseEvent(states.get(event.caseId), event);
      if (!result.ok) {
        refused.push({ path: `events.${events.indexOf(event)}`, code: result.code, message: result.message });
        continue;
      }
      states.set(event.caseId, result.state satisfies CaseState);
      entries.push({ event, state: result.state });
    }
    if (refused.length) {
      const first = refused[0]!;
      metrics.ingestRejected.inc({ code: first.code });
      throw new ApiError(STATUS[first.code] ?? 409, first.code, `${first.message}; nothing in this batch was stored`, refused);
    }

    const stored = entries.length ? await store.commit(entries, Date.now()) : [];
    if (stored.length) bus.publishCaseEvents(stored);
    metrics.caseEventsIngested.inc(stored.length);
    metrics.caseEventsDuplicate.inc(duplicates.length);
    return { stored: stored.length, duplicates, lastSeq: stored.at(-1)?.seq };
  }

  function commitBatch(events: CaseEvent[], sent: readonly (CaseEventInput | CaseEvent)[]): Promise<CaseIngestResult> {
    return serial(async () => {
      const endTimer = metrics.ingestSeconds.startTimer();
      try {
        for (let tries = 1; ; tries++) {
          try {
            return await attempt(events, sent);
          } catch (err) {
            if (!(err instanceof VersionConflictError)) throw err;
            if (tries >= CONFLICT_RETRIES) throw new ApiError(409, 'version_conflict', `${err.message}, ${tries} times; nothing in this batch was stored: send it again`);
          }
        }
      } finally {
        endTimer();
      }
    });
  }

  return {
    /** Events from a source (the HTTP API, the simulator, an import). */
    ingest(input: CaseEventInput[]): Promise<CaseIngestResult> {
      // checks that need no stored state run before the batch queues behind others
      refuseFutureTimestamps(input.map((e) => e.at), 'events');
      const events = placeCaseEvents(input, grids).map((e): CaseEvent =>
        e.type === 'reported' && e.deadline === undefined ? { ...e, deadline: new Date(sla.deadlineFor(e.urgency, e.category, Date.parse(e.at))).toISOString() } : e);
      return commitBatch(events, input);
    },
    /** Events the server raises itself (overdue marks): complete as they are. */
    ingestSystem(events: CaseEvent[]): Promise<CaseIngestResult> {
      return commitBatch(events, events);
    },
  };
}

export type CaseIngest = ReturnType<typeof createCaseIngest>;
