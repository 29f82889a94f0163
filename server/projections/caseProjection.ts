// The case read model: open cases, open cases per grid (heat), daily counters (KPIs) and the
// ticker ring. A pure fold over committed events: rebuilding it from the log gives the same state.
import { applyCaseEvent, isOpen, type CaseState } from '../../shared/caseLifecycle.ts';
import { maskPersonalData } from '../../shared/masking.ts';
import { districtOf } from '../../shared/regions.ts';
import { shanghaiDay } from '../../shared/shanghaiTime.ts';
import { TICKER_SIZE, type HeatEntries, type Kpis, type TickerLine } from '../../shared/protocol.ts';
import type { StoredCaseEvent } from '../store/eventStore.ts';

interface OpenCase {
  state: CaseState;
  /** Masked once, when the case is reported; the raw text never enters the projection. */
  summary: string;
}

interface DayCounts {
  reported: number;
  closed: number;
  /** Cases reported on this day that are closed by now. */
  reportedAndClosed: number;
}

const DAYS_KEPT = 40;

export function createCaseProjection(gridCount: number, indexOf: (gridCode: string) => number | undefined) {
  const open = new Map<string, OpenCase>();
  const heat = new Int32Array(gridCount);
  const dirtyGrids = new Set<number>();
  const days = new Map<string, DayCounts>();
  const ticker: TickerLine[] = [];
  let lastSeq = 0;

  const dayCounts = (day: string): DayCounts => {
    let c = days.get(day);
    if (!c) {
      c = { reported: 0, closed: 0, reportedAndClosed: 0 };
      days.set(day, c);
      if (days.size > DAYS_KEPT) days.delete(days.keys().next().value!);
    }
    return c;
  };

  const bumpHeat = (gridCode: string, by: number) => {
    const i = indexOf(gridCode);
    if (i === undefined) return;
    heat[i] = heat[i]! + by;
    dirtyGrids.add(i);
  };

  /** Folds committed events in log order; returns the ticker lines they produced. */
  function apply(events: StoredCaseEvent[]): TickerLine[] {
    const lines: TickerLine[] = [];
    for (const { seq, event } of events) {
      if (seq <= lastSeq) continue; // already folded (e.g. replayed by the bus after a rebuild)
      lastSeq = seq;
      const prev = open.get(event.caseId);
      const result = applyCaseEvent(prev?.state, event);
      if (!result.ok) throw new Error(`projection cannot fold event ${event.eventId} (seq ${seq}): ${result.message}`);
      const state = result.state;
      const summary = prev?.summary ?? (event.type === 'reported' ? maskPersonalData(event.summary) : '');
      if (event.type === 'reported') {
        dayCounts(shanghaiDay(state.reportedAt)).reported += 1;
        bumpHeat(state.gridCode, 1);
      }
      if (isOpen(state)) open.set(state.caseId, { state, summary });
      else {
        open.delete(state.caseId);
        bumpHeat(state.gridCode, -1);
        dayCounts(shanghaiDay(state.closedAt!)).closed += 1;
        const reportedDay = days.get(shanghaiDay(state.reportedAt));
        if (reportedDay) reportedDay.reportedAndClosed += 1;
      }
      const line: TickerLine = {
        seq, caseId: state.caseId, type: event.type, status: state.status, at: state.updatedAt,
        gridCode: state.gridCode, districtCode: districtOf(state.gridCode)?.code ?? '', category: state.category,
        urgency: state.urgency, source: state.source, summary,
      };
      lines.push(line);
      ticker.push(line);
    }
    if (ticker.length > TICKER_SIZE) ticker.splice(0, ticker.length - TICKER_SIZE);
    return lines;
  }

  function kpis(now: number, workersOnline: number): Kpis {
    const day = shanghaiDay(now);
    const today = days.get(day) ?? { reported: 0, closed: 0, reportedAndClosed: 0 };
    let overdueNow = 0;
    for (const { state } of open.values()) if (state.deadline < now) overdueNow += 1;
    return {
      day,
      reportedToday: today.reported,
      closedToday: today.closed,
      closureRate: today.reported ? today.reportedAndClosed / today.reported : null,
      overdueNow,
      openCases: open.size,
      workersOnline,
    };
  }

  function heatEntries(): HeatEntries {
    const entries: HeatEntries = [];
    heat.forEach((v, i) => v && entries.push([i, v]));
    return entries;
  }

  /** Grids whose open count changed since the last call (coalesced: latest value wins). */
  function drainHeatChanges(): HeatEntries {
    const changes: HeatEntries = [...dirtyGrids].map((i) => [i, heat[i]!]);
    dirtyGrids.clear();
    return changes;
  }

  return {
    apply,
    kpis,
    heatEntries,
    drainHeatChanges,
    ticker: (): TickerLine[] => [...ticker],
    lastSeq: () => lastSeq,
    openCases: (): CaseState[] => [...open.values()].map((o) => o.state),
  };
}

export type CaseProjection = ReturnType<typeof createCaseProjection>;
