// GET requests' parameters (zod): service_request_id (a comma list: it overrides the others),
// service_code, start_date, end_date and status (comma lists, or named several times), and the
// window they make. The spec's defaults: the most recent 90 days, at most 1,000 requests; a window
// may not span more than 90 days.
import { z } from 'zod';
import { CATEGORY_CODES } from '../../shared/categories.ts';
import { caseIdSchema } from '../../shared/wallControl.ts';
import { Open311Error, issuesError } from './errors.ts';
import type { Params } from './params.ts';

export const MAX_WINDOW_MS = 90 * 86_400_000;
export const MAX_REQUESTS = 1000;
export const STATUSES = ['open', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

/** What every call may carry besides its own parameters. */
export const COMMON_PARAMS = ['api_key', 'jurisdiction_id', 'lang'] as const;

const list = <T extends z.ZodType<string, string>>(item: T, max: number) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1, 'at least one value').max(max, `at most ${max} values`));
const instant = z.iso
  .datetime({ offset: true, error: 'a w3 date-time with its offset, e.g. 2026-11-24T00:00:00+08:00 or 2026-11-23T16:00:00Z' })
  .transform((v) => Date.parse(v));

const querySchema = z.strictObject({
  api_key: z.string().optional(),
  jurisdiction_id: z.string().optional(),
  lang: z.string().optional(),
  service_request_id: list(caseIdSchema, MAX_REQUESTS).optional(),
  service_code: list(
    z.enum(CATEGORY_CODES, { error: (i) => `${String(i.input)} is no service_code (GET services lists them)` }),
    CATEGORY_CODES.length,
  ).optional(),
  start_date: instant.optional(),
  end_date: instant.optional(),
  status: list(z.enum(STATUSES, { error: 'open or closed' }), STATUSES.length).optional(),
});

export type RequestQuery =
  | { ids: string[] }
  | { ids?: undefined; from: number; to: number; categories: ReadonlySet<string> | null; statuses: ReadonlySet<Status> };

/** The query as a list of ids or a window and filters; `now` ends the default window. */
export function parseRequestQuery(params: Params, now: number): RequestQuery {
  // "can be declared multiple times, comma delimited": a name given twice is one list
  const flat = Object.fromEntries([...params].map(([name, values]) => [name, values.join(',')]));
  const parsed = querySchema.safeParse(flat);
  if (!parsed.success) throw issuesError(parsed.error);
  const q = parsed.data;
  if (q.service_request_id) return { ids: [...new Set(q.service_request_id)] };
  const to = q.end_date ?? (q.start_date !== undefined ? q.start_date + MAX_WINDOW_MS : now);
  const from = q.start_date ?? to - MAX_WINDOW_MS;
  if (from > to) throw new Open311Error(400, 'start_date: after end_date', 'invalid_payload');
  if (to - from > MAX_WINDOW_MS) throw new Open311Error(400, 'start_date, end_date: a search may not span more than 90 days', 'invalid_payload');
  return {
    from,
    to,
    categories: q.service_code ? new Set(q.service_code) : null,
    statuses: new Set(q.status ?? STATUSES),
  };
}
