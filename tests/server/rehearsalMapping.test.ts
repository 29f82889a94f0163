// The rehearsal's mapping of a recorded day (`gridwall replay`), as pure functions: instants onto
// the rehearsal clock, ids under the rehearsal's tag (valid ids, overlong ones cut deterministically),
// and what the lifecycle needs to hold for the replayed day as it held for the recorded one.
import { describe, expect, it } from 'vitest';
import { caseEventSchema, type CaseEventInput } from '../../shared/caseEvent.ts';
import { applyCaseEvent, type CaseState } from '../../shared/caseLifecycle.ts';
import {
  TAG_PATTERN,
  defaultTag,
  rehearsalDeadline,
  rehearsalEvent,
  rehearsalFix,
  rehearsalId,
  rehearsalInstant,
  windowBound,
} from '../../server/cli/rehearsalMapping.ts';
import { GRID, closedCase, reported, steps } from '../support/factories.ts';

const T0 = Date.parse('2026-11-23T09:00:00+08:00');
const START = Date.parse('2026-11-24T14:30:00.000Z');
const clock = { t0: T0, start: START, speed: 60 };

describe('the rehearsal clock', () => {
  it("puts the recording's first instant on the start and compresses the rest by the speed", () => {
    expect(rehearsalInstant(clock, T0)).toBe(START);
    expect(rehearsalInstant(clock, T0 + 3_600_000)).toBe(START + 60_000); // an hour recorded is a minute rehearsed
    expect(rehearsalInstant({ ...clock, speed: 300 }, T0 + 600_000)).toBe(START + 2000);
    expect(rehearsalInstant(clock, T0 - 60_000)).toBe(START - 1000); // before --from: just before the start
  });

  it('keeps order (equal stays equal) and rounds instants down, deadlines up', () => {
    const c = { ...clock, speed: 7 };
    const times = [0, 1, 6, 7, 8, 13, 14, 100].map((d) => T0 + d);
    const mapped = times.map((t) => rehearsalInstant(c, t));
    expect(mapped).toEqual([...mapped].sort((a, b) => a - b));
    expect(rehearsalInstant(c, T0 + 6)).toBe(START); // 6/7 ms down
    expect(rehearsalDeadline(c, T0 + 6)).toBe(START + 1); // up
    // a deadline after its report stays after it, even when the speed folds them into one ms
    for (let d = 1; d < 20; d++) expect(rehearsalDeadline(c, T0 + 3 + d)).toBeGreaterThan(rehearsalInstant(c, T0 + 3));
  });
});

describe('rehearsal ids', () => {
  it('prefixes with the tag, and stays a valid id', () => {
    expect(rehearsalId('R1124-093012', 'C1:3')).toBe('R1124-093012-C1:3');
    expect(defaultTag(Date.parse('2026-11-24T01:30:12.345Z'))).toBe('R1124-093012'); // Shanghai time
    expect(TAG_PATTERN.test(defaultTag(Date.now()))).toBe(true);
    expect(TAG_PATTERN.test('rehearsal:1')).toBe(false); // ':' would blur where the tag ends
    expect(TAG_PATTERN.test('x'.repeat(25))).toBe(false);
  });

  it('cuts an overlong id deterministically: 64 characters, the same for the same id, different for different ids', () => {
    const tag = 'R1124-093012';
    const long = `SIM-${'a'.repeat(55)}:12`; // 62 characters: fits alone, not with the tag
    const other = `SIM-${'a'.repeat(55)}:13`;
    const cut = rehearsalId(tag, long);
    expect(cut).toHaveLength(64);
    expect(cut.startsWith(`${tag}-SIM-aaaa`)).toBe(true);
    expect(rehearsalId(tag, long)).toBe(cut);
    expect(rehearsalId(tag, other)).not.toBe(cut);
    expect(rehearsalId('x'.repeat(24), 'y'.repeat(64))).toHaveLength(64);
    // the schema accepts every id this gives
    for (const id of [cut, rehearsalId(tag, other), rehearsalId('x'.repeat(24), 'y'.repeat(64))]) {
      expect(caseEventSchema.safeParse(reported(id, { eventId: id })).success).toBe(true);
    }
  });
});

