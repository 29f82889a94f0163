// KPI counters per basic grid per Shanghai day, for the last 35 days (and the days ahead that
// deadlines fall on): every region's figures for a period within them (today, this week, the month,
// rolling 30 days) are sums over its grids and the period's days. One dense Int32Array per day
// (17,701 grids x 36 counters: 2.5 MB). Beside it a rollup per street, district and the city per day,
// kept for 3 years (about 280 scopes x 36 counters: 40 KB a day, 45 MB for 3 years): the quarter,
// the year and the same period last year of those regions. The rules are in docs/kpi-rulebook.md:
// - flow figures count events dated in the period;
// - cohort figures ("reportedAndClosed", "reportedAndResolved", "reportedAndAcceptedInTime") are
//   kept on the report's day: "of the cases reported in the period, the share closed (resolved,
//   accepted within the hour) by now";
// - "due" and "dueOnTime" are kept on the deadline's day, each deadline counted once: when the
//   department resolves the case (on time or late), or when the deadline passes while it still owes
//   work (the overdue mark). A failed verification takes the resolution's count back; the deadline
//   is then counted again by the next resolution or by its overdue mark.
import type { CaseEvent } from '../../shared/caseEvent.ts';
import { SOURCE_CHANNELS, URGENCIES, type SourceChannel, type Urgency } from '../../shared/caseEvent.ts';
import { owes, type CaseState } from '../../shared/caseLifecycle.ts';

export const KPI_COUNTERS = [
  'reported',
  'accepted',
  'reportedAndAcceptedInTime',
  'dispatched',
  'returned',
  'closed',
  'handlingMinutes',
  'reportedAndClosed',
  'reportedAndResolved',
  'due',
  'dueOnTime',
  'escalations',
  'extensions',
  'visits',
  'satisfied',
  'rehandled',
  'defaultClosed',
  'becameOverdue',
  ...URGENCIES.map((u) => `resolved:${u}` as const),
  ...URGENCIES.map((u) => `resolvedMinutes:${u}` as const),
  ...SOURCE_CHANNELS.map((s) => `source:${s}` as const),
] as const;
export type KpiCounter = (typeof KPI_COUNTERS)[number];
const F = KPI_COUNTERS.length;
const IDX = Object.fromEntries(KPI_COUNTERS.map((k, i) => [k, i])) as Record<KpiCounter, number>;

export const DAYS_KEPT = 35;
/** A report is to be accepted (接单) within this long. */
export const ACCEPTANCE_LIMIT_MS = 3_600_000;
/** The rollup's days: 3 years and the window, so a year to date can be set against the same days of the year before. */
export const ROLLUP_DAYS_KEPT = 3 * 366 + DAYS_KEPT;
const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
/** The Shanghai day number (days since 1970-01-01 in UTC+8) of an instant. */
export const dayNumber = (epochMs: number) => Math.floor((epochMs + OFFSET_MS) / DAY_MS);

export type Counts = Record<KpiCounter, number>;

/** Reports and closures per 10 minutes, for the city and each district: "same time yesterday". */
const SLOT_MS = 10 * 60_000;
const SLOTS_PER_DAY = 144;
const slotOf = (epochMs: number) => Math.floor(((epochMs + OFFSET_MS) % DAY_MS) / SLOT_MS);

