// The parameters of an Open311 call, read strictly: the query string of every call and the body of
// a POST — form-encoded as the spec sends it, or JSON — as one list of values per name. Text must
// be valid UTF-8 (a bad percent-escape is refused, never turned into U+FFFD), a name may appear
// more than once only where the spec lets it, and an empty value counts as absent (the spec's
// "optional" rule).
import type { Request } from 'express';
import { Open311Error } from './errors.ts';

export type Params = Map<string, string[]>;

/** More names than any Open311 call has, by far. */
const MAX_PARAMS = 100;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** `a=1&b=x+y&b=%E4%B8%AD` -> {a: [1], b: ['x y', '中']}; throws on a malformed escape. */
export function parseForm(text: string, where: string): Params {
  const params: Params = new Map();
  if (!text) return params;
  const pairs = text.split('&').filter((p) => p !== '');
  if (pairs.length > MAX_PARAMS) throw new Open311Error(400, `${where}: ${pairs.length} parameters; a call takes at most ${MAX_PARAMS}`, 'invalid_payload');
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const [name, value] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    add(params, decode(name, where), decode(value, where));
  }
  return params;
}

function decode(part: string, where: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    throw new Open311Error(400, `${where}: "${part.slice(0, 40)}" is not valid percent-encoded UTF-8`, 'invalid_encoding');
  }
}

function add(params: Params, name: string, value: string): void {
  if (value.trim() === '') return; // the spec: an empty parameter is an absent one
  params.set(name, [...(params.get(name) ?? []), value]);
}

/** The query string of the request as sent (not Express's parse, which folds repeated names differently). */
export function queryParams(req: Request): Params {
  const q = req.originalUrl.indexOf('?');
  return parseForm(q < 0 ? '' : req.originalUrl.slice(q + 1), 'query');
}

/**
 * A POST body (raw bytes, or undefined when there was none) as parameters. Form-encoded (the
 * spec's), or a JSON object of strings, numbers and lists of them (`media_url`), with `attribute`
 * as an object of codes; anything else is refused with 415.
 */
export function bodyParams(req: Request): Params {
  const raw = req.body as unknown;
  if (!Buffer.isBuffer(raw) || raw.length === 0) return new Map();
  const charset = /;\s*charset="?([^";]+)/i.exec(req.get('content-type') ?? '')?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') throw new Open311Error(415, `charset ${charset}: send the body in UTF-8`, 'unsupported_encoding');
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new Open311Error(400, 'the body is not valid UTF-8: send it encoded as UTF-8', 'invalid_encoding');
  }
  if (!req.get('content-type') || req.is('application/x-www-form-urlencoded')) return parseForm(text.trim(), 'body');
  if (req.is('json')) return jsonParams(text);
  throw new Open311Error(
    415,
    `a body of ${req.get('content-type')}: send application/x-www-form-urlencoded (the spec's) or application/json; media go by URL (media_url)`,
    'unsupported_media_type',
  );
}

function jsonParams(text: string): Params {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new Open311Error(400, `the body is not valid JSON: ${(err as Error).message}`, 'malformed_json');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new Open311Error(400, "the body must be a JSON object of the request's fields", 'invalid_payload');
  const params: Params = new Map();
  const problems: string[] = [];
  const scalar = (name: string, v: unknown) => {
    if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) add(params, name, String(v));
    else if (v !== null) problems.push(`${name}: a string or a number`);
  };
  const entries = Object.entries(body);
  if (entries.length > MAX_PARAMS) throw new Open311Error(400, `body: ${entries.length} fields; a call takes at most ${MAX_PARAMS}`, 'invalid_payload');
  for (const [name, value] of entries) {
    if (name === 'attribute' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [code, v] of Object.entries(value)) params.set(`attribute[${code}]`, [String(v)]);
    } else if (Array.isArray(value)) value.forEach((v) => scalar(name, v));
    else scalar(name, value);
  }
  if (problems.length) throw new Open311Error(400, problems, 'invalid_payload');
  return params;
}
