// When the store, not the request, is why something failed: a full disk, or a store that cannot be
// reached (PostgreSQL down). Such a failure stored nothing (a batch is one transaction) and is worth
// sending again later: it becomes a refusal with a wait, never a bare internal error.
import { Refusal } from '../../shared/refusal.ts';

/** Seconds to wait before a retry when the store is full or away. */
export const STORE_RETRY_AFTER_S = 5;

/** Why a store operation failed, when the store (not the request) is the reason. */
export type StoreFailure = 'storage_full' | 'store_unavailable';

// PostgreSQL: 08xxx connection exceptions, 57P01-57P03 (admin/crash shutdown, cannot connect now),
// 53xxx insufficient resources (53100: disk full), 58xxx system errors (I/O); node's socket errors.
const PG_FULL = new Set(['53100']);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const PG_GONE_MESSAGES =
  /Connection terminated|connection timeout|Client has encountered a connection error|Client was closed|timeout exceeded when trying to connect|Cannot use a pool after calling end/i;

/** Classifies a store error (better-sqlite3, node, pg); null: not a store failure (a bug, a bad request). */
export function storeFailure(err: unknown): StoreFailure | null {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== 'object') return null;
  const code = typeof e.code === 'string' ? e.code : '';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT' || PG_FULL.has(code)) return 'storage_full';
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return 'store_unavailable';
  if (/^(08|57P0[1-3]|53|58)/.test(code) && code.length === 5) return 'store_unavailable';
  if (UNREACHABLE.has(code)) return 'store_unavailable';
  if (typeof e.message === 'string' && PG_GONE_MESSAGES.test(e.message)) return 'store_unavailable';
  return e.cause && e.cause !== err ? storeFailure(e.cause) : null;
}

/** The refusal for a store failure: nothing of the request was stored; send it again later. */
export function storeFailureRefusal(kind: StoreFailure, err: unknown): Refusal {
  const why = String((err as Error)?.message ?? err).slice(0, 200);
  return kind === 'storage_full'
    ? new Refusal(
        'storage_full',
        `the server cannot store anything: the data folder is full; nothing of this request was stored; send it again once space is freed (${why})`,
        undefined,
        STORE_RETRY_AFTER_S,
      )
    : new Refusal(
        'store_unavailable',
        `the event store is unavailable (${why}); nothing of this request was stored; send it again shortly`,
        undefined,
        STORE_RETRY_AFTER_S,
      );
}
