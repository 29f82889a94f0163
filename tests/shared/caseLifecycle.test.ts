import { describe, expect, it } from 'vitest';
import { CASE_STATUSES, LEGAL_FROM, applyCaseEvent, type CaseState, type CaseStatus } from '../../shared/caseLifecycle.ts';
import type { CaseEvent } from '../../shared/caseEvent.ts';
import { at, reported } from '../support/factories.ts';

const EVENTS: Record<CaseEvent['type'], Record<string, unknown>> = {
  reported: {} as never, // built by reported()
  accepted: { type: 'accepted' },
  dispatched: { type: 'dispatched', unit: '区城管委' },
  returned: { type: 'returned', reason: '不属于本单位职责' },
  started: { type: 'started' },
  escalated: { type: 'escalated', level: 'district', by: '街道' },
  extension_requested: { type: 'extension_requested', reason: '需协调' },
  extension_granted: { type: 'extension_granted', until: at(60 * 24 * 30) },
  resolved: { type: 'resolved' },
  verified: { type: 'verified', passed: true },
  evaluated: { type: 'evaluated', satisfied: true },
  overdue: {} as never, // built by eventOf(), for the case's own deadline
  deadline_revised: { type: 'deadline_revised', deadline: at(60 * 24 * 9), provisional: false },
};

function caseIn(status: CaseStatus, extra: Partial<CaseState> = {}): CaseState {
  const r = applyCaseEvent(undefined, reported('C1'));
  if (!r.ok) throw new Error(r.message);
  return { ...r.state, status, ...extra };
}

const eventOf = (type: CaseEvent['type'], state?: CaseState): CaseEvent => {
  if (type === 'reported') return reported('C1', { at: at(5) });
  if (type === 'overdue') {
    const deadline = state!.deadline;
    return { type, eventId: 'o', caseId: 'C1', at: new Date(deadline + 60_000).toISOString(), deadline: new Date(deadline).toISOString() };
  }
  return { ...EVENTS[type], eventId: 'e', caseId: 'C1', at: at(5) } as CaseEvent;
};