describe('a recorded event or fix, rehearsed', () => {
  it("tags ids, maps at, a report's deadline and an extension's until, and drops caseVersion", () => {
    const report = { ...reported('C9', { at: '2026-11-23T09:06:00+08:00', deadline: '2026-11-23T11:00:00+08:00' }), caseVersion: 1 };
    expect(rehearsalEvent(report, clock, 'RH')).toEqual({
      ...reported('RH-C9', { eventId: 'RH-C9:1' }),
      at: new Date(START + 6000).toISOString(),
      deadline: new Date(START + 120_000).toISOString(),
    });
    const grant: CaseEventInput = {
      eventId: 'C9:7',
      caseId: 'C9',
      type: 'extension_granted',
      at: '2026-11-23T10:00:00+08:00',
      until: '2026-11-25T10:00:00+08:00',
      caseVersion: 8,
    };
    expect(rehearsalEvent(grant, clock, 'RH')).toEqual({
      eventId: 'RH-C9:7',
      caseId: 'RH-C9',
      type: 'extension_granted',
      at: new Date(START + 60_000).toISOString(),
      until: new Date(START + 49 * 60_000).toISOString(),
    });
    const fix = { workerId: `W${GRID}`, gridCode: GRID, lon: 117.2, lat: 39.1, at: '2026-11-23T09:30:00+08:00' };
    expect(rehearsalFix(fix, clock)).toEqual({ ...fix, at: new Date(START + 30_000).toISOString() }); // the real roster's worker id
  });

  it('a day the lifecycle accepted is accepted again, rehearsed at any speed', () => {
    // B's deadline 1 ms after its report, and its extension 1 ms after the grant: folded into one ms by most speeds
    const b0 = Date.parse(reported('B').at);
    const day = [
      ...closedCase('A'),
      reported('B', { deadline: new Date(b0 + 1).toISOString() }),
      ...steps(
        'B',
        [
          { type: 'accepted' },
          { type: 'dispatched', unit: '街道' },
          { type: 'extension_requested', reason: '材料未到' },
          { type: 'extension_granted', until: new Date(b0 + 3 * 60_000 + 1).toISOString() },
        ],
        0,
      ),
    ] as CaseEventInput[];
    for (const speed of [1, 60, 997, 100_000]) {
      const states = new Map<string, CaseState>();
      for (const e of day) {
        const r = applyCaseEvent(states.get(`RH-${e.caseId}`), rehearsalEvent(e, { t0: T0, start: START, speed }, 'RH') as never);
        expect(r.ok ? 'ok' : r.message).toBe('ok');
        if (r.ok) states.set(r.state.caseId, r.state);
      }
    }
  });
});

describe('--from and --to', () => {
  const first = Date.parse('2026-11-23T06:12:00+08:00');
  it("reads HH:MM on the recording's first Shanghai day, or an ISO instant", () => {
    expect(windowBound('14:00', first, '--from')).toBe(Date.parse('2026-11-23T14:00:00+08:00'));
    expect(windowBound('00:30:15', Date.parse('2026-11-23T23:59:00+08:00'), '--to')).toBe(Date.parse('2026-11-23T00:30:15+08:00'));
    expect(windowBound('2026-11-24T02:00:00Z', first, '--to')).toBe(Date.parse('2026-11-24T02:00:00Z'));
  });
  it('refuses anything else with what it takes', () => {
    expect(() => windowBound('25:00', first, '--from')).toThrow(/--from 25:00: not a time of day/);
    expect(() => windowBound('2026-11-24T02:00:00', first, '--to')).toThrow(/HH:MM .* or an ISO 8601 instant with its offset/);
    expect(() => windowBound('noon', first, '--to')).toThrow(/--to noon/);
  });
});
