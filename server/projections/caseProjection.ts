// The case read model: open cases, open cases per grid (heat), KPI counters per grid and day
// (kpiCube.ts) and the ticker ring. A pure fold over committed events: rebuilding it from the log
// gives the same state.
import { applyCaseEvent, isOpen, type CaseState } from '../../shared/caseLifecycle.ts';
import { maskPersonalData } from '../../shared/masking.ts';
import { districtOf } from '../../shared/regions.ts';
import { shanghaiDay } from '../../shared/shanghaiTime.ts';
import { createKpiCube, dayNumber, type KpiCubeState } from './kpiCube.ts';
import { TICKER_SIZE, type HeatEntries, type Kpis, type TickerLine } from '../../shared/protocol.ts';
import type { StoredCaseEvent } from '../store/eventStore.ts';

interface OpenCase {
  state: CaseState;
  /** Masked once, when the case is reported; the raw text never enters the projection. */
  summary: string;
}

export function createCaseProjection(gridCount: number, indexOf: (gridCode: string) => number | undefined) {
  const open = new Map<string, OpenCase>();
  const heat = new Int32Array(gridCount);
  const dirtyGrids = new Set<number>();
  const cube = createKpiCube(gridCount);
  const ticker: TickerLine[] = [];
  let lastSeq = 0;

  const bumpHeat = (grid: number, by: number) => {
    heat[grid] = heat[grid]! + by;
    dirtyGrids.add(grid);
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
      const grid = indexOf(state.gridCode);
      if (grid === undefined) throw new Error(`projection cannot fold event ${event.eventId} (seq ${seq}): grid ${state.gridCode} is not in the geography`);
      const summary = prev?.summary ?? (event.type === 'reported' ? maskPersonalData(event.summary) : '');
      cube.record(event, prev?.state, state, grid);
      if (event.type === 'reported') bumpHeat(grid, 1);
      if (isOpen(state)) open.set(state.caseId, { state, summary });
      else {
        open.delete(state.caseId);
        bumpHeat(grid, -1);
      }
      const line: TickerLine = {
        seq, caseId: state.caseId, type: event.type, status: state.status, at: Date.parse(event.at),
        gridCode: state.gridCode, districtCode: districtOf(state.gridCode)?.code ?? '', category: state.category,
        urgency: state.urgency, source: state.source, summary,
      };
      lines.push(line);
      ticker.push(line);
    }
    if (ticker.length > TICKER_SIZE) ticker.splice(0, ticker.length - TICKER_SIZE);
    return lines;
  }

  /** The city's headline figures for today, pushed to every screen each second. */
  function kpis(now: number, workersOnline: number): Kpis {
    const today = cube.sum(dayNumber(now), dayNumber(now));
    let overdueNow = 0;
    for (const { state } of open.values()) if (state.deadline < now) overdueNow += 1;
    return {
      day: shanghaiDay(now),
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

  /** Everything folded so far, for a checkpoint: restoring it equals folding the log up to lastSeq. */
  function exportState(): ProjectionState {
    return { lastSeq, open: [...open.values()], ticker: [...ticker], cube: cube.exportState() };
  }

  function importState(state: ProjectionState) {
    open.clear();
    heat.fill(0);
    for (const o of state.open) {
      const grid = indexOf(o.state.gridCode);
      if (grid === undefined) throw new Error(`checkpoint holds a case in grid ${o.state.gridCode}, which is not in the geography`);
      open.set(o.state.caseId, o);
      heat[grid] = heat[grid]! + 1;
    }
    dirtyGrids.clear();
    ticker.splice(0, ticker.length, ...state.ticker);
    cube.importState(state.cube);
    lastSeq = state.lastSeq;
  }

  return {
    apply,
    exportState,
    importState,
    kpis,
    heatEntries,
    drainHeatChanges,
    ticker: (): TickerLine[] => [...ticker],
    lastSeq: () => lastSeq,
    openCases: (): CaseState[] => [...open.values()].map((o) => o.state),
    cube,
  };
}

export type CaseProjection = ReturnType<typeof createCaseProjection>;
export interface ProjectionState {
  lastSeq: number;
  open: OpenCase[];
  ticker: TickerLine[];
  cube: KpiCubeState;
}
