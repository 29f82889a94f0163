// The event log, the source of truth: case events appended in one transaction per batch, each with
// the case's folded state (kept in `cases`, so ingest checks a transition without replaying the
// case), read back by log position, by time, or by case.
import type { CaseEvent, StoredCaseEvent } from '../../shared/caseEvent.ts';
import type { CaseState } from '../../shared/caseLifecycle.ts';

export interface CommitEntry {
  event: CaseEvent;
  /** The case's state after this event (its version is the event's version within the case). */
  state: CaseState;
}

/** Thrown by commit when another writer stored the same case version, or the same event, first (optimistic concurrency). */
export class VersionConflictError extends Error {}

export interface EventLog {
  /** A random id made when the log was created: seq numbers mean something only within one log. */
  readonly logId: string;
  /** The stored events with these ids (the idempotency keys), by id. */
  findEvents(eventIds: string[]): Promise<Map<string, CaseEvent>>;
  /** The current state of these cases (absent: never reported). */
  loadCases(caseIds: string[]): Promise<Map<string, CaseState>>;
  /**
   * Appends the events and the cases' new states in one transaction, all or nothing; resolves only
   * once the commit is durable. Rejects with VersionConflictError when a concurrent writer stored
   * one of these case versions first.
   */
  commit(entries: CommitEntry[], recordedAt: number): Promise<StoredCaseEvent[]>;
  /** The log position of the newest event (0 for an empty log). */
  lastSeq(): Promise<number>;
  /** Events with seq > afterSeq, in log order, at most `limit`. */
  readEvents(afterSeq: number, limit: number): Promise<StoredCaseEvent[]>;
  /**
   * Events in the order they happened: (occurred_at, seq) after the key `after` and occurred_at <= to,
   * at most `limit` (page on with the last one's at and seq). Per case this is log order too, since
   * the lifecycle refuses an event older than its case's previous one.
   */
  readEventsByTime(after: { at: number; seq: number }, to: number, limit: number): Promise<StoredCaseEvent[]>;
  /** One case's events in version order (empty: no such case). */
  readCaseEvents(caseId: string): Promise<StoredCaseEvent[]>;
}
