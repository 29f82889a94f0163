// Trends and alerts per scope (the city, a district, a street), computed once per scope per tick and
// shared by every screen of the scope, its snapshot and the HTTP routes: never once per socket.
import type { Alert, AlertList, Trends } from '../../shared/protocol.ts';
import { alertListFor, createSpikeMemory, currentAlerts } from './alerts.ts';
import type { CaseProjection } from './caseProjection.ts';
import { detectSpikes } from './spikeScan.ts';
import { computeTrends, type TrendSources } from './trends.ts';

export function createScopeViews(deps: { cases: CaseProjection } & Pick<TrendSources, 'childrenOf' | 'gridsIn'>) {
  const { cases } = deps;
  const sources: TrendSources = { counters: cases.trends, reports: cases.reports, cube: cases.cube, childrenOf: deps.childrenOf, gridsIn: deps.gridsIn };
  const spikeMemory = createSpikeMemory();
  const trendCache = new Map<string, Trends>();
  const alertCache = new Map<string, AlertList>();
  const bounded = <V>(m: Map<string, V>, key: string, value: V) => {
    if (m.size > 1000) m.clear(); // scope codes come from requests too
    m.set(key, value);
    return value;
  };

  /** Every alert that holds at `now` (one spike scan, one pass over the open cases). */
  function everyAlert(now: number): Alert[] {
    const spikes = detectSpikes(cases.reports, now);
    spikeMemory.update(spikes, now);
    return currentAlerts(cases.eachOpenCase(), spikes, spikeMemory.since, now);
  }

  return {
    /** Recomputes the trends of a scope. */
    trends: (scope: string, now: number): Trends => bounded(trendCache, scope, computeTrends(sources, scope, now)),
    /** The trends of a scope, from the last computation when it is at most `maxAgeMs` old. */
    recentTrends(scope: string, now: number, maxAgeMs: number): Trends {
      const cached = trendCache.get(scope);
      return cached && now - cached.at <= maxAgeMs ? cached : bounded(trendCache, scope, computeTrends(sources, scope, now));
    },
    /** Recomputes the alerts of these scopes, with one scan for all of them. */
    alerts(scopes: readonly string[], now: number): Map<string, AlertList> {
      const all = everyAlert(now);
      return new Map(scopes.map((scope) => [scope, bounded(alertCache, scope, alertListFor(all, scope, now))]));
    },
    /** The alerts of a scope, from the last computation when it is at most `maxAgeMs` old. */
    recentAlerts(scope: string, now: number, maxAgeMs: number): AlertList {
      const cached = alertCache.get(scope);
      return cached && now - cached.at <= maxAgeMs ? cached : bounded(alertCache, scope, alertListFor(everyAlert(now), scope, now));
    },
  };
}

export type ScopeViews = ReturnType<typeof createScopeViews>;
