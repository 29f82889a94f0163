// Bearer-key authentication for HTTP routes: the ingest key for ingest, the screen or presenter token for reads.
import type { RequestHandler } from 'express';
import { sameSecret } from '../auth/secrets.ts';
import { ApiError } from './apiError.ts';

/** `expected`: the key, or every key that may read (a presenter reads whatever a screen can). */
export function requireKey(expected: string | readonly string[], what = 'an ingest key'): RequestHandler {
  const keys = typeof expected === 'string' ? [expected] : expected;
  return (req, _res, next) => {
    const header = req.get('authorization');
    const given = header?.startsWith('Bearer ') ? header.slice(7) : req.get('x-api-key');
    if (!given) return next(new ApiError(401, 'unauthorized', `${what} is required: send "Authorization: Bearer <key>"`));
    if (!keys.some((key) => sameSecret(given, key))) return next(new ApiError(401, 'unauthorized', `the ${what.replace(/^an? /, '')} given is not valid (revoked, or from another server)`));
    next();
  };
}
