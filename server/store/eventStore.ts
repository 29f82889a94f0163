// The store behind the event log: one small interface, two implementations over the same Kysely
// queries (kyselyEventStore.ts): embedded SQLite in the data folder (default) and PostgreSQL
// (DATABASE_URL). The log is the source of truth; `cases` holds each case's folded state so ingest
// can check a transition without replaying the case.
import type { CaseEvent, PositionFix } from '../../shared/caseEvent.ts';
import type { CaseState } from '../../shared/caseLifecycle.ts';
import type { CommandLogEntry } from '../../shared/wallControl.ts';
import type { AccessKeyInfo, AuditEntry } from '../../shared/access.ts';

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

export interface PositionSample {
  workerId: string;
  at: number;
  lon: number;
  lat: number;
  /** The worker's assigned grid, as his fix gave it (null in samples stored before it was kept). */
  gridCode: string | null;
}

/** An access key as stored: its token only as a SHA-256 hash. */
export interface StoredAccessKey extends Pick<AccessKeyInfo, 'id' | 'role' | 'label' | 'walls' | 'scope' | 'sources' | 'worker' | 'hint' | 'createdBy'> {
  tokenHash: string;
  /** Times in ms (the API shows them as ISO strings). */
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  /** The key a rotation made in its place (it is not rotated again). */
  replacedBy: string | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at: number };

/** Thrown by commit when another writer stored the same case version, or the same event, first (optimistic concurrency). */
export class VersionConflictError extends Error {}

export interface EventStore {
  readonly engine: 'sqlite' | 'postgres';
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
  /** Sampled worker positions, kept for tracks and playback. */
  appendPositionSamples(fixes: PositionFix[]): Promise<void>;
  /** One worker's samples with from <= at < to, in time order. */
  readTrack(workerId: string, from: number, to: number): Promise<PositionSample[]>;
  /** Every worker's samples with from < at <= to, in time order, at most `limit`. */
  readPositionSamplesBetween(from: number, to: number, limit: number): Promise<PositionSample[]>;
  /** Deletes samples older than `before`; returns how many. */
  prunePositionSamples(before: number): Promise<number>;
  /** Replaces the named checkpoint (an opaque body valid up to log position `seq`). */
  saveCheckpoint(name: string, seq: number, body: Uint8Array): Promise<void>;
  loadCheckpoint(name: string): Promise<{ seq: number; createdAt: number; body: Uint8Array } | null>;
  /** Logs a wall command (applied or refused); returns its id. */
  appendWallCommand(entry: Omit<CommandLogEntry, 'id'>): Promise<number>;
  /** A wall's newest `limit` commands, oldest first. */
  readWallCommands(wall: string, limit: number): Promise<CommandLogEntry[]>;
  /**
   * Replaces what a wall shows (an opaque body, the wall-control module's JSON, of this version).
   * With `replaces`, only if the stored state is still that version (or there is none): false when
   * another node saved another state first.
   */
  saveWallState(wall: string, body: string, version: number, replaces?: number): Promise<boolean>;
  /** Every wall's saved state body, by wall id. */
  loadWallStates(): Promise<Map<string, string>>;
  /** Every access key, revoked and expired ones included. */
  readAccessKeys(): Promise<StoredAccessKey[]>;
  /** The key with this token hash, if one is stored (a key another node made a moment ago). */
  findAccessKey(tokenHash: string): Promise<StoredAccessKey | undefined>;
  saveAccessKey(key: StoredAccessKey): Promise<void>;
  /** Sets when a key stops working (revoked: now; rotated: after its grace). */
  endAccessKey(id: string, change: { revokedAt?: number; expiresAt?: number; replacedBy?: string }): Promise<void>;
  /** Appends a privileged action to the audit log; returns its id. */
  appendAudit(entry: NewAuditEntry): Promise<number>;
  /** The newest audit entries first, below `before`, of one action if given. */
  readAudit(query: { limit: number; before?: number; action?: string }): Promise<AuditEntry[]>;
  close(): Promise<void>;
}
