// One JSON shape for every HTTP error: { error: { code, message, details? } }. A store that cannot
// write (a full disk) or cannot be reached (PostgreSQL down) answers 503 with Retry-After, never a
// bare 500: the request stored nothing (a batch is one transaction) and may be sent again as it is.
import type { ErrorRequestHandler } from 'express';
import type { z } from 'zod';
import type { Logger } from '../observability/logger.ts';
import type { Refusals } from '../observability/refusals.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Seconds a client should wait before sending it again (a Retry-After header). */
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}

/** Seconds to wait before a retry when the store is full or away. */
export const STORE_RETRY_AFTER_S = 5;

/** Why a store operation failed, when the store (not the request) is the reason. */
export type StoreFailure = 'storage_full' | 'store_unavailable';

// PostgreSQL: 08xxx connection exceptions, 57P01-57P03 (admin/crash shutdown, cannot connect now),
// 53xxx insufficient resources (53100: disk full), 58xxx system errors (I/O); node's socket errors.
const PG_FULL = new Set(['53100']);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const PG_GONE_MESSAGES = /Connection terminated|connection timeout|Client has encountered a connection error|Client was closed|timeout exceeded when trying to connect|Cannot use a pool after calling end/i;

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

/** The 503 for a store failure: nothing of the request was stored; send it again later. */
export function storeFailureError(kind: StoreFailure, err: unknown): ApiError {
  const why = String((err as Error)?.message ?? err).slice(0, 200);
  return kind === 'storage_full'
    ? new ApiError(503, 'storage_full', `the server cannot store anything: the data folder is full; nothing of this request was stored; send it again once space is freed (${why})`, undefined, STORE_RETRY_AFTER_S)
    : new ApiError(503, 'store_unavailable', `the event store is unavailable (${why}); nothing of this request was stored; send it again shortly`, undefined, STORE_RETRY_AFTER_S);
}

/** `where`: what the root of the validated value is called in the message (body, query, the path parameter's name). */
export function validationError(error: z.ZodError, where = 'body'): ApiError {
  const details = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const first = details[0];
  const message = first ? `${first.path || where}: ${first.message}` : 'invalid payload';
  return new ApiError(400, 'invalid_payload', details.length > 1 ? `${message} (and ${details.length - 1} more)` : message, details);
}

export function errorHandler(logger: Logger, refusals?: Refusals): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const e = err as { type?: string; status?: number; message?: string };
    const failure = err instanceof ApiError ? null : storeFailure(err);
    let apiError: ApiError;
    if (err instanceof ApiError) apiError = err;
    else if (failure) {
      logger.error({ err: e.message, code: (err as { code?: string }).code, path: req.path }, failure === 'storage_full' ? 'store full: request refused with 503' : 'store unavailable: request refused with 503');
      apiError = storeFailureError(failure, err);
    } else if (e.type === 'entity.parse.failed') apiError = new ApiError(400, 'malformed_json', `the body is not valid JSON: ${e.message}`);
    else if (e.type === 'entity.too.large') {
      const limit = (err as { limit?: number }).limit;
      apiError = new ApiError(413, 'payload_too_large', `the body is larger than this endpoint accepts${limit ? ` (${Math.round(limit / 1024)} KB)` : ''}: send smaller batches`);
    }
    else if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') apiError = new ApiError(415, 'unsupported_encoding', e.message ?? 'unsupported encoding');
    else if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) apiError = new ApiError(e.status, 'bad_request', e.message ?? 'bad request');
    else {
      logger.error({ err }, 'unhandled error');
      apiError = new ApiError(500, 'internal', 'internal error; the request was not applied');
    }
    if (apiError.retryAfterS !== undefined) res.set('Retry-After', String(apiError.retryAfterS));
    if (apiError.status < 500) refusals?.http(apiError.status, apiError.code, req.path, req.ip ?? 'unknown', apiError.message);
    res.status(apiError.status).json({ error: { code: apiError.code, message: apiError.message, details: apiError.details } });
  };
}
