// Every privileged action (a key made, rotated or revoked; a wall commanded): who, when, what, on
// what, the outcome. Append-only; read newest first.
import type { AuditEntry } from '../../shared/access.ts';

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at: number };

export interface AuditLog {
  /** Appends an entry; returns its id. */
  append(entry: NewAuditEntry): Promise<number>;
  /** The newest entries first, below `before`, of one action if given. */
  read(query: { limit: number; before?: number; action?: string }): Promise<AuditEntry[]>;
}
