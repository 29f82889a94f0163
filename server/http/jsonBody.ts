// The JSON body parser of every endpoint that takes a body: strict (an object or an array at the
// top), within the endpoint's size limit, and valid UTF-8 — a body with bytes that are not (which the
// parser would quietly turn into U+FFFD) is refused with 400 before anything reads it.
import { json, type RequestHandler } from 'express';
import { ApiError } from './apiError.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function jsonBody(limit: string): RequestHandler {
  return json({
    limit,
    strict: true,
    verify: (_req, _res, buffer) => {
      try {
        utf8.decode(buffer);
      } catch {
        throw new ApiError(400, 'invalid_encoding', 'the body is not valid UTF-8: send the JSON encoded as UTF-8');
      }
    },
  });
}
