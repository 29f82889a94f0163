// The map's heat per grid, three metrics (HEAT_METRICS): open cases, cases reported in the last hour
// and open cases past their deadline while the department still owes work. The last two change by the passage of time as well as by
// events, so the heat tick calls advance(now): reports leave the hour from a time-ordered queue, and
// deadlines pass from a min-heap of the open cases not yet overdue. Whether a report is still in the
// hour or a deadline has passed is judged against the clock (never the fold's own times), so a fold
// from the log and one restored from a checkpoint agree once advanced to the same time.
import type { HeatEntries } from '../../shared/protocol.ts';
import { HOUR_MS } from './trendWindows.ts';

export const NEW_CASE_WINDOW_MS = HOUR_MS;

export function createGridHeat(gridCount: number, clock: () => number) {
  const open = new Int32Array(gridCount);
  const fresh = new Int32Array(gridCount);
  const overdue = new Int32Array(gridCount);
  const dirty = new Set<number>();
  // reports of the last hour in time order; entries before `head` have left the hour
  let recentAt: number[] = [];
  let recentGrid: number[] = [];
  let head = 0;
  // open cases whose deadline has not passed yet: min-heap of (deadline, caseId), lazily cleaned
  const heapDeadline: number[] = [];
  const heapCase: string[] = [];
  /** caseId -> [grid, deadline] of the open cases still before their deadline. */
  const pending = new Map<string, [number, number]>();
  /** caseId -> grid of the open cases counted overdue. */
  const counted = new Map<string, number>();

  function heapPush(deadline: number, caseId: string) {
    let i = heapDeadline.length;
    heapDeadline.push(deadline);
    heapCase.push(caseId);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heapDeadline[p]! <= deadline) break;
      heapDeadline[i] = heapDeadline[p]!;
      heapCase[i] = heapCase[p]!;
      i = p;
    }
    heapDeadline[i] = deadline;
    heapCase[i] = caseId;
  }

  function heapPop() {
    const lastD = heapDeadline.pop()!;
    const lastC = heapCase.pop()!;
    const n = heapDeadline.length;
    if (!n) return;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && heapDeadline[c + 1]! < heapDeadline[c]!) c += 1;
      if (heapDeadline[c]! >= lastD) break;
      heapDeadline[i] = heapDeadline[c]!;
      heapCase[i] = heapCase[c]!;
      i = c;
    }
    heapDeadline[i] = lastD;
    heapCase[i] = lastC;
  }

  const bump = (a: Int32Array, grid: number, by: number) => {
    a[grid] = a[grid]! + by;
    dirty.add(grid);
  };

  /** Starts watching an open case's deadline: counted overdue at once if it has passed, else queued. */
  function watch(caseId: string, grid: number, deadline: number, countOverdue: (grid: number) => void) {
    if (deadline < clock()) {
      counted.set(caseId, grid);
      countOverdue(grid);
    } else {
      pending.set(caseId, [grid, deadline]);
      heapPush(deadline, caseId);
    }
  }

  function uncount(caseId: string) {
    const grid = counted.get(caseId);
    if (grid !== undefined) {
      counted.delete(caseId);
      bump(overdue, grid, -1);
    }
    pending.delete(caseId);
  }

  /** Moves the time-dependent metrics to `now`: reports older than an hour leave, passed deadlines count. */
  function advance(now: number) {
    while (head < recentAt.length && recentAt[head]! <= now - NEW_CASE_WINDOW_MS) {
      bump(fresh, recentGrid[head]!, -1);
      head += 1;
    }
    if (head > 4096 && head * 2 > recentAt.length) {
      recentAt = recentAt.slice(head);
      recentGrid = recentGrid.slice(head);
      head = 0;
    }
    while (heapDeadline.length && heapDeadline[0]! < now) {
      const deadline = heapDeadline[0]!;
      const caseId = heapCase[0]!;
      heapPop();
      const p = pending.get(caseId);
      if (!p || p[1] !== deadline) continue; // closed, or its deadline was moved since
      pending.delete(caseId);
      counted.set(caseId, p[0]);
      bump(overdue, p[0], 1);
    }
  }

  return {
    /** A new report: one more open case, and one more in the last hour unless it is older than that. */
    reported(at: number, grid: number) {
      bump(open, grid, 1);
      if (at <= clock() - NEW_CASE_WINDOW_MS) return;
      // nearly always the newest: insert from the end
      let i = recentAt.length;
      while (i > head && recentAt[i - 1]! > at) i -= 1;
      recentAt.splice(i, 0, at);
      recentGrid.splice(i, 0, grid);
      bump(fresh, grid, 1);
    },
    /** An open case's deadline, on its report and whenever an extension moves it. */
    deadline(caseId: string, grid: number, deadline: number) {
      uncount(caseId);
      watch(caseId, grid, deadline, (g) => bump(overdue, g, 1));
    },
    /** The department resolved the case: its deadline no longer runs (it stays open). */
    settled: uncount,
    closed(caseId: string, grid: number) {
      uncount(caseId);
      bump(open, grid, -1);
    },
    advance,
    /** Every grid with a nonzero metric. */
    entries(): HeatEntries {
      advance(clock());
      const out: HeatEntries = [];
      for (let i = 0; i < gridCount; i++) if (open[i] || fresh[i] || overdue[i]) out.push([i, open[i]!, fresh[i]!, overdue[i]!]);
      return out;
    },
    /** Grids any of whose metrics changed since the last drain, with their values now (latest wins). */
    drainChanges(now = clock()): HeatEntries {
      advance(now);
      const out: HeatEntries = [...dirty].map((i) => [i, open[i]!, fresh[i]!, overdue[i]!]);
      dirty.clear();
      return out;
    },
    /** The reports still in the hour, for a checkpoint (the rest is rebuilt from the open cases). */
    exportRecent: (): [number, number][] => recentAt.slice(head).map((t, k) => [t, recentGrid[head + k]!]),
    /** Clears everything; the caller then replays the open cases and these recent reports. */
    reset(recent: [number, number][]) {
      open.fill(0);
      fresh.fill(0);
      overdue.fill(0);
      pending.clear();
      counted.clear();
      heapDeadline.length = 0;
      heapCase.length = 0;
      recentAt = [];
      recentGrid = [];
      head = 0;
      const cutoff = clock() - NEW_CASE_WINDOW_MS;
      for (const [t, grid] of [...recent].sort((a, b) => a[0] - b[0])) {
        if (t <= cutoff) continue;
        recentAt.push(t);
        recentGrid.push(grid);
        fresh[grid] = fresh[grid]! + 1;
      }
      dirty.clear();
    },
    /** After reset: one open case (its report is already in, or out of, the recent queue); deadline null: not owed. */
    restoreOpen(caseId: string, grid: number, deadline: number | null) {
      open[grid] = open[grid]! + 1;
      if (deadline !== null) watch(caseId, grid, deadline, (g) => (overdue[g] = overdue[g]! + 1)); // not dirty: a restore is a fresh start
    },
    /** Open cases past their deadline, as counted at the last advance. */
    overdueCount: () => counted.size,
  };
}

export type GridHeat = ReturnType<typeof createGridHeat>;
