// How well the duty list (config/departments.json) routes, per sub-category and street: cases
// dispatched the first time, dispatched again after a department returned them (退回, then 改派),
// dispatched again after a whistle raised them, and returns. A line whose cases come back often
// misleads: its owner is the wrong kind, or the line should split. Part of the case projection's fold
// (its checkpoint carries the counts), so it is rebuilt from the log like every other read model.
import type { CaseEvent } from '../../shared/caseEvent.ts';
import type { CaseState } from '../../shared/caseLifecycle.ts';

export interface TuningCounts {
  /** First dispatches (from 受理). */
  dispatched: number;
  /** Dispatches after a return (改派): each one a department that was sent a case it did not own. */
  redispatched: number;
  /** Dispatches after a whistle raised the case (提级): the list's district line at work, not a mistake. */
  raised: number;
  /** Returns (退回) by a department, with a reason. */
  returned: number;
}
export type DutyListTuningState = [key: string, counts: TuningCounts][];

const zero = (): TuningCounts => ({ dispatched: 0, redispatched: 0, raised: 0, returned: 0 });

export function createDutyListTuning() {
  /** `${street}|${category}` -> counts (a street's key sees its own street's). */
  const counts = new Map<string, TuningCounts>();
  const at = (state: CaseState) => {
    const key = `${state.gridCode.slice(0, 9)}|${state.category}`;
    let c = counts.get(key);
    if (!c) counts.set(key, (c = zero()));
    return c;
  };
  return {
    /** One folded event: `prev` the case before it, `state` after. */
    record(event: CaseEvent, prev: CaseState | undefined, state: CaseState) {
      if (event.type === 'returned') at(state).returned += 1;
      else if (event.type === 'dispatched' && prev) {
        const c = at(state);
        if (prev.status === 'returned') c.redispatched += 1;
        else if (prev.status === 'escalated') c.raised += 1;
        else c.dispatched += 1;
      }
    },
    /** Per sub-category, summed over the streets within `scope` (the city's code: all; a district's: its streets). */
    byCategory(scope: string): Map<string, TuningCounts> {
      const out = new Map<string, TuningCounts>();
      for (const [key, c] of counts) {
        const [street, category] = key.split('|') as [string, string];
        if (!street.startsWith(scope)) continue;
        let sum = out.get(category);
        if (!sum) out.set(category, (sum = zero()));
        sum.dispatched += c.dispatched;
        sum.redispatched += c.redispatched;
        sum.raised += c.raised;
        sum.returned += c.returned;
      }
      return out;
    },
    exportState: (): DutyListTuningState => [...counts].map(([k, c]) => [k, { ...c }]),
    importState(state: DutyListTuningState) {
      counts.clear();
      for (const [k, c] of state) counts.set(k, { ...c });
    },
  };
}
export type DutyListTuning = ReturnType<typeof createDutyListTuning>;
