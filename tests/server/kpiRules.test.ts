// The KPI rulebook (docs/kpi-rulebook.md) with numbers worked out by hand: each case below is folded
// through the lifecycle into the KPI cube, and the rates read back through the same code the API
// and the wall use. All times are Monday 2026-11-23 in Shanghai; the period is that day.
import { describe, expect, it } from 'vitest';
import type { CaseEvent, Urgency } from '../../shared/caseEvent.ts';
import { applyCaseEvent, type CaseState } from '../../shared/caseLifecycle.ts';
import { createKpiCube } from '../../server/projections/kpiCube.ts';
import { periodDays, regionKpis, sameDaysLastYear } from '../../server/projections/regionKpis.ts';

const T = (hhmm: string, day = 23) => Date.parse(`2026-11-${day}T${hhmm}:00+08:00`);
const iso = (ms: number) => new Date(ms).toISOString();

/** A day of cases: each folded through the lifecycle and recorded in a fresh cube. */
function day() {
  const cube = createKpiCube(1);
  const cases = new Map<string, CaseState>();
  let n = 0;
  const apply = (event: CaseEvent) => {
    const prev = cases.get(event.caseId);
    const r = applyCaseEvent(prev, event);
    if (!r.ok) throw new Error(r.message);
    cube.record(event, prev, r.state, 0);
    cases.set(event.caseId, r.state);
  };
  return {
    /** Reports a case at `reportedAt` (hh:mm) due at `due`, then its steps, each `[type, hh:mm, extra]`. */
    report(reportedAt: string, due: string | number, urgency: Urgency = 'ordinary', id = `K${++n}`) {
      apply({
        eventId: `${id}:1`,
        caseId: id,
        type: 'reported',
        at: iso(T(reportedAt)),
        deadline: iso(typeof due === 'number' ? due : T(due)),
        gridCode: '120101001001001',
        category: 'appearance.garbage',
        urgency,
        source: 'hotline_12345',
        summary: '垃圾堆放',
      });
      return id;
    },
    step(id: string, type: string, hhmm: string, extra: Record<string, unknown> = {}) {
      const s = cases.get(id)!;
      apply({ eventId: `${id}:${s.version + 1}`, caseId: id, type, at: iso(T(hhmm)), ...extra } as CaseEvent);
    },
    /** Accepted, dispatched, started, resolved at `resolvedAt`. */
    resolve(id: string, resolvedAt: string) {
      const r = T(resolvedAt);
      const s = cases.get(id)!;
      const t0 = Math.max(s.updatedAt, r - 3 * 60_000);
      for (const [i, type] of (['accepted', 'dispatched', 'started'] as const).entries()) {
        if (cases.get(id)!.status === 'in_progress') break;
        const extra = type === 'dispatched' ? { unit: '街道综合执法队' } : {};
        apply({ eventId: `${id}:${cases.get(id)!.version + 1}`, caseId: id, type, at: iso(t0 + i * 1000), ...extra } as CaseEvent);
      }
      apply({ eventId: `${id}:${cases.get(id)!.version + 1}`, caseId: id, type: 'resolved', at: iso(r) });
    },
    overdue(id: string) {
      const s = cases.get(id)!;
      apply({ eventId: `${id}:overdue:${s.deadline}`, caseId: id, type: 'overdue', at: iso(Math.max(s.deadline, s.updatedAt)), deadline: iso(s.deadline) });
    },
    state: (id: string) => cases.get(id)!,
    kpis: (now = T('23:00')) =>
      regionKpis({
        cube,
        openCases: [...cases.values()].filter((s) => s.status !== 'closed'),
        regionCode: '12',
        period: 'today',
        now,
        dueSoonMs: 4 * 3_600_000,
      }),
  };
}

