// The case read model: open cases, the heat per grid (gridHeat.ts), KPI counters per grid and day
// (kpiCube.ts), time-bucketed report counters for the trends (trendCounters.ts), the duty list's
// dispatch and return counts (dutyListTuning.ts), the reports of the
// last 15 days for the spike rule (reportLog.ts) and the recent transitions (the last RESUME_WINDOW ticker lines, from which a
// reconnecting screen gets exactly what it missed, and each scope's latest seq). A pure fold over
// committed events: rebuilding it from the log gives the same state.
import { applyCaseEvent, isOpen, owes, type CaseState } from '../../shared/caseLifecycle.ts';
import { maskPersonalData } from '../../shared/masking.ts';
import { districtOf } from '../../shared/regions.ts';
import { shanghaiDay } from '../../shared/shanghaiTime.ts';
import { createKpiCube, dayNumber, type KpiCubeState } from './kpiCube.ts';
import { createGridHeat } from './gridHeat.ts';
import { createDutyListTuning, type DutyListTuningState } from './dutyListTuning.ts';
import { createReportLog, type ReportLogState } from './reportLog.ts';
import { createTrendCounters, type TrendCountersState } from './trendCounters.ts';
import { RESUME_WINDOW, TICKER_SIZE, type HeatEntries, type Kpis, type TickerLine } from '../../shared/protocol.ts';
import { CITY_CODE } from '../../shared/regions.ts';
import type { StoredCaseEvent } from '../../shared/caseEvent.ts';

export interface OpenCase {
  state: CaseState;
  /** Masked once, when the case is reported; the raw text never enters the projection. */
  summary: string;
  /** When the case's latest event was committed (server clock): the case watch lets a case that just changed settle first. */
  recordedAt: number;
}

