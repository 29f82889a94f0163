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
  extension_granted: { type: 'extension_granted', until: '2026-12-30T00:00:00Z' },
  resolved: { type: 'resolved' },
  verified: { type: 'verified', passed: true },
  evaluated: { type: 'evaluated', satisfied: true },
};

function caseIn(status: CaseStatus, extra: Partial<CaseState> = {}): CaseState {
  const r = applyCaseEvent(undefined, reported('C1'));
  if (!r.ok) throw new Error(r.message);
  return { ...r.state, status, ...extra };
}

const eventOf = (type: CaseEvent['type']): CaseEvent =>
  type === 'reported' ? reported('C1', { at: at(5) }) : ({ ...EVENTS[type], eventId: 'e', caseId: 'C1', at: at(5) } as CaseEvent);

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
        const r = applyCaseEvent(caseIn(status, { extensionPending: type === 'extension_granted' }), eventOf(type));
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
      ['reported', 'reported'], ['accepted', 'accepted'], ['dispatched', 'dispatched'], ['returned', 'returned'],
      ['dispatched', 'dispatched'], ['started', 'in_progress'], ['escalated', 'escalated'], ['resolved', 'resolved'],
      ['verified', 'verified'], ['evaluated', 'closed'],
    ];
    path.forEach(([type, expected], i) => {
      const event = { ...eventOf(type), at: at(i) } as CaseEvent;
      const r = applyCaseEvent(state, event);
      if (!r.ok) throw new Error(r.message);
      state = r.state;
      expect(state.status).toBe(expected);
      expect(state.version).toBe(i + 1);
    });
    expect(state).toMatchObject({ satisfied: true, closedAt: Date.parse(at(path.length - 1)), escalation: 'district' });
  });

  it('escalation only goes up: street -> district -> city', () => {
    const atDistrict = caseIn('escalated', { escalation: 'district' });
    expect(applyCaseEvent(atDistrict, eventOf('escalated'))).toMatchObject({ ok: false, code: 'illegal_transition' });
    const toCity = { ...eventOf('escalated'), level: 'city' } as CaseEvent;
    expect(applyCaseEvent(atDistrict, toCity)).toMatchObject({ ok: true, state: { escalation: 'city' } });
  });

  it('an extension is granted only after a request, and moves the deadline later', () => {
    const open = caseIn('in_progress', { extensionPending: false });
    expect(applyCaseEvent(open, eventOf('extension_granted'))).toMatchObject({ ok: false });
    const requested = applyCaseEvent(open, eventOf('extension_requested'));
    if (!requested.ok) throw new Error(requested.message);
    expect(applyCaseEvent(requested.state, eventOf('extension_requested'))).toMatchObject({ ok: false });
    const granted = applyCaseEvent(requested.state, eventOf('extension_granted'));
    expect(granted).toMatchObject({ ok: true, state: { status: 'in_progress', extensionPending: false, deadline: Date.parse('2026-12-30T00:00:00Z') } });
  });

  it('a failed verification sends the case back to handling', () => {
    const r = applyCaseEvent(caseIn('resolved'), { ...eventOf('verified'), passed: false } as CaseEvent);
    expect(r).toMatchObject({ ok: true, state: { status: 'in_progress' } });
  });

  it('refuses an event older than the last change of its case', () => {
    const r = applyCaseEvent({ ...caseIn('reported'), updatedAt: Date.parse(at(10)) }, eventOf('accepted'));
    expect(r).toMatchObject({ ok: false, code: 'out_of_order' });
  });
});
