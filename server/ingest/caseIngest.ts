// Case ingest: validated events -> dedupe -> lifecycle check against the stored case state ->
// one durable commit -> bus. A batch is all or nothing: one illegal event refuses the whole batch
// and nothing is stored. Batches are serialised so two requests never race on the same case.
import { applyCaseEvent, type CaseState } from '../../shared/caseLifecycle.ts';
import type { CaseEvent, CaseEventInput } from '../../shared/caseEvent.ts';
import type { Bus } from '../bus/bus.ts';
import type { GridIndex } from '../geo/gridIndex.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { CommitEntry, EventStore } from '../store/eventStore.ts';
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

export function createCaseIngest(deps: { store: EventStore; bus: Bus; grids: GridIndex; metrics: Metrics }) {
  const { store, bus, grids, metrics } = deps;
  const serial = createSerialQueue();

  return async (input: CaseEventInput[]): Promise<CaseIngestResult> => {
    // Checks that need no stored state run before the batch queues behind others.
    refuseFutureTimestamps(input.map((e) => e.at), 'events');
    const events: CaseEvent[] = placeCaseEvents(input, grids);

    return serial(async () => {
      const endTimer = metrics.ingestSeconds.startTimer();

      const existing = await store.existingEventIds(events.map((e) => e.eventId));
      const seen = new Set<string>();
      const duplicates: string[] = [];
      const fresh: CaseEvent[] = [];
      for (const e of events) {
        if (existing.has(e.eventId) || seen.has(e.eventId)) duplicates.push(e.eventId);
        else fresh.push(e);
        seen.add(e.eventId);
      }

      const states = await store.loadCases(fresh.map((e) => e.caseId));
      const entries: CommitEntry[] = [];
      const refused: { path: string; code: string; message: string }[] = [];
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
        metrics.ingestRejected.inc({ code: 'illegal_transition' });
        throw new ApiError(409, refused[0]!.code, `${refused[0]!.message}; nothing in this batch was stored`, refused);
      }

      const stored = entries.length ? await store.commit(entries, Date.now()) : [];
      if (stored.length) bus.publishCaseEvents(stored);
      metrics.caseEventsIngested.inc(stored.length);
      metrics.caseEventsDuplicate.inc(duplicates.length);
      endTimer();
      return { stored: stored.length, duplicates, lastSeq: stored.at(-1)?.seq };
    });
  };
}
