// Sends raw HTTP requests (any body: text, bytes, any headers) and checks a refusal is a clear one:
// a 4xx in the API's one error shape { error: { code, message } } whose message names the problem.
import { expect } from 'vitest';

export interface Answer {
  status: number;
  text: string;
  body: unknown;
  headers: Headers;
}

export interface RawRequest {
  method?: string;
  path: string;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  /** Bearer key; null: none. */
  key?: string | null;
}

export async function send(baseUrl: string, req: RawRequest): Promise<Answer> {
  const headers: Record<string, string> = {
    ...(req.body !== undefined && { 'content-type': 'application/json' }),
    ...(req.key && { authorization: `Bearer ${req.key}` }),
    ...req.headers,
  };
  const res = await fetch(`${baseUrl}${req.path}`, {
    method: req.method ?? (req.body === undefined ? 'GET' : 'POST'),
    headers,
    body: typeof req.body === 'string' || req.body === undefined ? req.body : new Blob([new Uint8Array(req.body)]),
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: res.status, text, body, headers: res.headers };
}

/** Node's own HTTP parser answers these before Express sees the request: no body to shape. */
const NODE_CORE = new Set([431]);

/** A clear refusal: 4xx (never 2xx, never 5xx), `{ error: { code, message } }`, the message naming what is wrong. */
export function expectRefusal(a: Answer, expected: { statuses?: number[]; codes?: string[] } = {}): void {
  const what = `${a.status} ${a.text.slice(0, 300)}`;
  expect(a.status >= 400 && a.status < 500, `a 4xx, got ${what}`).toBe(true);
  if (expected.statuses) expect(expected.statuses, `status among ${expected.statuses}, got ${what}`).toContain(a.status);
  if (NODE_CORE.has(a.status)) return;
  expect(a.headers.get('content-type') ?? '', what).toMatch(/^application\/json/);
  const error = (a.body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  expect(typeof error?.code, `error.code in ${what}`).toBe('string');
  expect(error!.code as string).toMatch(/^[a-z_]+$/);
  expect(typeof error?.message, `error.message in ${what}`).toBe('string');
  expect((error!.message as string).length, `a message that says what is wrong: ${what}`).toBeGreaterThan(8);
  if (expected.codes) expect(expected.codes, `code among ${expected.codes}, got ${what}`).toContain(error!.code);
  if (a.status === 429) expect(a.headers.get('retry-after'), 'a 429 says when to retry').toMatch(/^\d+$/);
}

export const errorCode = (a: Answer): string => (a.body as { error?: { code?: string } } | null)?.error?.code ?? `http_${a.status}`;
