// A scope's alerts (AlertList): open cases past their deadline, open cases escalated ("whistled" up
// to the district or the city), and hot-issue spikes (spikeRule.ts). The reason is data; no free text
// and nothing about the citizen is in it. Ids are stable while an alert holds, and so is `since`: an
// overdue alert holds since the deadline, an escalated one since the escalation (both from the log,
// so a restart keeps them), a spike since the scan that first found it (kept in memory).
// Most pressing first: critical before warning; within a severity spikes (highest z first), then
// escalations (oldest first), then overdue cases (most overdue first).
// Severity: overdue is critical when the case is urgent or more than a day late; an escalation to the
// district or the city is critical; a spike is critical from z >= SPIKE_CRITICAL_Z.
import type { Alert, AlertList } from '../../shared/protocol.ts';
import { ALERTS_SHOWN } from '../../shared/protocol.ts';
import { CITY_CODE } from '../../shared/regions.ts';
import { owes } from '../../shared/caseLifecycle.ts';
import type { OpenCase } from './caseProjection.ts';
import type { SpikeReason } from './spikeScan.ts';
import { SPIKE_CRITICAL_Z } from './spikeRule.ts';
import { DAY_MS } from './trendWindows.ts';

const KIND_RANK = { spike: 0, escalated: 1, overdue: 2 } as const;

/** Where an alert belongs: a case's grid, or the district or street of a spike. */
const placeOf = (a: Alert) => (a.reason.kind === 'spike' ? a.reason.regionCode : a.reason.gridCode);

function pressing(a: Alert, b: Alert): number {
  if (a.severity !== b.severity) return a.severity === 'critical' ? -1 : 1;
  const ka = KIND_RANK[a.reason.kind];
  const kb = KIND_RANK[b.reason.kind];
  if (ka !== kb) return ka - kb;
  if (a.reason.kind === 'spike' && b.reason.kind === 'spike') return b.reason.z - a.reason.z || a.id.localeCompare(b.id);
  return a.since - b.since || a.id.localeCompare(b.id);
}

/** Every alert that holds at `now`, most pressing first. */
export function currentAlerts(open: Iterable<OpenCase>, spikes: readonly SpikeReason[], spikeSince: ReadonlyMap<string, number>, now: number): Alert[] {
  const out: Alert[] = [];
  for (const { state: s } of open) {
    if (owes(s) && s.deadline < now) {
      const late = now - s.deadline;
      out.push({
        id: `overdue:${s.caseId}`,
        since: s.deadline,
        severity: s.urgency === 'urgent' || late > DAY_MS ? 'critical' : 'warning',
        reason: {
          kind: 'overdue',
          caseId: s.caseId,
          category: s.category,
          gridCode: s.gridCode,
          urgency: s.urgency,
          deadline: s.deadline,
          overdueMinutes: Math.floor(late / 60_000),
        },
      });
    }
    if (s.status === 'escalated') {
      const escalatedAt = s.escalations?.at(-1)?.at ?? s.updatedAt;
      out.push({
        id: `escalated:${s.caseId}`,
        since: escalatedAt,
        severity: s.escalation === 'street' ? 'warning' : 'critical',
        reason: { kind: 'escalated', caseId: s.caseId, category: s.category, gridCode: s.gridCode, level: s.escalation, escalatedAt },
      });
    }
  }
  for (const r of spikes) {
    const id = spikeId(r);
    out.push({ id, since: spikeSince.get(id) ?? now, severity: r.z >= SPIKE_CRITICAL_Z ? 'critical' : 'warning', reason: r });
  }
  return out.sort(pressing);
}

export const spikeId = (r: Pick<SpikeReason, 'regionCode' | 'category'>) => `spike:${r.regionCode}:${r.category}`;

/** A scope's list from every alert (already in order): those inside it, the first ALERTS_SHOWN, and the counts of all. */
export function alertListFor(all: readonly Alert[], scope: string, now: number): AlertList {
  const counts = { overdue: 0, escalated: 0, spike: 0 };
  const alerts: Alert[] = [];
  for (const a of all) {
    if (scope !== CITY_CODE && !placeOf(a).startsWith(scope)) continue;
    counts[a.reason.kind] += 1;
    if (alerts.length < ALERTS_SHOWN) alerts.push(a);
  }
  return { scope, at: now, alerts, counts };
}

/** What makes a list different for a screen (not the minutes an overdue case has been late: those are refreshed on the tick). */
export function alertSignature(list: AlertList): string {
  const c = list.counts;
  return `${c.overdue}/${c.escalated}/${c.spike}|${list.alerts.map((a) => `${a.id}:${a.severity}${a.reason.kind === 'spike' ? `:${a.reason.count}` : ''}`).join(',')}`;
}

/** Keeps each spike's `since` while it holds: the first scan that found it. */
export function createSpikeMemory() {
  const since = new Map<string, number>();
  return {
    since,
    /** Records the spikes of this scan, forgetting those that no longer hold. */
    update(spikes: readonly SpikeReason[], now: number) {
      const live = new Set(spikes.map(spikeId));
      for (const id of since.keys()) if (!live.has(id)) since.delete(id);
      for (const id of live) if (!since.has(id)) since.set(id, now);
    },
  };
}
