// One JSON shape for every HTTP error: { error: { code, message, details? } }.
import type { ErrorRequestHandler } from 'express';
import type { z } from 'zod';
import type { Logger } from '../observability/logger.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** `where`: what the root of the validated value is called in the message (body, query, the path parameter's name). */
export function validationError(error: z.ZodError, where = 'body'): ApiError {
  const details = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const first = details[0];
  const message = first ? `${first.path || where}: ${first.message}` : 'invalid payload';
  return new ApiError(400, 'invalid_payload', details.length > 1 ? `${message} (and ${details.length - 1} more)` : message, details);
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const e = err as { type?: string; status?: number; message?: string };
    let apiError: ApiError;
    if (err instanceof ApiError) apiError = err;
    else if (e.type === 'entity.parse.failed') apiError = new ApiError(400, 'malformed_json', `the body is not valid JSON: ${e.message}`);
    else if (e.type === 'entity.too.large') apiError = new ApiError(413, 'payload_too_large', 'the body is larger than this endpoint accepts');
    else if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') apiError = new ApiError(415, 'unsupported_encoding', e.message ?? 'unsupported encoding');
    else if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) apiError = new ApiError(e.status, 'bad_request', e.message ?? 'bad request');
    else {
      logger.error({ err }, 'unhandled error');
      apiError = new ApiError(500, 'internal', 'internal error; the request was not applied');
    }
    res.status(apiError.status).json({ error: { code: apiError.code, message: apiError.message, details: apiError.details } });
  };
}
