// The spec's error answer for every failure on the Open311 routes: a list of {code, description},
// one entry per problem (each field a validation refused), in the format the path asked for (XML
// when it named none, the spec's default), with the HTTP status as the code. Failures raised by the
// rest of the server (the authorizer's 401/403/429, the case ingest's refusals, a store that is
// full or away) are translated here, so an Open311 client never sees Gridwall's own error shape.
import type { ErrorRequestHandler } from 'express';
import type { z } from 'zod';
import { Refusal } from '../../shared/refusal.ts';
import { ApiError } from '../http/apiError.ts';
import { statusOf } from '../http/refusalStatus.ts';
import { storeFailure, storeFailureRefusal } from '../store/storeFailure.ts';
import type { Logger } from '../observability/logger.ts';
import type { Refusals } from '../observability/refusals.ts';
import { sendAnswer, splitFormat, type Format } from './format.ts';

export interface Problem {
  code: number;
  description: string;
}

export class Open311Error extends Error {
  readonly problems: Problem[];
  constructor(
    readonly status: number,
    /** One description per problem; each gets `status` as its code. */
    descriptions: string | readonly string[],
    /** Gridwall's own refusal code, for the metrics and the refusal log. */
    readonly reason = 'invalid_request',
    readonly retryAfterS?: number,
  ) {
    const list = typeof descriptions === 'string' ? [descriptions] : [...descriptions];
    super(list.join('; '));
    this.problems = list.map((description) => ({ code: status, description }));
  }
}

/** One problem per zod issue, each named by its field as the client sent it (lat, media_url, start_date …). */
export function issuesError(error: z.ZodError, status = 400): Open311Error {
  return new Open311Error(
    status,
    error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)),
    'invalid_payload',
  );
}

/** The case ingest names the event's fields; an Open311 client knows them by the spec's names. */
const FIELD_NAMES: Record<string, string> = {
  location: 'lat/long',
  gridCode: 'address_id',
  summary: 'description',
  photos: 'media_url',
  category: 'service_code',
};

function fromRefusal(err: Refusal): Open311Error {
  const details = Array.isArray(err.details) ? (err.details as { path?: unknown; message?: unknown }[]) : [];
  const described = details
    .filter((d) => typeof d.message === 'string')
    .map((d) => {
      const field = String(d.path ?? '')
        .replace(/^events\.\d+\.?/, '')
        .split('.')
        .map((p) => FIELD_NAMES[p] ?? p)
        .join('.');
      return field ? `${field}: ${String(d.message)}` : String(d.message);
    });
  let description = err.message;
  // the authorizer explains the headers; Open311 clients send the key as a parameter
  if (err.code === 'unauthorized' && /is required/.test(description)) description += ' (or "X-Api-Key: <token>", or the api_key parameter)';
  const status = err instanceof ApiError ? err.status : statusOf(err.code);
  return new Open311Error(status, described.length ? described : [description], err.code, err.retryAfterS);
}

/** Any error thrown on these routes, as the spec's answer. */
export function toOpen311Error(err: unknown, logger: Logger): Open311Error {
  if (err instanceof Open311Error) return err;
  if (err instanceof Refusal) return fromRefusal(err);
  const failure = storeFailure(err);
  if (failure) {
    logger.error({ err: (err as Error).message }, `Open311: ${failure}, request refused with 503`);
    return fromRefusal(storeFailureRefusal(failure, err));
  }
  const e = err as { type?: string; status?: number; limit?: number };
  if (e.type === 'entity.too.large')
    return new Open311Error(
      413,
      `the body is larger than ${Math.round((e.limit ?? 0) / 1024)} KB: a service request is a few fields and media by URL`,
      'payload_too_large',
    );
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
    return new Open311Error(415, 'send the body uncompressed, in UTF-8', 'unsupported_encoding');
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500)
    return new Open311Error(e.status, (err as Error).message || 'bad request', 'bad_request');
  logger.error({ err }, 'Open311: unhandled error');
  return new Open311Error(500, 'internal error; the request was not applied', 'internal');
}

/** The format an error is written in: the one the path names, else XML. */
export function formatOfPath(path: string): Format {
  return splitFormat(path.slice(path.lastIndexOf('/') + 1)).format ?? 'xml';
}

export function open311ErrorHandler(logger: Logger, refusals?: Refusals): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const e = toOpen311Error(err, logger);
    if (e.retryAfterS !== undefined) res.set('Retry-After', String(e.retryAfterS));
    if (e.status < 500) refusals?.http(e.status, e.reason, req.path, req.ip ?? 'unknown', e.message);
    sendAnswer(
      res,
      formatOfPath(req.path),
      e.status,
      'errors',
      'error',
      e.problems.map((p) => ({ code: p.code, description: p.description })),
    );
  };
}