describe('case lifecycle', () => {
  it('a new case starts as reported, with a deadline from its urgency', () => {
    const r = applyCaseEvent(undefined, reported('C1', { urgency: 'urgent' }));
    expect(r.ok && r.state).toMatchObject({ status: 'reported', version: 1, deadline: Date.parse(at(0)) + 2 * 86_400_000 });
  });

  it('refuses any event but a report for an unknown case', () => {
    const r = applyCaseEvent(undefined, eventOf('accepted'));
    expect(r).toMatchObject({ ok: false, code: 'unknown_case' });
  });

  // Every (status, event type) pair: legal exactly when the table says so.
  for (const status of CASE_STATUSES) {
    for (const type of Object.keys(LEGAL_FROM) as CaseEvent['type'][]) {
      if (type === 'reported') continue;
      const legal = LEGAL_FROM[type].includes(status);
      it(`${type} from ${status} is ${legal ? 'legal' : 'refused'}`, () => {
        // the guard on extensions is tested below; here a grant has a request pending
        const state = caseIn(status, { extensionPending: type === 'extension_granted' });
        const r = applyCaseEvent(state, eventOf(type, state));
        expect(r.ok).toBe(legal);
        if (!r.ok) {
          expect(r.code).toBe('illegal_transition');
          expect(r.message).toContain(status);
        }
      });
    }
  }

  it('refuses a second report of the same case', () => {
    expect(applyCaseEvent(caseIn('reported'), eventOf('reported'))).toMatchObject({ ok: false, code: 'case_exists' });
  });

  it('moves through the whole loop to closed with a satisfaction rating', () => {
    let state: CaseState | undefined;
    const path: [CaseEvent['type'], CaseStatus][] = [
      ['reported', 'reported'],
      ['accepted', 'accepted'],
      ['dispatched', 'dispatched'],
      ['returned', 'returned'],
      ['dispatched', 'dispatched'],
      ['started', 'in_progress'],
      ['escalated', 'escalated'],
      ['resolved', 'resolved'],
      ['verified', 'verified'],
      ['evaluated', 'closed'],
    ];
    path.forEach(([type, expected], i) => {
      const event = { ...eventOf(type), at: at(i) } as CaseEvent;
      const r = applyCaseEvent(state, event);
      if (!r.ok) throw new Error(r.message);
      state = r.state;
      expect(state.status).toBe(expected);
      expect(state.version).toBe(i + 1);
    });
    expect(state).toMatchObject({
      satisfied: true,
      closedAt: Date.parse(at(path.length - 1)),
      escalation: 'district',
      escalations: [{ level: 'district', by: '街道', at: Date.parse(at(6)) }],
    });
    const rated = applyCaseEvent(caseIn('verified'), { ...eventOf('evaluated'), rating: 4 } as CaseEvent);
    expect(rated).toMatchObject({ ok: true, state: { rating: 4, satisfied: true } });
  });

  it('escalation only goes up: street -> district -> city', () => {
    const atDistrict = caseIn('escalated', { escalation: 'district' });
    expect(applyCaseEvent(atDistrict, eventOf('escalated'))).toMatchObject({ ok: false, code: 'illegal_transition' });
    const toCity = { ...eventOf('escalated'), level: 'city', by: '区指挥中心' } as CaseEvent;
    expect(applyCaseEvent(atDistrict, toCity)).toMatchObject({
      ok: true,
      state: { escalation: 'city', escalations: [{ level: 'city', by: '区指挥中心', at: Date.parse(at(5)) }] },
    });
  });

  it('an extension is granted only after a request, and moves the deadline later', () => {
    const open = caseIn('in_progress', { extensionPending: false });
    expect(applyCaseEvent(open, eventOf('extension_granted'))).toMatchObject({ ok: false });
    const requested = applyCaseEvent(open, eventOf('extension_requested'));
    if (!requested.ok) throw new Error(requested.message);
    expect(applyCaseEvent(requested.state, eventOf('extension_requested'))).toMatchObject({ ok: false });
    const granted = applyCaseEvent(requested.state, eventOf('extension_granted'));
    expect(granted).toMatchObject({ ok: true, state: { status: 'in_progress', extensionPending: false, deadline: Date.parse(at(60 * 24 * 30)) } });
  });

  it('a failed verification sends the case back to handling', () => {
    const r = applyCaseEvent(caseIn('resolved'), { ...eventOf('verified'), passed: false } as CaseEvent);
    expect(r).toMatchObject({ ok: true, state: { status: 'in_progress' } });
  });

  it('refuses an event older than the last change of its case', () => {
    const r = applyCaseEvent({ ...caseIn('reported'), updatedAt: Date.parse(at(10)) }, eventOf('accepted'));
    expect(r).toMatchObject({ ok: false, code: 'out_of_order' });
  });

  it('refuses a stale version, and takes the right one', () => {
    const state = caseIn('reported'); // version 1
    expect(applyCaseEvent(state, { ...eventOf('accepted'), caseVersion: 2 } as CaseEvent)).toMatchObject({ ok: true, state: { version: 2 } });
    const stale = applyCaseEvent(state, { ...eventOf('accepted'), caseVersion: 1 } as CaseEvent);
    expect(stale).toMatchObject({ ok: false, code: 'stale_version' });
    expect(!stale.ok && stale.message).toContain('is at version 1');
    expect(applyCaseEvent(undefined, { ...reported('C2'), caseVersion: 2 })).toMatchObject({ ok: false, code: 'stale_version' });
  });

  it('takes the deadline a report carries, and refuses one that is not after the report', () => {
    const r = applyCaseEvent(undefined, reported('C1', { deadline: at(60) }));
    expect(r).toMatchObject({ ok: true, state: { deadline: Date.parse(at(60)) } });
    expect(applyCaseEvent(undefined, reported('C1', { deadline: at(0) }))).toMatchObject({ ok: false, code: 'deadline_in_past' });
  });

  it('marks a case overdue once per deadline, only after it, only while open; an extension allows a new mark', () => {
    const state = caseIn('in_progress');
    const early = { ...eventOf('overdue', state), at: new Date(state.deadline - 1).toISOString() } as CaseEvent;
    expect(applyCaseEvent(state, early)).toMatchObject({ ok: false });
    const marked = applyCaseEvent(state, eventOf('overdue', state));
    if (!marked.ok) throw new Error(marked.message);
    expect(marked.state).toMatchObject({ status: 'in_progress', overdueFor: state.deadline, version: state.version + 1 });
    expect(applyCaseEvent(marked.state, eventOf('overdue', marked.state))).toMatchObject({ ok: false });
    const later = new Date(state.deadline + 86_400_000).toISOString();
    const requested = applyCaseEvent(marked.state, { ...eventOf('extension_requested'), at: new Date(state.deadline + 120_000).toISOString() } as CaseEvent);
    if (!requested.ok) throw new Error(requested.message);
    const granted = applyCaseEvent(requested.state, {
      ...eventOf('extension_granted'),
      at: new Date(state.deadline + 180_000).toISOString(),
      until: later,
    } as CaseEvent);
    if (!granted.ok) throw new Error(granted.message);
    expect(granted.state.overdueFor).toBeNull();
    expect(applyCaseEvent(granted.state, eventOf('overdue', granted.state))).toMatchObject({ ok: true });
  });

  it('runs the clock only while the department owes work: no overdue mark in resolved or verified', () => {
    for (const status of ['resolved', 'verified'] as const) {
      const state = caseIn(status);
      expect(applyCaseEvent(state, eventOf('overdue', state))).toMatchObject({ ok: false, code: 'illegal_transition' });
    }
  });

  it('a return visit: satisfied and basically satisfied close the case; unsatisfied sends it back with a new deadline (重办)', () => {
    const verified = caseIn('verified', { updatedAt: Date.parse(at(4)) });
    const visit = (extra: Record<string, unknown>) => applyCaseEvent(verified, { ...eventOf('evaluated'), satisfied: undefined, ...extra } as CaseEvent);
    expect(visit({ result: 'basically_satisfied', rating: 4 })).toMatchObject({
      ok: true,
      state: { status: 'closed', satisfied: true, visitResult: 'basically_satisfied', rating: 4 },
    });
    const rehandleBy = at(60 * 24 * 7);
    expect(visit({ result: 'unsatisfied', rehandleBy })).toMatchObject({
      ok: true,
      state: { status: 'dispatched', deadline: Date.parse(rehandleBy), overdueFor: null, rehandled: 1, visitResult: 'unsatisfied', closedAt: null },
    });
    expect(visit({ result: 'unsatisfied', rehandleBy: at(5) })).toMatchObject({ ok: false, code: 'deadline_in_past' });
    // a log from before re-handling: an unsatisfied rating without a new deadline closed the case, and still does
    expect(visit({ satisfied: false })).toMatchObject({ ok: true, state: { status: 'closed', satisfied: false, visitResult: 'unsatisfied' } });
  });

  it('reads the old name of the 2-hour class as 即办', () => {
    const r = applyCaseEvent(undefined, { ...reported('C1'), urgency: 'general' } as unknown as CaseEvent);
    expect(r).toMatchObject({ ok: true, state: { urgency: 'immediate' } });
  });

  it('records when a case was first accepted', () => {
    const r = applyCaseEvent(caseIn('reported'), eventOf('accepted'));
    expect(r).toMatchObject({ ok: true, state: { acceptedAt: Date.parse(at(5)) } });
  });
});
