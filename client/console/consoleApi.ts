// The console's HTTP reads, with the presenter token (it reads whatever a screen can): the wall's
// layout, the alerts that name cases worth spotlighting, a region's live counts, a case's history.
import type { CalendarStatus } from '../../shared/calendarYear.ts';
import type { CaseHistory } from '../../shared/caseHistory.ts';
import type { Alert, AlertList } from '../../shared/protocol.ts';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T>(path: string, token: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: { authorization: `Bearer ${token}` }, signal });
  const body = (await res.json().catch(() => null)) as ({ error?: { code?: string; message?: string } } & T) | null;
  if (!res.ok || body === null) throw new ApiFailure(res.status, body?.error?.code ?? null, body?.error?.message ?? `${path}: HTTP ${res.status}`);
  return body;
}

export type KpiPeriod = 'today' | 'week' | 'month' | '30d' | 'quarter' | 'year';
type KpiFigures = Record<string, number | null> & { reported: number; averageHandlingHours: number | null };
/** GET /api/v1/kpis (the fields the console uses; docs/http-api.md). */
export interface RegionKpis {
  from: string;
  to: string;
  figures: KpiFigures;
  sameLastYear: { from: string; to: string; figures: KpiFigures } | null;
}
export function kpis(region: string, period: KpiPeriod, token: string, signal?: AbortSignal) {
  return getJson<RegionKpis>(`/api/v1/kpis?region=${encodeURIComponent(region)}&period=${period}`, token, signal);
}

/** How far the official holiday schedules reach (GET /api/v1/calendar; the fields the console uses). */
export function calendarReach(token: string, signal?: AbortSignal) {
  return getJson<CalendarStatus>('/api/v1/calendar', token, signal);
}

/** Overdue and escalated cases of the city, the most pressing first: spotlight candidates. */
export async function caseCandidates(token: string, signal?: AbortSignal): Promise<Alert[]> {
  const list = await getJson<AlertList>('/api/v1/alerts?region=1201', token, signal);
  const seen = new Set<string>();
  return list.alerts.filter((a) => {
    if (a.reason.kind === 'spike' || seen.has(a.reason.caseId)) return false;
    seen.add(a.reason.caseId);
    return true;
  });
}

export interface RegionCounts {
  openCases: { total: number; overdue: number };
  workers: { total: number; online: number };
  /** Open cases per child region, by code. */
  childOpen: Map<string, number>;
}

export async function regionCounts(code: string, token: string, signal?: AbortSignal): Promise<RegionCounts> {
  const body = await getJson<{
    openCases: { total: number; overdue: number };
    workers: { total: number; online: number };
    children: { code: string; openCases: number }[];
  }>(`/api/v1/regions/${encodeURIComponent(code)}`, token, signal);
  return { openCases: body.openCases, workers: body.workers, childOpen: new Map(body.children.map((c) => [c.code, c.openCases])) };
}

export interface RegionCase {
  caseId: string;
  status: string;
  category: string;
  urgency: string;
  gridCode: string;
  overdue: boolean;
}

/** The open cases of a region, the nearest deadline first (listed by the server for a street or smaller). */
export async function regionOpenCases(code: string, token: string, signal?: AbortSignal): Promise<RegionCase[]> {
  const body = await getJson<{ openCases: { list?: RegionCase[] | null } }>(`/api/v1/regions/${encodeURIComponent(code)}`, token, signal);
  return body.openCases.list ?? [];
}

/** A case's masked history (404: no such case). */
export function caseHistory(caseId: string, token: string, signal?: AbortSignal): Promise<CaseHistory> {
  return getJson<CaseHistory>(`/api/v1/cases/${encodeURIComponent(caseId)}`, token, signal);
}
