// The admin page's one way to the server: the admin API and the reads it needs (walls, regions),
// each with the admin key. Every refusal becomes an AdminApiError carrying the server's status, code,
// message and, for 429, the seconds to wait (Retry-After).
import type { AccessKeyInfo, AuditEntry, CreateKey } from '../../shared/access.ts';
import type { CalendarStatus } from '../../shared/calendarYear.ts';

export type { CalendarStatus };

export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
    /** Seconds to wait before trying again (a 429's Retry-After). */
    readonly retryAfterS: number | null = null,
  ) {
    super(message);
  }
}

async function call<T>(token: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      cache: 'no-store',
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new AdminApiError(0, 'network', `${path}: ${(err as Error).message}`);
  }
  const parsed = (await res.json().catch(() => null)) as ({ error?: { code?: string; message?: string } } & T) | null;
  if (!res.ok || parsed === null) {
    const retry = Number(res.headers.get('retry-after'));
    throw new AdminApiError(
      res.status,
      parsed?.error?.code ?? null,
      parsed?.error?.message ?? `${path}: HTTP ${res.status}`,
      Number.isFinite(retry) && retry > 0 ? retry : null,
    );
  }
  return parsed;
}

/** GET /api/v1/departments (the fields this page uses): the duty list and how well it routes. */
export interface DepartmentsOverview {
  version: string;
  kinds: { code: string; name: string; en: string }[];
  departments: { code: string }[];
  dutyList: { line: number; category: string; categoryName: string; street: string; district: string; note: string | null }[];
  dutyListTuning: { line: number; dispatched: number; redispatched: number; raised: number; returned: number; returnRate: number | null }[];
}

/** A wall as GET /api/v1/walls lists it (the fields this page uses). */
export interface WallSummary {
  id: string;
  name: string;
  screens: { screen: string; path: string }[];
}

/** A region as GET /api/v1/regions/<code> describes it (the fields this page uses). */
export interface RegionSummary {
  code: string;
  name: string;
  level: string;
}

export interface RegionDetail {
  region: RegionSummary;
  children: RegionSummary[];
}

export interface MadeKey {
  key: AccessKeyInfo;
  token: string;
}

export const adminApi = {
  listKeys: (token: string) => call<{ keys: AccessKeyInfo[] }>(token, 'GET', '/api/v1/admin/keys').then((b) => b.keys),
  createKey: (token: string, input: Omit<CreateKey, 'scope'> & { scope?: string }) => call<MadeKey>(token, 'POST', '/api/v1/admin/keys', input),
  rotateKey: (token: string, id: string, graceSeconds: number) =>
    call<MadeKey & { previous: AccessKeyInfo }>(token, 'POST', `/api/v1/admin/keys/${encodeURIComponent(id)}/rotate`, { graceSeconds }),
  revokeKey: (token: string, id: string) => call<{ key: AccessKeyInfo }>(token, 'DELETE', `/api/v1/admin/keys/${encodeURIComponent(id)}`).then((b) => b.key),
  readAudit: (token: string, query: { limit: number; before?: number; action?: string }, signal?: AbortSignal) => {
    const params = new URLSearchParams({ limit: String(query.limit) });
    if (query.before !== undefined) params.set('before', String(query.before));
    if (query.action) params.set('action', query.action);
    return call<{ entries: AuditEntry[] }>(token, 'GET', `/api/v1/admin/audit?${params}`, undefined, signal).then((b) => b.entries);
  },
  listWalls: (token: string) => call<{ walls: WallSummary[] }>(token, 'GET', '/api/v1/walls').then((b) => b.walls),
  region: (token: string, code: string) => call<RegionDetail>(token, 'GET', `/api/v1/regions/${encodeURIComponent(code)}`),
  calendar: (token: string) => call<CalendarStatus>(token, 'GET', '/api/v1/calendar'),
  departments: (token: string) => call<DepartmentsOverview>(token, 'GET', '/api/v1/departments'),
  loadCalendarYear: (token: string, body: unknown) => call<{ status: CalendarStatus }>(token, 'POST', '/api/v1/admin/calendar', body).then((b) => b.status),
};
