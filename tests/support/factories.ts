// Small factories for case events and fixes: valid by default, overridable per test.
import type { CaseEvent, PositionFix } from '../../shared/caseEvent.ts';
import { applyCaseEvent, type CaseState } from '../../shared/caseLifecycle.ts';
import type { CommitEntry } from '../../server/store/eventLog.ts';
import { loadGridIndex } from '../../server/geo/gridIndex.ts';
import { shanghaiDayStart } from '../../shared/shanghaiTime.ts';
import { calendarOf } from '../../shared/workCalendar.ts';
import { loadCalendarFiles, loadSla } from '../../server/config/config.ts';
import { loadCityProfile } from '../../server/config/cityProfile.ts';
import { departmentRegistry, loadDepartmentsFile } from '../../server/config/departmentsFile.ts';
import { loadGeography } from '../../server/geo/geography.ts';

export const grids = loadGridIndex('public');
/** The simulated city as `npm start` runs it, and the official calendar of config/calendar. */
export const cityProfile = loadCityProfile('config/simulation.json');
export const officialCalendar = calendarOf(loadCalendarFiles('config/calendar'));
/** The department registry as a server builds it from config/departments.json and the geography. */
export const departments = departmentRegistry(loadDepartmentsFile('config/departments.json'), loadGeography('public'));
export const simCity = { profile: cityProfile, calendar: () => officialCalendar, sla: loadSla('config/sla.json', officialCalendar), departments };
export const GRID = grids.grids[0]!.code;
export const OTHER_GRID = grids.grids[1]!.code;

let counter = 0;
export const uniqueId = (prefix = 'T') => `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;

// 10:00 in Shanghai on the latest day where that is at least 2 hours ago: the factories' hour of
// events (at(0) .. at(60)) lies on one Shanghai day, in the past, and far from any deadline.
const HOUR = 3_600_000;
const T0 = (() => {
  const tenToday = shanghaiDayStart(Date.now()) + 10 * HOUR;
  return Date.now() - tenToday >= 2 * HOUR ? tenToday : tenToday - 24 * HOUR;
})();
export const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

type Reported = Extract<CaseEvent, { type: 'reported' }>;
export function reported(caseId: string, overrides: Partial<Reported> = {}): Reported {
  return {
    eventId: `${caseId}:1`,
    caseId,
    type: 'reported',
    at: at(0),
    gridCode: GRID,
    category: 'appearance.garbage',
    urgency: 'ordinary',
    source: 'hotline_12345',
    summary: '小区门口生活垃圾堆放未清运',
    ...overrides,
  };
}

type Step = CaseEvent extends infer E ? (E extends CaseEvent ? Omit<E, 'eventId' | 'caseId' | 'at'> : never) : never;

/** The events of one case after its report, numbered as the simulator numbers them. */
export function steps(caseId: string, list: Step[], startMinute = 1): CaseEvent[] {
  return list.map((s, i) => ({ ...s, eventId: `${caseId}:${i + 2}`, caseId, at: at(startMinute + i) }) as CaseEvent);
}

/** The whole happy path: report to evaluated (closed). */
export function closedCase(caseId: string): CaseEvent[] {
  return [
    reported(caseId),
    ...steps(caseId, [
      { type: 'accepted' },
      { type: 'dispatched', unit: '街道综合执法队' },
      { type: 'started' },
      { type: 'resolved', note: '已清运' },
      { type: 'verified', passed: true },
      { type: 'evaluated', satisfied: true },
    ]),
  ];
}

export function fix(workerId: string, overrides: Partial<PositionFix> = {}): PositionFix {
  const g = grids.grids[0]!;
  return { workerId, gridCode: g.code, lon: g.centroid[0], lat: g.centroid[1], at: new Date().toISOString(), ...overrides };
}

/** Folds events into the store's commit entries, as ingest does (from the given case states). */
export function commitEntries(events: CaseEvent[], states = new Map<string, CaseState>()): CommitEntry[] {
  return events.map((event) => {
    const r = applyCaseEvent(states.get(event.caseId), event);
    if (!r.ok) throw new Error(r.message);
    states.set(event.caseId, r.state);
    return { event, state: r.state };
  });
}