export function createCaseProjection(
  gridCount: number,
  indexOf: (gridCode: string) => number | undefined,
  gridCodes?: readonly string[],
  /** What "now" is for the time-dependent heat (the last hour, deadlines passed); tests may pin it. */
  clock: () => number = Date.now,
) {
  const open = new Map<string, OpenCase>();
  const heat = createGridHeat(gridCount, clock);
  const trends = createTrendCounters();
  const reports = createReportLog();
  // the grids' codes give the cube its districts and streets ("same time yesterday", the 3-year rollup)
  const cube = createKpiCube(gridCount, gridCodes);
  /** Dispatches, re-dispatches and returns per sub-category and street: how well the duty list routes. */
  const tuning = createDutyListTuning();
  /** The latest ticker lines, oldest first, at most RESUME_WINDOW of them (trimmed in steps). */
  let recent: TickerLine[] = [];
  /** The seq of the newest line trimmed from `recent` (0: nothing trimmed yet). */
  let trimmedUpTo = 0;
  /** Per scope (city, district, street code), the seq of its newest transition. */
  const lastInScope = new Map<string, number>();
  let lastSeq = 0;

  /**
   * Folds committed events in log order; returns the ticker lines they produced. An event that
   * cannot be folded throws, unless `skip` is given (playback, which must not die on one odd event):
   * then it is passed there and left out, the projection unchanged by it.
   */
  function apply(events: StoredCaseEvent[], skip?: (event: StoredCaseEvent, why: string) => void): TickerLine[] {
    const lines: TickerLine[] = [];
    const refuse = (e: StoredCaseEvent, why: string) => {
      const message = `projection cannot fold event ${e.event.eventId} (seq ${e.seq}): ${why}`;
      if (!skip) throw new Error(message);
      skip(e, message);
    };
    for (const stored of events) {
      const { seq, event } = stored;
      if (seq <= lastSeq) continue; // already folded (e.g. replayed by the bus after a rebuild)
      lastSeq = seq;
      const prev = open.get(event.caseId);
      const result = applyCaseEvent(prev?.state, event);
      if (!result.ok) {
        refuse(stored, result.message);
        continue;
      }
      const state = result.state;
      const grid = indexOf(state.gridCode);
      if (grid === undefined) {
        refuse(stored, `grid ${state.gridCode} is not in the geography`);
        continue;
      }
      const summary = prev?.summary ?? (event.type === 'reported' ? maskPersonalData(event.summary) : '');
      cube.record(event, prev?.state, state, grid);
      tuning.record(event, prev?.state, state);
      if (event.type === 'reported') {
        heat.reported(state.reportedAt, grid);
        trends.record(state.reportedAt, state.gridCode, state.category, state.source);
        reports.add(state.reportedAt, state.gridCode, state.category, state.source);
      }
      if (isOpen(state)) {
        open.set(state.caseId, { state, summary, recordedAt: stored.recordedAt });
        // the overdue heat follows the department's clock: reported, extended, resolved, sent back
        const owedBefore = prev !== undefined && owes(prev.state);
        if (!owes(state)) {
          if (owedBefore) heat.settled(state.caseId);
        } else if (!owedBefore || prev.state.deadline !== state.deadline) heat.deadline(state.caseId, grid, state.deadline);
      } else {
        open.delete(state.caseId);
        heat.closed(state.caseId, grid);
      }
      const line: TickerLine = {
        seq,
        caseId: state.caseId,
        type: event.type,
        status: state.status,
        at: Date.parse(event.at),
        gridCode: state.gridCode,
        districtCode: districtOf(state.gridCode)?.code ?? '',
        category: state.category,
        urgency: state.urgency,
        source: state.source,
        summary,
      };
      lines.push(line);
      recent.push(line);
      for (const scope of scopesOf(state.gridCode)) lastInScope.set(scope, seq);
    }
    if (recent.length > RESUME_WINDOW * 1.25) {
      trimmedUpTo = recent[recent.length - RESUME_WINDOW - 1]!.seq;
      recent = recent.slice(-RESUME_WINDOW);
    }
    return lines;
  }

  /** A new demo's history being written (set by the simulator): the KPIs say so. */
  let historyLoading: Kpis['historyLoading'] | null = null;

  /** The headline figures for today of the city, or of a scope given its code and its grids. */
  function kpis(now: number, workersOnline: number, scope?: { code: string; grids: ArrayLike<number> }): Kpis {
    const today = cube.sum(dayNumber(now), dayNumber(now), scope?.grids);
    const month = cube.sum(dayNumber(now) - 29, dayNumber(now), scope?.grids);
    let overdueNow = 0;
    let openCases = 0;
    for (const { state } of open.values()) {
      if (scope && !state.gridCode.startsWith(scope.code)) continue;
      openCases += 1;
      if (owes(state) && state.deadline < now) overdueNow += 1;
    }
    const scopeKey = scope ? (scope.code.length === 6 ? scope.code : null) : '';
    return {
      day: shanghaiDay(now),
      yesterdaySameTime: scopeKey === null ? null : cube.sameTimeYesterday(now, scopeKey),
      reportedToday: today.reported,
      closedToday: today.closed,
      closureRate: today.reported ? today.reportedAndClosed / today.reported : null,
      overdueNow,
      openCases,
      workersOnline,
      onTimeRate30d: month.due ? month.dueOnTime / month.due : null,
      satisfaction30d: month.visits ? month.satisfied / month.visits : null,
      ...(historyLoading ? { historyLoading } : {}),
    };
  }

  /** Every grid with a nonzero heat metric, as of now. */
  const heatEntries = (): HeatEntries => heat.entries();

  /** Grids any of whose heat metrics changed since the last call, advanced to `now` (coalesced: latest value wins). */
  const drainHeatChanges = (now?: number): HeatEntries => heat.drainChanges(now);

  /** Everything folded so far, for a checkpoint: restoring it equals folding the log up to lastSeq. */
  function exportState(): ProjectionState {
    return {
      lastSeq,
      open: [...open.values()],
      recent: [...recent],
      trimmedUpTo,
      lastInScope: [...lastInScope],
      cube: cube.exportState(),
      lastHourReports: heat.exportRecent(),
      trends: trends.exportState(),
      reports: reports.exportState(),
      tuning: tuning.exportState(),
    };
  }

  function importState(state: ProjectionState) {
    open.clear();
    heat.reset(state.lastHourReports);
    for (const o of state.open) {
      const grid = indexOf(o.state.gridCode);
      if (grid === undefined) throw new Error(`checkpoint holds a case in grid ${o.state.gridCode}, which is not in the geography`);
      open.set(o.state.caseId, o);
      heat.restoreOpen(o.state.caseId, grid, owes(o.state) ? o.state.deadline : null);
    }
    trends.importState(state.trends);
    reports.importState(state.reports);
    tuning.importState(state.tuning);
    recent = [...state.recent];
    trimmedUpTo = state.trimmedUpTo;
    lastInScope.clear();
    for (const [scope, seq] of state.lastInScope) lastInScope.set(scope, seq);
    cube.importState(state.cube);
    lastSeq = state.lastSeq;
  }

  return {
    apply,
    exportState,
    importState,
    kpis,
    /** A new demo's history: `{ day, days }` while it is written, null once it is done. */
    setHistoryLoading(progress: Kpis['historyLoading'] | null) {
      historyLoading = progress;
    },
    heatEntries,
    drainHeatChanges,
    /** The latest ticker lines of a scope (default the city), oldest first. */
    ticker: (scope = CITY_CODE, n = TICKER_SIZE): TickerLine[] => {
      const out: TickerLine[] = [];
      for (let i = recent.length - 1; i >= 0 && out.length < n; i--) if (recent[i]!.gridCode.startsWith(scope)) out.push(recent[i]!);
      return out.reverse();
    },
    /** Every scope's newest transition seq. */
    scopeSeqs: (): [string, number][] => [...lastInScope],
    /** The scope's transitions after `afterSeq`, or null when some of them are no longer kept. */
    linesSince(scope: string, afterSeq: number): TickerLine[] | null {
      if (afterSeq < trimmedUpTo || afterSeq > lastSeq) return null;
      return recent.filter((l) => l.seq > afterSeq && l.gridCode.startsWith(scope));
    },
    lastSeq: () => lastSeq,
    openCases: (): CaseState[] => [...open.values()].map((o) => o.state),
    /** The open cases without copying them out (for scans that run every second). */
    eachOpenCase: (): IterableIterator<OpenCase> => open.values(),
    cube,
    trends,
    reports,
    tuning,
  };
}

export type CaseProjection = ReturnType<typeof createCaseProjection>;
export interface ProjectionState {
  lastSeq: number;
  open: OpenCase[];
  recent: TickerLine[];
  trimmedUpTo: number;
  lastInScope: [string, number][];
  cube: KpiCubeState;
  /** Reports still within the last hour when saved, [reportedAt, grid index]: the heat's newLastHour. */
  lastHourReports: [number, number][];
  trends: TrendCountersState;
  reports: ReportLogState;
  tuning: DutyListTuningState;
}

/** The scopes a grid's transitions belong to: the city, its district, its street. */
export function scopesOf(gridCode: string): [string, string, string] {
  return [CITY_CODE, gridCode.slice(0, 6), gridCode.slice(0, 9)];
}