describe('按期办结率: over the deadlines that fell due, judged at the department’s resolution', () => {
  it('counts open overdue cases in the denominator (1 on time and 9 open overdue is 10 %, not 100 %)', () => {
    const d = day();
    const onTime = d.report('08:00', '12:00');
    d.resolve(onTime, '11:00');
    for (let i = 0; i < 9; i++) d.overdue(d.report('08:00', '12:00'));
    // due = 1 (resolved by 12:00) + 9 (passed 12:00 still owed) = 10; on time = 1; 1 / 10 = 10 %
    expect(d.kpis().figures).toMatchObject({ due: 10, dueOnTime: 1, onTimeRate: 0.1 });
  });

  it('judges a case resolved by its deadline on time whenever the citizen rates it (the reproduction in issue 20)', () => {
    // a 2-hour case due 11:00, resolved 10:30, verified 10:50, rated at 14:00
    const d = day();
    const id = d.report('09:00', '11:00', 'immediate');
    d.resolve(id, '10:30');
    d.step(id, 'verified', '10:50', { passed: true });
    d.step(id, 'evaluated', '14:00', { result: 'satisfied' });
    // due 1, on time 1: 100 %; no overdue mark could be raised (the lifecycle refuses one in resolved/verified)
    expect(d.kpis().figures).toMatchObject({ due: 1, dueOnTime: 1, onTimeRate: 1, becameOverdue: 0, closed: 1 });
  });

  it('counts a late resolution once, as late', () => {
    const d = day();
    const id = d.report('08:00', '10:00');
    d.overdue(id); // 10:00: due 1, on time 0
    d.resolve(id, '13:00'); // nothing more to count for this deadline
    expect(d.kpis().figures).toMatchObject({ due: 1, dueOnTime: 0, onTimeRate: 0 });
  });

  it('counts a case resolved late before its overdue mark once, and takes the mark that comes after', () => {
    const d = day();
    const id = d.report('08:00', '10:00');
    d.resolve(id, '10:00'); // at 10:00: on time (by the deadline)
    const late = d.report('08:00', '10:00');
    d.resolve(late, '10:01'); // a minute late, before the watch's look: due 1, late
    d.overdue(late); // the mark the watch owes it comes now: becameOverdue, and no second count
    expect(d.kpis().figures).toMatchObject({ due: 2, dueOnTime: 1, becameOverdue: 1 });
  });

  it('takes a resolution back when the verification fails, and counts the deadline again by what happens next', () => {
    const d = day();
    const id = d.report('08:00', '11:00');
    d.resolve(id, '10:30'); // due 1, on time 1
    d.step(id, 'verified', '10:40', { passed: false }); // taken back: due 0, on time 0
    expect(d.kpis().figures).toMatchObject({ due: 0, dueOnTime: 0, onTimeRate: null, resolved: 0 });
    d.overdue(id); // 11:00 passes while owed again: due 1, late
    d.step(id, 'resolved', '11:30');
    expect(d.kpis().figures).toMatchObject({ due: 1, dueOnTime: 0, onTimeRate: 0, resolved: 1 });
  });

  it('turns a premature overdue mark into an on-time count when the resolution dated before the deadline arrives later (an import)', () => {
    const d = day();
    const id = d.report('08:00', '11:00');
    d.step(id, 'accepted', '08:10');
    d.step(id, 'dispatched', '08:20', { unit: '街道综合执法队' });
    d.step(id, 'started', '08:30');
    d.overdue(id); // the watch marked it at 11:00 before the resolution reached the server: due 1, late
    d.step(id, 'resolved', '10:30'); // resolved at 10:30: the same deadline becomes on time
    expect(d.kpis().figures).toMatchObject({ due: 1, dueOnTime: 1, onTimeRate: 1 });
  });

  it('counts a deadline on its own day: resolved today, due tomorrow, it is in tomorrow’s figure', () => {
    const d = day();
    d.resolve(d.report('08:00', T('10:00', 24)), '12:00');
    d.report('08:00', T('10:00', 24)); // still owed, not yet due: in no day's figure
    expect(d.kpis().figures).toMatchObject({ due: 0, dueOnTime: 0, onTimeRate: null, resolved: 1 });
    expect(d.kpis(T('23:00', 24)).figures).toMatchObject({ due: 1, dueOnTime: 1, onTimeRate: 1, resolved: 0 });
  });
});

