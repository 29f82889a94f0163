// The store behind the event log: one small interface, an embedded implementation (SQLite in the
// data folder) now, PostgreSQL later. The log is the source of truth; `cases` holds each case's
// folded state so ingest can check a transition without replaying the case.
import type { CaseEvent, PositionFix } from '../../shared/caseEvent.ts';
import type { CaseState } from '../../shared/caseLifecycle.ts';

export interface StoredCaseEvent {
  /** Position in the log: strictly increasing in commit order. */
  seq: number;
  recordedAt: number;
  event: CaseEvent;
}

export interface CommitEntry {
  event: CaseEvent;
  /** The case's state after this event (its version is the event's version within the case). */
  state: CaseState;
}

export interface EventStore {
  /** Which of these event ids are already in the log. */
  existingEventIds(eventIds: string[]): Promise<Set<string>>;
  /** The current state of these cases (absent: never reported). */
  loadCases(caseIds: string[]): Promise<Map<string, CaseState>>;
  /**
   * Appends the events and the cases' new states in one transaction, all or nothing; resolves only
   * once the commit is durable. A concurrent writer of the same case version makes it reject.
   */
  commit(entries: CommitEntry[], recordedAt: number): Promise<StoredCaseEvent[]>;
  /** Events with seq > afterSeq, in log order, at most `limit`. */
  readEvents(afterSeq: number, limit: number): Promise<StoredCaseEvent[]>;
  /** Sampled worker positions, kept for tracks and playback. */
  appendPositionSamples(fixes: PositionFix[]): Promise<void>;
  close(): Promise<void>;
}
