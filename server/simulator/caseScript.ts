// A simulated case's whole path through the loop, planned at its report: when it is accepted,
// dispatched (自动分流: to the department the duty list names for its sub-category at its street,
// config/departments.json; a department of a kind that often returns cases sometimes sends it back,
// and it goes to the district's owner), started, perhaps whistled up to the district (and dispatched
// to the district's owner) or granted more time, resolved,
// verified and visited (and re-handled if the citizen is unsatisfied). The time to 办结 is a share
// of the case's time limit drawn from a log-normal (the profile's "handling"), times the speed of
// the department's kind (the profile's "departments"), so on-time rates sit in the 90s with real misses and the slow departments
// miss more. The plan is a pure function of the report and a seed from the case id: the history
// backfill and the live simulator make the same plan, and a restart carries a case on where its
// log left it (planFrom).
import type { CaseEvent, SourceCaseEvent, Urgency } from '../../shared/caseEvent.ts';
import { applyCaseEvent, type CaseState } from '../../shared/caseLifecycle.ts';
import { seededRng } from '../../shared/seededRng.ts';
import { legacyDeadline, type SlaPolicy } from '../../shared/slaRules.ts';
import type { Department, DepartmentRegistry } from '../../shared/departments.ts';
import type { CityProfileFile } from '../config/cityProfile.ts';
import type { Rng } from './cityRhythm.ts';
import { hashUnit } from './workerShifts.ts';

export type { Rng } from './cityRhythm.ts';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type StepEvent = DistributiveOmit<CaseEvent, 'eventId' | 'caseId' | 'at'>;
export interface PlannedStep {
  at: number;
  event: StepEvent;
}
export interface CaseReport {
  caseId: string;
  reportedAt: number;
  urgency: Urgency;
  category: string;
  /** The case's grid: dispatch follows the duty list at its street and district. */
  gridCode: string;
}

/**
 * The event as the simulator's own copy of the case applies it. What it posts leaves the re-handling
 * deadline of an unsatisfied visit to the server's rules; its copy only needs the case sent back.
 */
export function asFoldedLocally(state: Pick<CaseState, 'urgency'>, event: SourceCaseEvent): SourceCaseEvent {
  if (event.type !== 'evaluated' || event.result !== 'unsatisfied') return event;
  return { ...event, rehandleBy: new Date(legacyDeadline(state.urgency, Date.parse(event.at))).toISOString() };
}

/** A standard normal draw (Box-Muller). */
function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/**
 * `departments`: the registry and its duty list (who is dispatched); `sla`: the server's time-limit
 * rules, so that an extension is asked for only where the server takes it.
 */
