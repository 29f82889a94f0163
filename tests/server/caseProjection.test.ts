import { describe, expect, it } from 'vitest';
import { createCaseProjection } from '../../server/projections/caseProjection.ts';
import type { StoredCaseEvent } from '../../shared/caseEvent.ts';
import type { CaseEvent } from '../../shared/caseEvent.ts';
import { shanghaiDay } from '../../shared/shanghaiTime.ts';
import { GRID, OTHER_GRID, at, closedCase, grids, reported, steps } from '../support/factories.ts';

const stored = (events: CaseEvent[], from = 1): StoredCaseEvent[] => events.map((event, i) => ({ seq: from + i, recordedAt: 0, event }));
const now = Date.parse(at(60));

describe('case projection', () => {
  it('folds a known event list into known heat, KPIs and ticker', () => {
    const p = createCaseProjection(grids.grids.length, grids.indexOf, undefined, () => now);
    const events = [
      ...closedCase('A'),
      reported('B'),
      reported('C', { gridCode: OTHER_GRID, urgency: 'immediate' }), // 2-hour promise: overdue at +3h
      ...steps('B', [{ type: 'accepted' }], 10),
    ];
    const lines = p.apply(stored(events));
    expect(lines).toHaveLength(events.length);
    // open, reported in the last hour (an hour ago exactly: no longer), past their deadline
    expect(p.heatEntries()).toEqual([
      [grids.indexOf(GRID), 1, 0, 0],
      [grids.indexOf(OTHER_GRID), 1, 0, 0],
    ]);
    expect(p.kpis(now, 3)).toEqual({
      day: shanghaiDay(now),
      yesterdaySameTime: null,
      reportedToday: 3,
      closedToday: 1,
      closureRate: 1 / 3,
      overdueNow: 0,
      openCases: 2,
      workersOnline: 3,
      onTimeRate30d: null, // A was resolved in time, but its deadline is 7 days on: not yet fallen due
      satisfaction30d: 1,
    });
    expect(p.kpis(Date.parse(at(180)), 0).overdueNow).toBe(1);
    expect(p.ticker().at(-1)).toMatchObject({ caseId: 'B', type: 'accepted', status: 'accepted', districtCode: GRID.slice(0, 6) });
  });

  it('reports only the grids that changed since the last drain, with their latest value', () => {
    const p = createCaseProjection(grids.grids.length, grids.indexOf);
    p.apply(stored([reported('A'), reported('B')]));
    expect(p.drainHeatChanges()).toEqual([[grids.indexOf(GRID), 2, 0, 0]]);
    expect(p.drainHeatChanges()).toEqual([]);
    p.apply(stored(closedCase('A').slice(1), 3));
    expect(p.drainHeatChanges()).toEqual([[grids.indexOf(GRID), 1, 0, 0]]);
  });

  it('moves reports out of the last hour and cases past their deadline as the clock runs, and back with an extension', () => {
    let clock = Date.parse(at(0));
    const p = createCaseProjection(grids.grids.length, grids.indexOf, undefined, () => clock);
    const g = grids.indexOf(GRID);
    // C: a 2-hour promise (deadline at(120)); D: deadline in 7 days
    p.apply(stored([reported('C', { urgency: 'immediate', deadline: at(120) }), reported('D', { at: at(10) })]));
    clock = Date.parse(at(10));
    expect(p.drainHeatChanges(clock)).toEqual([[g, 2, 2, 0]]);
    clock = Date.parse(at(65)); // C's report has left the hour, D's has not
    expect(p.drainHeatChanges(clock)).toEqual([[g, 2, 1, 0]]);
    clock = Date.parse(at(121)); // C's deadline has passed
    expect(p.drainHeatChanges(clock)).toEqual([[g, 2, 0, 1]]);
    p.apply(
      stored(
        [
          ...steps(
            'C',
            [
              { type: 'accepted' },
              { type: 'dispatched', unit: '街道' },
              { type: 'extension_requested', reason: '协调' },
              { type: 'extension_granted', until: at(600) },
            ],
            121,
          ),
        ],
        3,
      ),
    );
    expect(p.drainHeatChanges(clock)).toEqual([[g, 2, 0, 0]]); // extended: no longer overdue
    clock = Date.parse(at(601));
    expect(p.drainHeatChanges(clock)).toEqual([[g, 2, 0, 1]]);
    expect(p.heatEntries()).toEqual([[g, 2, 0, 1]]);
  });

  it('does not count a report older than an hour when folding the log later', () => {
    const p = createCaseProjection(grids.grids.length, grids.indexOf, undefined, () => Date.parse(at(90)));
    p.apply(stored([reported('A', { at: at(0) }), reported('B', { at: at(40) })]));
    expect(p.heatEntries()).toEqual([[grids.indexOf(GRID), 2, 1, 0]]);
  });

  it('ignores events it has already folded, so a replay does not double count', () => {
    const p = createCaseProjection(grids.grids.length, grids.indexOf);
    const events = stored(closedCase('A'));
    p.apply(events);
    expect(p.apply(events)).toEqual([]);
    expect(p.kpis(now, 0)).toMatchObject({ reportedToday: 1, closedToday: 1 });
  });

  it('masks personal data in the ticker summary', () => {
    const p = createCaseProjection(grids.grids.length, grids.indexOf);
    const [line] = p.apply(stored([reported('A', { summary: '3号楼漏水，联系电话13912345678' })]));
    expect(line!.summary).toBe('*号楼漏水，联系电话[电话]');
  });

  it('keeps the ticker bounded', () => {
    const p = createCaseProjection(grids.grids.length, grids.indexOf);
    p.apply(stored(Array.from({ length: 500 }, (_, i) => reported(`K${i}`))));
    expect(p.ticker().length).toBeLessThanOrEqual(50);
    expect(p.ticker().at(-1)!.caseId).toBe('K499');
  });

  it('knows how many were reported and closed yesterday up to the same time, for the city and a district', () => {
    const p = createCaseProjection(
      grids.grids.length,
      grids.indexOf,
      grids.grids.map((g) => g.code),
    );
    const day = 86_400_000;
    const yesterday = (minutes: number) => new Date(Date.parse(at(0)) - day + minutes * 60_000).toISOString();
    p.apply(
      stored([
        reported('Y1', { at: yesterday(0) }),
        reported('Y2', { at: yesterday(30) }),
        reported('Y3', { at: yesterday(180) }),
        ...closedCase('T1'), // today
      ]),
    );
    const now = Date.parse(at(60)); // 11:00: yesterday's 10:00 and 10:30 are before it, 13:00 is not
    expect(p.kpis(now, 0).yesterdaySameTime).toEqual({ reported: 2, closed: 0 });
    const district = GRID.slice(0, 6);
    expect(p.kpis(now, 0, { code: district, grids: grids.gridsIn(district) }).yesterdaySameTime).toEqual({ reported: 2, closed: 0 });
    expect(p.kpis(now, 0, { code: GRID.slice(0, 9), grids: grids.gridsIn(GRID.slice(0, 9)) }).yesterdaySameTime).toBeNull(); // streets: not kept
  });

  it('has no "same time yesterday" where the log does not reach back to yesterday by this time (a new store)', () => {
    const p = createCaseProjection(
      grids.grids.length,
      grids.indexOf,
      grids.grids.map((g) => g.code),
    );
    const yesterdayLate = new Date(Date.parse(at(0)) - 86_400_000 + 600 * 60_000).toISOString(); // yesterday 20:00
    p.apply(stored([reported('Y9', { at: yesterdayLate }), ...closedCase('T9')]));
    expect(p.kpis(Date.parse(at(60)), 0).yesterdaySameTime).toBeNull(); // today 11:00: yesterday had nothing by 11:00
    const district = GRID.slice(0, 6);
    expect(p.kpis(Date.parse(at(60)), 0, { code: district, grids: grids.gridsIn(district) }).yesterdaySameTime).toBeNull();
  });
});
