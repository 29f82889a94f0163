// The access keys, stored by their token's SHA-256 hash only (server/auth/accessKeys.ts holds them
// in memory and asks here again every few seconds, or at once for a token it does not know).
import type { AccessKeyInfo } from '../../shared/access.ts';

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

export interface KeyStore {
  /** Every access key, revoked and expired ones included. */
  readAll(): Promise<StoredAccessKey[]>;
  /** The key with this token hash, if one is stored (a key another node made a moment ago). */
  find(tokenHash: string): Promise<StoredAccessKey | undefined>;
  save(key: StoredAccessKey): Promise<void>;
  /** Sets when a key stops working (revoked: now; rotated: after its grace). */
  end(id: string, change: { revokedAt?: number; expiresAt?: number; replacedBy?: string }): Promise<void>;
}