describe('办结率, 结案率 and handling time', () => {
  it('办结率 is the share of the period’s reports resolved by now (a failed verification does not count)', () => {
    const d = day();
    const [a, b, c] = [d.report('08:00', '18:00'), d.report('08:00', '18:00'), d.report('08:00', '18:00')];
    d.report('08:00', '18:00');
    d.resolve(a, '09:00');
    d.resolve(b, '10:00');
    d.resolve(c, '11:00');
    d.step(c, 'verified', '11:30', { passed: false });
    // 4 reported; resolved and standing: a, b = 2; 2 / 4 = 50 %
    expect(d.kpis().figures).toMatchObject({ reported: 4, resolved: 2, resolutionRate: 0.5, closureRate: 0 });
  });

  it('averages report-to-resolution per urgency class', () => {
    const d = day();
    d.resolve(d.report('08:00', '10:00', 'immediate'), '09:00'); // 1 h
    d.resolve(d.report('08:00', '10:00', 'immediate'), '11:00'); // 3 h
    d.resolve(d.report('08:00', '20:00', 'ordinary'), '14:00'); // 6 h
    const k = d.kpis();
    // immediate (1 + 3) / 2 = 2 h; ordinary 6 h; all (1 + 3 + 6) / 3 = 3.33 h
    expect(k.averageHandlingHoursByUrgency).toEqual({ immediate: 2, urgent: null, major: null, ordinary: 6 });
    expect(k.figures.averageHandlingHours).toBeCloseTo(10 / 3, 10);
  });
});

describe('延期率, 退回率', () => {
  it('extensions per accepted case; returns per dispatch', () => {
    const d = day();
    const ids = [0, 1, 2, 3].map(() => d.report('08:00', '23:30'));
    for (const id of ids) d.step(id, 'accepted', '08:10');
    for (const id of ids) d.step(id, 'dispatched', '08:20', { unit: '街道综合执法队' });
    d.step(ids[0]!, 'returned', '08:30', { reason: '不属于本单位职责' });
    d.step(ids[0]!, 'dispatched', '08:40', { unit: '区城管委' });
    d.step(ids[1]!, 'extension_requested', '09:00', { reason: '需协调多部门' });
    d.step(ids[1]!, 'extension_granted', '09:30', { until: iso(T('18:00', 25)) });
    // 4 accepted, 1 extension: 25 %; 5 dispatches, 1 return: 20 %
    expect(d.kpis().figures).toMatchObject({ accepted: 4, extensions: 1, extensionRate: 0.25, dispatched: 5, returned: 1, returnRate: 0.2 });
  });
});

describe('回访: 回访率, 回访满意率, 重办率', () => {
  it('counts real visits apart from default closes, basically satisfied as satisfied, and re-handles the unsatisfied', () => {
    const d = day();
    const results = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
    const ids = results.map(() => d.report('08:00', '20:00'));
    const quiet = d.report('08:00', '20:00');
    for (const id of [...ids, quiet]) {
      d.resolve(id, '10:00');
      d.step(id, 'verified', '10:30', { passed: true });
    }
    results.forEach((result, i) => d.step(ids[i]!, 'evaluated', '12:00', { result, ...(result === 'unsatisfied' && { rehandleBy: iso(T('12:00', 25)) }) }));
    d.step(quiet, 'evaluated', '12:00', { result: 'satisfied', byDefault: true });
    // visits 3 (the default close is not a visit); 回访率 3 / (3 + 1) = 75 %; 满意率 (1 + 1) / 3 = 66.7 %; 重办率 1 / 3
    const f = d.kpis().figures;
    expect(f).toMatchObject({ visits: 3, defaultClosed: 1, visitRate: 0.75, rehandled: 1, closed: 3 });
    expect(f.satisfaction).toBeCloseTo(2 / 3, 10);
    expect(f.rehandleRate).toBeCloseTo(1 / 3, 10);
    // the unsatisfied case is back with the department, due on the 25th, and its first deadline stays counted on time
    expect(d.state(ids[2]!)).toMatchObject({ status: 'dispatched', deadline: T('12:00', 25), rehandled: 1, visitResult: 'unsatisfied' });
    expect(f).toMatchObject({ due: 4, dueOnTime: 4 });
  });
});

describe('now: overdue means owed and past the deadline', () => {
  it('does not count a resolved case waiting for its rating as overdue', () => {
    const d = day();
    const waiting = d.report('08:00', '10:00');
    d.resolve(waiting, '09:30');
    d.report('08:00', '10:00');
    // at 12:00 both deadlines have passed; only the case still owed is overdue
    expect(d.kpis(T('12:00')).now).toEqual({ openCases: 2, overdue: 1, dueSoon: 0 });
  });
});

