// One JSON shape for every HTTP error: { error: { code, message, details? } }. The core throws
// refusals (shared/refusal.ts) whose status comes from refusalStatus.ts; a route may throw an
// ApiError with a status of its own. A store that cannot write (a full disk) or cannot be reached
// (PostgreSQL down) answers 503 with Retry-After, never a bare 500: the request stored nothing (a
// batch is one transaction) and may be sent again as it is.
import type { ErrorRequestHandler } from 'express';
import { Refusal } from '../../shared/refusal.ts';
import type { Logger } from '../observability/logger.ts';
import type { Refusals } from '../observability/refusals.ts';
import { storeFailure, storeFailureRefusal } from '../store/storeFailure.ts';
import { statusOf } from './refusalStatus.ts';

/** A refusal with the HTTP status a route gives it. */
export class ApiError extends Refusal {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    details?: unknown,
    /** Seconds a client should wait before sending it again (a Retry-After header). */
    retryAfterS?: number,
  ) {
    super(code, message, details, retryAfterS);
  }
}

/** Any error as the refusal it is answered with, and its status (logging what is no refusal). */
export function asHttpRefusal(err: unknown, logger: Logger, path: string): { status: number; refusal: Refusal } {
  if (err instanceof ApiError) return { status: err.status, refusal: err };
  if (err instanceof Refusal) return { status: statusOf(err.code), refusal: err };
  const failure = storeFailure(err);
  const e = err as { type?: string; status?: number; message?: string; limit?: number; code?: string };
  if (failure) {
    logger.error(
      { err: e.message, code: e.code, path },
      failure === 'storage_full' ? 'store full: request refused with 503' : 'store unavailable: request refused with 503',
    );
    return { status: 503, refusal: storeFailureRefusal(failure, err) };
  }
  if (e.type === 'entity.parse.failed') return { status: 400, refusal: new Refusal('malformed_json', `the body is not valid JSON: ${e.message}`) };
  if (e.type === 'entity.too.large') {
    return {
      status: 413,
      refusal: new Refusal(
        'payload_too_large',
        `the body is larger than this endpoint accepts${e.limit ? ` (${Math.round(e.limit / 1024)} KB)` : ''}: send smaller batches`,
      ),
    };
  }
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
    return { status: 415, refusal: new Refusal('unsupported_encoding', e.message ?? 'unsupported encoding') };
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500)
    return { status: e.status, refusal: new Refusal('bad_request', e.message ?? 'bad request') };
  logger.error({ err }, 'unhandled error');
  return { status: 500, refusal: new Refusal('internal', 'internal error; the request was not applied') };
}

export function errorHandler(logger: Logger, refusals?: Refusals): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const { status, refusal } = asHttpRefusal(err, logger, req.path);
    if (refusal.retryAfterS !== undefined) res.set('Retry-After', String(refusal.retryAfterS));
    if (status < 500) refusals?.http(status, refusal.code, req.path, req.ip ?? 'unknown', refusal.message);
    res.status(status).json({ error: { code: refusal.code, message: refusal.message, details: refusal.details } });
  };
}
