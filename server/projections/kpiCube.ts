// KPI counters per basic grid per Shanghai day, for the last 35 days: every region's figures for
// any period (today, this week, rolling 30 days) are sums over its grids and the period's days.
// One dense Int32Array per day (17,701 grids x 19 counters: 1.3 MB), plus the city's totals.
// Flow figures count events dated in the period; "reportedAndClosed" is kept on the report's day,
// so a closure rate is "of the cases reported in the period, the share closed by now".
import type { CaseEvent } from '../../shared/caseEvent.ts';
import { SOURCE_CHANNELS, type SourceChannel } from '../../shared/caseEvent.ts';
import type { CaseState } from '../../shared/caseLifecycle.ts';

export const KPI_COUNTERS = [
  'reported',
  'accepted',
  'acceptedWithin1h',
  'closed',
  'closedOnTime',
  'handlingMinutes',
  'reportedAndClosed',
  'escalations',
  'extensions',
  'evaluations',
  'satisfied',
  'becameOverdue',
  ...SOURCE_CHANNELS.map((s) => `source:${s}` as const),
] as const;
export type KpiCounter = (typeof KPI_COUNTERS)[number];
const F = KPI_COUNTERS.length;
const IDX = Object.fromEntries(KPI_COUNTERS.map((k, i) => [k, i])) as Record<KpiCounter, number>;

export const DAYS_KEPT = 35;
const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** The Shanghai day number (days since 1970-01-01 in UTC+8) of an instant. */
export const dayNumber = (epochMs: number) => Math.floor((epochMs + OFFSET_MS) / DAY_MS);

export type Counts = Record<KpiCounter, number>;

/** Reports and closures per 10 minutes, for the city and each district: "same time yesterday". */
const SLOT_MS = 10 * 60_000;
const SLOTS_PER_DAY = 144;
const slotOf = (epochMs: number) => Math.floor(((epochMs + OFFSET_MS) % DAY_MS) / SLOT_MS);

export function createKpiCube(gridCount: number, districtOfGrid: (grid: number) => string = () => '') {
  const days = new Map<number, { grids: Int32Array; city: Int32Array; slots: Map<string, Int32Array> }>();
  let newestDay = -Infinity;

  function bucket(day: number) {
    let b = days.get(day);
    if (!b) {
      if (day < newestDay - DAYS_KEPT + 1) return undefined; // older than the window: not kept
      b = { grids: new Int32Array(gridCount * F), city: new Int32Array(F), slots: new Map() };
      days.set(day, b);
      if (day > newestDay) {
        newestDay = day;
        for (const d of days.keys()) if (d < newestDay - DAYS_KEPT + 1) days.delete(d);
      }
    }
    return b;
  }

  function add(at: number, grid: number, counter: KpiCounter, by = 1) {
    const b = bucket(dayNumber(at));
    if (!b) return;
    b.grids[grid * F + IDX[counter]]! += by;
    b.city[IDX[counter]]! += by;
    if (counter === 'reported' || counter === 'closed') {
      const k = 2 * slotOf(at) + (counter === 'reported' ? 0 : 1);
      const district = districtOfGrid(grid);
      for (const scope of district ? [CITY, district] : [CITY]) {
        let slots = b.slots.get(scope);
        if (!slots) b.slots.set(scope, (slots = new Int32Array(2 * SLOTS_PER_DAY)));
        slots[k]! += by;
      }
    }
  }

  return {
    /** The counters as plain typed arrays, for a checkpoint. */
    exportState(): KpiCubeState {
      return { newestDay, days: [...days].map(([day, b]) => ({ day, grids: b.grids, city: b.city, slots: [...b.slots] })) };
    },
    importState(state: KpiCubeState) {
      if (state.days.some((d) => d.grids.length !== gridCount * F || d.city.length !== F)) throw new Error('KPI checkpoint does not fit this geography');
      days.clear();
      for (const d of state.days) days.set(d.day, { grids: d.grids, city: d.city, slots: new Map(d.slots) });
      newestDay = state.newestDay;
    },

    /** Counts one committed event; `prev` and `next` are the case before and after it. */
    record(event: CaseEvent, prev: CaseState | undefined, next: CaseState, grid: number) {
      const at = Date.parse(event.at);
      switch (event.type) {
        case 'reported':
          add(at, grid, 'reported');
          add(at, grid, `source:${next.source as SourceChannel}`);
          break;
        case 'accepted':
          if (prev?.acceptedAt === null) {
            add(at, grid, 'accepted');
            if (at - next.reportedAt <= HOUR_MS) add(at, grid, 'acceptedWithin1h');
          }
          break;
        case 'escalated':
          add(at, grid, 'escalations');
          break;
        case 'extension_granted':
          add(at, grid, 'extensions');
          break;
        case 'overdue':
          add(at, grid, 'becameOverdue');
          break;
        case 'evaluated':
          add(at, grid, 'closed');
          if (at <= next.deadline) add(at, grid, 'closedOnTime');
          add(at, grid, 'handlingMinutes', Math.round((at - next.reportedAt) / 60_000));
          add(at, grid, 'evaluations');
          if (event.satisfied) add(at, grid, 'satisfied');
          add(next.reportedAt, grid, 'reportedAndClosed');
          break;
        default:
      }
    },

    /**
     * Reports and closures of the city (scope '') or a district on the day before `now`'s, up to the
     * same time of day (to the 10 minutes). A day without a bucket had none.
     */
    /**
     * Reported and closed yesterday up to this time of day; null when the city had nothing at all
     * by then yesterday: the log does not reach back that far (a new store), and a change against
     * a yesterday never recorded would be a false alarm.
     */
    sameTimeYesterday(now: number, scope = CITY): { reported: number; closed: number } | null {
      const yesterday = days.get(dayNumber(now) - 1)?.slots;
      const city = yesterday?.get(CITY);
      let recorded = false;
      if (city) for (let s = 0; s <= slotOf(now) && !recorded; s++) recorded = city[2 * s]! > 0 || city[2 * s + 1]! > 0;
      if (!recorded) return null;
      const slots = yesterday!.get(scope);
      let reported = 0,
        closed = 0;
      if (slots)
        for (let s = 0; s <= slotOf(now); s++) {
          reported += slots[2 * s]!;
          closed += slots[2 * s + 1]!;
        }
      return { reported, closed };
    },

    /** Sums over the days fromDay..toDay (day numbers) and the given grids (undefined: the whole city). */
    sum(fromDay: number, toDay: number, grids?: ArrayLike<number>): Counts {
      const total = new Float64Array(F);
      for (let d = fromDay; d <= toDay; d++) {
        const b = days.get(d);
        if (!b) continue;
        if (!grids) for (let k = 0; k < F; k++) total[k]! += b.city[k]!;
        else
          for (let i = 0; i < grids.length; i++) {
            const base = grids[i]! * F;
            for (let k = 0; k < F; k++) total[k]! += b.grids[base + k]!;
          }
      }
      return Object.fromEntries(KPI_COUNTERS.map((c, k) => [c, total[k]!])) as Counts;
    },
  };
}

export type KpiCube = ReturnType<typeof createKpiCube>;
export interface KpiCubeState {
  newestDay: number;
  days: { day: number; grids: Int32Array; city: Int32Array; slots: [string, Int32Array][] }[];
}
const CITY = '';