export function createCaseScripts(profile: CityProfileFile, departments: DepartmentRegistry, sla?: SlaPolicy) {
  const h = profile.handling;
  const behaviour = (d: Department) => ({ ...profile.departments.default, ...profile.departments.kinds[d.kind] });
  /** The department the duty list names for a case at its grid (street: who acts first; district: raised or re-dispatched). */
  const ownerOf = (category: string, gridCode: string, level: 'street' | 'district' = 'street'): Department => {
    const d = departments.dispatch(category, gridCode, level);
    if (!d) throw new Error(`the duty list names no department for ${category} at ${gridCode} (${level})`);
    return d;
  };
  const dispatched = (d: Department): StepEvent => ({ type: 'dispatched', unit: d.name, department: d.code });

  /** The whole plan of a case, from its report on; `speed` compresses it for a demo (1: real time). */
  function plan(report: CaseReport, speed = 1): PlannedStep[] {
    const rng = seededRng(Math.floor(hashUnit(report.caseId, 7) * 2 ** 32));
    const between = (lo: number, hi: number) => lo + rng() * (hi - lo);
    const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
    const { urgency, reportedAt: t0 } = report;
    const limit = legacyDeadline(urgency, t0) - t0;
    const owner = ownerOf(report.category, report.gridCode);
    const raised = ownerOf(report.category, report.gridCode, 'district');
    // the time from report to 办结, as a share of the limit
    const median = Math.exp(Math.log(h.medianShareOfLimit[urgency]) + h.spread[urgency] * normal(rng));
    let handling = limit * median * behaviour(owner).speed;
    const steps: PlannedStep[] = [];
    let t = t0;
    const step = (delay: number, event: StepEvent) => {
      t = Math.round(t + Math.max(1000, delay)); // whole ms, as the wire's ISO stamps carry them
      steps.push({ at: t, event });
    };

    step(clamp(handling * 0.05, 1 * MIN, 30 * MIN) * between(0.5, 1.5), { type: 'accepted' });
    let handler = owner;
    if (rng() < behaviour(owner).returns) {
      // 退回: the street's owner says it is not its duty; the dispatcher sends it to the district's
      step(between(3, 20) * MIN, dispatched(owner));
      step(between(10, 60) * MIN, { type: 'returned', reason: '不属于本单位职责' });
      handler = raised;
      handling = limit * median * behaviour(raised).speed;
    }
    step(clamp(handling * 0.08, 2 * MIN, 4 * HOUR) * between(0.5, 1.5), dispatched(handler));
    step(clamp(handling * 0.12, 5 * MIN, 24 * HOUR) * between(0.5, 1.5), { type: 'started' });
    if (rng() < h.whistled) {
      // the street cannot solve it with its own teams: it whistles up the district's
      step(between(30, 120) * MIN, { type: 'escalated', level: 'district', by: '街道吹哨' });
      step(between(30, 180) * MIN, dispatched(raised));
      step(between(10, 60) * MIN, { type: 'started' });
      handling *= 1.3;
    }
    // the long classes may ask for more time, early enough before the deadline the server holds
    // them to (its time limits and the notice in working days: shared/slaRules.ts)
    const askAt = t + Math.round(between(30, 120) * MIN);
    const deadline = sla ? sla.deadlineFor(urgency, report.category, t0) : t0 + limit;
    const inTime = sla ? sla.extensionInTime(askAt, deadline) : askAt < t0 + limit - 2 * DAY;
    if ((urgency === 'major' || urgency === 'ordinary') && rng() < h.extension.requested && inTime) {
      step(askAt - t, { type: 'extension_requested', reason: '需协调多部门' });
      if (rng() < h.extension.granted) {
        step(between(30, 120) * MIN, { type: 'extension_granted', until: new Date(Math.max(t0 + 30 * DAY, deadline + DAY)).toISOString() });
        handling = Math.max(handling, limit * between(1.05, 1.8)); // it needed the time
      }
    }
    const resolveAt = Math.max(t0 + handling, t + 5 * MIN);
    step(resolveAt - t, { type: 'resolved', note: '已处置' });
    const v = profile.visits;
    if (rng() < v.verificationFails) {
      step(between(10, 60) * MIN, { type: 'verified', passed: false });
      step(clamp(handling * 0.2, 30 * MIN, 2 * DAY), { type: 'resolved', note: '已整改' });
    }
    step(between(10, 60) * MIN, { type: 'verified', passed: true });
    if (rng() < v.unreached) return compress(steps, t0, speed); // nobody answers the return visit: closed as 默认满意 by the server
    let x = rng();
    if (x >= v.satisfied + v.basicallySatisfied) {
      // back to the department (the visit itself re-dispatches it, with the server's re-handling deadline)
      step(between(30, 360) * MIN, { type: 'evaluated', result: 'unsatisfied' });
      step(between(10, 60) * MIN, { type: 'started' });
      step(clamp(handling * 0.5, 1 * HOUR, 3 * DAY), { type: 'resolved', note: '已重新处置' });
      step(between(10, 60) * MIN, { type: 'verified', passed: true });
      x = rng() * (v.satisfied + v.basicallySatisfied);
    }
    step(between(30, 360) * MIN, { type: 'evaluated', result: x < v.satisfied ? 'satisfied' : 'basically_satisfied' });
    return compress(steps, t0, speed);
  }

  return {
    ownerOf,
    plan,
    /**
     * The steps still to come of a case the log holds open (a restart): its plan after the last step
     * the log has, found by time and status, with the index of the first (for its event id). The plan
     * is made at each of `speeds` (the case may have been planned in real time, by the history or an
     * earlier run, or compressed by a demo's speed): the one with a step at the case's last change.
     * Empty when the log went another way (a source other than the simulator moved it).
     */
    planFrom(state: CaseState, speeds: readonly number[] = [1]): { steps: PlannedStep[]; first: number } {
      for (const speed of new Set(speeds)) {
        const steps = plan(
          { caseId: state.caseId, reportedAt: state.reportedAt, urgency: state.urgency, category: state.category, gridCode: state.gridCode },
          speed,
        );
        if (state.updatedAt !== state.reportedAt && !steps.some((s) => s.at === state.updatedAt)) continue;
        let local = reportedState(state);
        let done = local && local.status === state.status && state.updatedAt === state.reportedAt ? 0 : -1;
        for (let i = 0; local && i < steps.length && steps[i]!.at <= state.updatedAt; i++) {
          const s = steps[i]!;
          const r = applyCaseEvent(
            local,
            asFoldedLocally(local, { ...s.event, eventId: `x:${i}`, caseId: state.caseId, at: new Date(s.at).toISOString() } as SourceCaseEvent),
          );
          local = r.ok ? r.state : undefined;
          if (local?.status === state.status) done = i + 1;
        }
        if (local && done >= 0) return { steps: steps.slice(done), first: done + 2 };
      }
      return { steps: [], first: 0 };
    },
  };
}

/** The case as its report alone made it, for replaying its plan. */
function reportedState(state: CaseState): CaseState | undefined {
  const first = applyCaseEvent(undefined, {
    eventId: `${state.caseId}:1`,
    caseId: state.caseId,
    type: 'reported',
    at: new Date(state.reportedAt).toISOString(),
    gridCode: state.gridCode,
    category: state.category,
    urgency: state.urgency,
    source: state.source,
    summary: '-',
  });
  return first.ok ? first.state : undefined;
}

/** A demo's plan runs `speed` times faster than the real world's. */
function compress(steps: PlannedStep[], t0: number, speed: number): PlannedStep[] {
  return speed === 1 ? steps : steps.map((s) => ({ ...s, at: t0 + Math.round((s.at - t0) / speed) }));
}

export type CaseScripts = ReturnType<typeof createCaseScripts>;