/** `gridCodes`: each grid's 15-digit code (its district and street are its first 6 and 9 digits); without them the rollup has the city only. */
export function createKpiCube(gridCount: number, gridCodes: readonly string[] = []) {
  const days = new Map<number, { grids: Int32Array; slots: Map<string, Int32Array> }>();
  // the rollup's scopes: the city first, then each district and street of the grids
  const scopeIndex = new Map<string, number>([[CITY, 0]]);
  const gridScopes = new Int32Array(gridCount * 2).fill(-1); // per grid: its district's and its street's index
  gridCodes.forEach((code, g) => {
    [code.slice(0, 6), code.slice(0, 9)].forEach((scope, k) => {
      let i = scopeIndex.get(scope);
      if (i === undefined) scopeIndex.set(scope, (i = scopeIndex.size));
      gridScopes[g * 2 + k] = i;
    });
  });
  const S = scopeIndex.size;
  const rollup = new Map<number, Int32Array>();
  let newestDay = -Infinity;

  /** The windows move with the events' own days (a deadline's day ahead of them does not move them). */
  function advanceTo(day: number) {
    if (day <= newestDay) return;
    newestDay = day;
    for (const d of days.keys()) if (d < newestDay - DAYS_KEPT + 1) days.delete(d);
    for (const d of rollup.keys()) if (d < newestDay - ROLLUP_DAYS_KEPT + 1) rollup.delete(d);
  }

  function bucket(day: number) {
    let b = days.get(day);
    if (!b) {
      if (day < newestDay - DAYS_KEPT + 1) return undefined; // older than the window: not kept
      b = { grids: new Int32Array(gridCount * F), slots: new Map() };
      days.set(day, b);
    }
    return b;
  }

  function rollupBucket(day: number) {
    let r = rollup.get(day);
    if (!r) {
      if (day < newestDay - ROLLUP_DAYS_KEPT + 1) return undefined;
      rollup.set(day, (r = new Int32Array(S * F)));
    }
    return r;
  }

  function add(at: number, grid: number, counter: KpiCounter, by = 1) {
    const day = dayNumber(at);
    const k = IDX[counter];
    const r = rollupBucket(day);
    if (r) {
      r[k]! += by;
      for (let j = 0; j < 2; j++) {
        const s = gridScopes[grid * 2 + j]!;
        if (s > 0) r[s * F + k]! += by;
      }
    }
    const b = bucket(day);
    if (!b) return;
    b.grids[grid * F + k]! += by;
    if (counter === 'reported' || counter === 'closed') {
      const k = 2 * slotOf(at) + (counter === 'reported' ? 0 : 1);
      const district = gridCodes[grid]?.slice(0, 6) ?? '';
      for (const scope of district ? [CITY, district] : [CITY]) {
        let slots = b.slots.get(scope);
        if (!slots) b.slots.set(scope, (slots = new Int32Array(2 * SLOTS_PER_DAY)));
        slots[k]! += by;
      }
    }
  }

  /**
   * The department's side of a step: a resolution (the case leaves the owed statuses) counts its
   * deadline as due, and on time when dated by it; a failed verification takes that back. An
   * unsatisfied visit gives a new deadline and leaves the old one's count as it was.
   */
  function settle(at: number, prev: CaseState, next: CaseState, grid: number) {
    const wasOwed = owes(prev);
    const isOwed = owes(next);
    if (wasOwed === isOwed) return;
    const deadline = prev.deadline;
    const marked = prev.overdueFor === deadline; // the overdue mark already counted the deadline (late)
    const urgency = next.urgency as Urgency;
    if (wasOwed) {
      // resolved: due (unless the mark counted it), on time when dated by the deadline
      if (!marked) add(deadline, grid, 'due');
      if (at <= deadline) add(deadline, grid, 'dueOnTime');
      add(next.reportedAt, grid, 'reportedAndResolved');
      add(at, grid, `resolved:${urgency}`);
      add(at, grid, `resolvedMinutes:${urgency}`, Math.round((at - next.reportedAt) / 60_000));
      return;
    }
    add(next.reportedAt, grid, 'reportedAndResolved', -1);
    if (prev.status === 'verified' && next.status === 'dispatched') return; // re-handled: a new deadline
    // a failed verification: the resolution does not stand
    const resolvedAt = prev.resolvedAt ?? at;
    if (!marked) add(deadline, grid, 'due', -1);
    if (resolvedAt <= deadline) add(deadline, grid, 'dueOnTime', -1);
    add(resolvedAt, grid, `resolved:${urgency}`, -1);
    add(resolvedAt, grid, `resolvedMinutes:${urgency}`, -Math.round((resolvedAt - next.reportedAt) / 60_000));
  }

  return {
    /** The counters as plain typed arrays, for a checkpoint. */
    /** The counters for a checkpoint, sparse (most grids have nothing on most days): a few MB, not a hundred. */
    exportState(): KpiCubeState {
      return {
        newestDay,
        counters: F,
        scopes: [...scopeIndex.keys()],
        days: [...days].map(([day, b]) => ({ day, grids: sparse(b.grids), slots: [...b.slots] })),
        rollup: [...rollup].map(([day, r]) => ({ day, scopes: sparse(r) })),
      };
    },
    importState(state: KpiCubeState) {
      if (state.counters !== F || state.scopes.join() !== [...scopeIndex.keys()].join() || state.days.some((d) => d.grids.length !== gridCount * F))
        throw new Error('KPI checkpoint does not fit this geography');
      days.clear();
      rollup.clear();
      for (const d of state.days) days.set(d.day, { grids: dense(d.grids), slots: new Map(d.slots) });
      for (const r of state.rollup) rollup.set(r.day, dense(r.scopes));
      newestDay = state.newestDay;
    },

    /** Counts one committed event; `prev` and `next` are the case before and after it. */
    record(event: CaseEvent, prev: CaseState | undefined, next: CaseState, grid: number) {
      const at = Date.parse(event.at);
      advanceTo(dayNumber(at));
      if (prev) settle(at, prev, next, grid);
      switch (event.type) {
        case 'reported':
          add(at, grid, 'reported');
          add(at, grid, `source:${next.source as SourceChannel}`);
          break;
        case 'accepted':
          if (prev?.acceptedAt === null) {
            add(at, grid, 'accepted');
            // 接单率 is a cohort: counted on the report's day
            if (at - next.reportedAt <= ACCEPTANCE_LIMIT_MS) add(next.reportedAt, grid, 'reportedAndAcceptedInTime');
          }
          break;
        case 'dispatched':
          add(at, grid, 'dispatched');
          break;
        case 'returned':
          add(at, grid, 'returned');
          break;
        case 'escalated':
          add(at, grid, 'escalations');
          break;
        case 'extension_granted':
          add(at, grid, 'extensions');
          break;
        case 'overdue':
          add(at, grid, 'becameOverdue');
          // fell due while owed: late (a case resolved late before its mark was counted at its resolution)
          if (prev && owes(prev)) add(Date.parse(event.deadline), grid, 'due');
          break;
        case 'evaluated':
          if (next.closedByDefault) add(at, grid, 'defaultClosed');
          else {
            add(at, grid, 'visits');
            if (next.visitResult !== 'unsatisfied') add(at, grid, 'satisfied');
          }
          if (next.status !== 'closed') {
            add(at, grid, 'rehandled');
            break;
          }
          add(at, grid, 'closed');
          add(at, grid, 'handlingMinutes', Math.round((at - next.reportedAt) / 60_000));
          add(next.reportedAt, grid, 'reportedAndClosed');
          break;
        default:
      }
    },

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

    /** Sums over the days fromDay..toDay (day numbers, within the last 35) and the given grids (undefined: the whole city). */
    sum(fromDay: number, toDay: number, grids?: ArrayLike<number>): Counts {
      if (!grids) return this.sumScope(fromDay, toDay, CITY)!;
      const total = new Float64Array(F);
      for (let d = fromDay; d <= toDay; d++) {
        const b = days.get(d);
        if (!b) continue;
        for (let i = 0; i < grids.length; i++) {
          const base = grids[i]! * F;
          for (let k = 0; k < F; k++) total[k]! += b.grids[base + k]!;
        }
      }
      return countsOf(total);
    },

    /** Sums over the days fromDay..toDay (within 3 years) of the city (''), a district or a street; null for a region the rollup does not keep. */
    sumScope(fromDay: number, toDay: number, scope: string): Counts | null {
      const s = scopeIndex.get(scope);
      if (s === undefined) return null;
      const total = new Float64Array(F);
      for (let d = fromDay; d <= toDay; d++) {
        const r = rollup.get(d);
        if (r) for (let k = 0; k < F; k++) total[k]! += r[s * F + k]!;
      }
      return countsOf(total);
    },

    /** Whether the rollup keeps this region (the city '', a district or a street). */
    keepsScope: (scope: string) => scopeIndex.has(scope),
    /** The oldest day the grid counters and the rollup still hold. */
    oldestDays: () => ({ grids: newestDay - DAYS_KEPT + 1, rollup: newestDay - ROLLUP_DAYS_KEPT + 1 }),
    /** Bytes held: the grid counters and the rollup. */
    bytes: () => ({ grids: days.size * gridCount * F * 4, rollup: rollup.size * S * F * 4, gridDays: days.size, rollupDays: rollup.size }),
  };
}

