// What happens to a simulated case next, and after how long: the typical path through the loop
// with realistic delays (in real-world milliseconds) and the occasional detour.
import type { CaseEvent, SourceCaseEvent } from '../../shared/caseEvent.ts';
import type { CaseState } from '../../shared/caseLifecycle.ts';
import { legacyDeadline } from '../../shared/slaRules.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

export type Rng = () => number;
type NextStep = { delayMs: number; event: DistributiveOmit<CaseEvent, 'eventId' | 'caseId' | 'at'> };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const between = (rng: Rng, lo: number, hi: number) => lo + rng() * (hi - lo);
const UNITS = ['街道综合执法队', '区城管委', '区住建委', '区生态环境局', '区市场监管局', '供热公司', '自来水公司', '交警支队'];

/**
 * The event as the simulator's own copy of the case applies it. What it posts leaves the re-handling
 * deadline of an unsatisfied visit to the server's rules; its copy only needs the case sent back.
 */
export function asFoldedLocally(state: Pick<CaseState, 'urgency'>, event: SourceCaseEvent): SourceCaseEvent {
  if (event.type !== 'evaluated' || event.result !== 'unsatisfied') return event;
  return { ...event, rehandleBy: new Date(legacyDeadline(state.urgency, Date.parse(event.at))).toISOString() };
}

export function nextStep(state: Pick<CaseState, 'status' | 'escalation' | 'extensionPending' | 'urgency' | 'reportedAt'>, rng: Rng): NextStep | null {
  const r = rng();
  switch (state.status) {
    case 'reported':
      return { delayMs: between(rng, 1 * MIN, 20 * MIN), event: { type: 'accepted' } };
    case 'accepted':
    case 'returned':
      return { delayMs: between(rng, 3 * MIN, 30 * MIN), event: { type: 'dispatched', unit: UNITS[Math.floor(rng() * UNITS.length)]! } };
    case 'dispatched':
      if (r < 0.05) return { delayMs: between(rng, 10 * MIN, 60 * MIN), event: { type: 'returned', reason: '不属于本单位职责' } };
      return { delayMs: between(rng, 10 * MIN, 60 * MIN), event: { type: 'started' } };
    case 'in_progress':
      // most requests are granted within hours (before any deadline), to 30 days after the report: later than any class's limit
      if (state.extensionPending && r < 0.7)
        return {
          delayMs: between(rng, 30 * MIN, 2 * HOUR),
          event: { type: 'extension_granted', until: new Date(state.reportedAt + 30 * 24 * HOUR).toISOString() },
        };
      if (r < 0.03 && state.escalation === 'street')
        return { delayMs: between(rng, 30 * MIN, 2 * HOUR), event: { type: 'escalated', level: 'district', by: '街道吹哨' } };
      // only the long classes ask for more time: asked within hours of the start, always a working day or more ahead
      if (r < 0.06 && !state.extensionPending && (state.urgency === 'major' || state.urgency === 'ordinary'))
        return { delayMs: between(rng, 30 * MIN, 2 * HOUR), event: { type: 'extension_requested', reason: '需协调多部门' } };
      return { delayMs: between(rng, 1 * HOUR, 8 * HOUR), event: { type: 'resolved', note: '已处置' } };
    case 'escalated':
      return { delayMs: between(rng, 30 * MIN, 3 * HOUR), event: { type: 'dispatched', unit: '区级职能部门' } };
    case 'resolved':
      return { delayMs: between(rng, 10 * MIN, 60 * MIN), event: { type: 'verified', passed: r > 0.04 } };
    case 'verified':
      // 3 % are never reached by the return visit: the server closes them as 默认满意 after the rating window
      if (r < 0.03) return null;
      return {
        delayMs: between(rng, 30 * MIN, 6 * HOUR),
        event: { type: 'evaluated', result: r > 0.13 ? 'satisfied' : r > 0.045 ? 'basically_satisfied' : 'unsatisfied' },
      };
    case 'closed':
      return null;
  }
}