describe('periods: the month, the quarter, the year and the same days last year', () => {
  const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
  const now = Date.parse('2026-11-23T15:00:00+08:00'); // Monday 23 November 2026

  it('start on the 1st of the month, of the quarter and of the year, in Shanghai days', () => {
    expect(periodDays('month', now)).toEqual([day('2026-11-01'), day('2026-11-23')]);
    expect(periodDays('quarter', now)).toEqual([day('2026-10-01'), day('2026-11-23')]);
    expect(periodDays('year', now)).toEqual([day('2026-01-01'), day('2026-11-23')]);
    expect(periodDays('week', now)).toEqual([day('2026-11-23'), day('2026-11-23')]);
    // 1 January 00:30 in Shanghai is still 31 December in UTC: the year has begun
    expect(periodDays('year', Date.parse('2027-01-01T00:30:00+08:00'))).toEqual([day('2027-01-01'), day('2027-01-01')]);
  });

  it('set a period against the same days a year before, 29 February as the 28th', () => {
    expect(sameDaysLastYear([day('2026-01-01'), day('2026-11-23')])).toEqual([day('2025-01-01'), day('2025-11-23')]);
    expect(sameDaysLastYear([day('2028-02-01'), day('2028-02-29')])).toEqual([day('2027-02-01'), day('2027-02-28')]);
  });

  it('keeps 3 years per street, district and city, and 35 days per grid; refuses a year below a street', () => {
    const codes = ['120101001001001', '120101001002001', '120102003004001'];
    const cube = createKpiCube(codes.length, codes);
    const state = (caseId: string, at: number): CaseState => {
      const r = applyCaseEvent(undefined, {
        eventId: `${caseId}:1`,
        caseId,
        type: 'reported',
        at: iso(at),
        deadline: iso(at + 86_400_000),
        gridCode: codes[0]!,
        category: 'appearance.garbage',
        urgency: 'ordinary',
        source: 'hotline_12345',
        summary: '垃圾',
      });
      if (!r.ok) throw new Error(r.message);
      return r.state;
    };
    const report = (caseId: string, at: number, grid: number) =>
      cube.record({ eventId: `${caseId}:1`, caseId, type: 'reported', at: iso(at) } as CaseEvent, undefined, state(caseId, at), grid);
    report('LAST-YEAR', Date.parse('2025-03-02T10:00:00+08:00'), 0);
    report('THIS-YEAR-1', Date.parse('2026-03-02T10:00:00+08:00'), 0);
    report('THIS-YEAR-2', Date.parse('2026-11-20T10:00:00+08:00'), 1);
    report('OTHER-DISTRICT', Date.parse('2026-11-21T10:00:00+08:00'), 2);
    const at = (scope: string, period: 'year' | 'month', region = scope) =>
      regionKpis({ cube, openCases: [], regionCode: region, period, now, dueSoonMs: 0, grids: [0, 1] });
    // the street 120101001: both of this year's reports, one last year; the district the same; the city 3 and 1
    expect(at('120101001', 'year')).toMatchObject({
      figures: { reported: 2 },
      sameLastYear: { from: '2025-01-01', to: '2025-11-23', figures: { reported: 1 } },
    });
    expect(at('120101', 'year')).toMatchObject({ figures: { reported: 2 }, sameLastYear: { figures: { reported: 1 } } });
    expect(at('1201', 'year')).toMatchObject({ figures: { reported: 3 }, sameLastYear: { figures: { reported: 1 } } });
    // a community: the month from its grids, no last year; the year refused, naming its street
    expect(at('120101001001', 'month')).toMatchObject({ figures: { reported: 1 }, sameLastYear: null });
    expect(() => at('120101001001', 'year')).toThrow(/ask for its street 120101001/);
  });
});

describe('接单率: over the reports whose hour for acceptance is up', () => {
  it('counts a report nobody accepted against the rate from its 61st minute (33.3 %, not 50 %)', () => {
    const d = day();
    const a = d.report('08:00', '20:00');
    d.step(a, 'accepted', '08:30'); // in time
    const b = d.report('09:00', '20:00');
    d.step(b, 'accepted', '11:00'); // late
    d.report('09:00', '20:00'); // C: 3 hours ago at 12:00, not accepted: due, late
    d.report('11:50', '20:00'); // D: 10 minutes ago, not accepted: not yet due
    // due = 4 reported - 1 still within its hour = 3; in time = 1; 1 / 3
    const f = d.kpis(T('12:00')).figures;
    expect(f).toMatchObject({ reported: 4, accepted: 2, acceptanceDue: 3, acceptedInTime: 1 });
    expect(f.acceptanceRate).toBeCloseTo(1 / 3, 10);
  });
});