const countsOf = (total: Float64Array) => Object.fromEntries(KPI_COUNTERS.map((c, k) => [c, total[k]!])) as Counts;

export type KpiCube = ReturnType<typeof createKpiCube>;
/** A counter array without its zeros: where the others are, and what they are. */
export interface SparseCounts {
  length: number;
  at: Int32Array;
  values: Int32Array;
}
function sparse(a: Int32Array): SparseCounts {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== 0) n++;
  const at = new Int32Array(n);
  const values = new Int32Array(n);
  for (let i = 0, j = 0; i < a.length; i++)
    if (a[i] !== 0) {
      at[j] = i;
      values[j++] = a[i]!;
    }
  return { length: a.length, at, values };
}
function dense(s: SparseCounts): Int32Array {
  const a = new Int32Array(s.length);
  for (let j = 0; j < s.at.length; j++) a[s.at[j]!] = s.values[j]!;
  return a;
}

export interface KpiCubeState {
  newestDay: number;
  /** The counters per grid and scope (a checkpoint of another list is folded again). */
  counters: number;
  /** The rollup's scopes in index order: the city, then districts and streets. */
  scopes: string[];
  days: { day: number; grids: SparseCounts; slots: [string, Int32Array][] }[];
  rollup: { day: number; scopes: SparseCounts }[];
}
const CITY = '';
