// The simulated city against the numbers its profile (config/simulation.json) promises, computed by
// hand in docs/configuration.md#the-simulated-city: on-time rates from the log-normal handling
// times, channel and sub-category shares by hour and season, workers on shift by the clock (the
// clock injected, never waited for), bursts a few times a day, and every planned step legal.
import { describe, expect, it } from 'vitest';
import { workerRoster } from '../../server/geo/workerRoster.ts';
import { createCaseScripts, asFoldedLocally } from '../../server/simulator/caseScript.ts';
import { gridWeight } from '../../server/simulator/caseReports.ts';
import { parseCityProfile } from '../../server/config/cityProfile.ts';
import { createCityModel } from '../../server/simulator/cityModel.ts';
import { createCityRhythm, dayKind, inSeason } from '../../server/simulator/cityRhythm.ts';
import { createPatrols } from '../../server/simulator/workerShifts.ts';
import type { CaseEvent, SourceCaseEvent, Urgency } from '../../shared/caseEvent.ts';
import { timeLimitRefusal } from '../../shared/timeLimitRules.ts';
import { applyCaseEvent, type CaseState } from '../../shared/caseLifecycle.ts';
import { seededRng } from '../../shared/seededRng.ts';
import { legacyDeadline } from '../../shared/slaRules.ts';
import { cityProfile, departments, grids, officialCalendar, simCity } from '../support/factories.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const monday10 = Date.parse('2026-12-07T10:00:00+08:00'); // a working day in the heating season
const at = (iso: string) => Date.parse(`${iso}+08:00`);

/** A grid of 丁字沽街道 (红桥区): where the planned cases lie, for the duty list's dispatch. */
const G = grids.grids.find((g) => g.code.startsWith('120106004'))!.code;

describe('the simulated city: handling times and the loop', () => {
  const scripts = createCaseScripts(cityProfile, departments);

  /** Plans many cases of one sub-category and urgency; applies every step; returns the share resolved in time. */
  function onTimeShare(category: string, urgency: Urgency, n: number) {
    let onTime = 0;
    for (let i = 0; i < n; i++) {
      const caseId = `T-${category}-${urgency}-${i}`;
      const reportedAt = monday10 + i * MIN;
      const steps = scripts.plan({ caseId, reportedAt, urgency, category, gridCode: G });
      let state = reported(caseId, reportedAt, category, urgency);
      let deadline = legacyDeadline(urgency, reportedAt);
      let firstResolved = Infinity;
      for (const [k, s] of steps.entries()) {
        const event = asFoldedLocally(state, { ...s.event, eventId: `${caseId}:s${k + 2}`, caseId, at: new Date(s.at).toISOString() } as SourceCaseEvent);
        const r = applyCaseEvent(state, event);
        if (!r.ok) throw new Error(`${caseId} step ${k} (${s.event.type}): ${r.message}`);
        state = r.state;
        if (s.event.type === 'extension_granted') deadline = Date.parse(s.event.until);
        if (s.event.type === 'resolved') firstResolved = Math.min(firstResolved, s.at);
      }
      expect(state.status === 'closed' || state.status === 'verified').toBe(true);
      if (firstResolved <= deadline) onTime += 1;
    }
    return onTime / n;
  }

  it('resolves ordinary cases of a speed-1 department on time 98.9 % of the time, the 2-hour class about 93 %', () => {
    // ordinary: P(f < 1) for f log-normal with median 0.2, sigma 0.7 = Φ(ln 5 / 0.7) = Φ(2.30) = 0.989;
    // the 2 % whistled take 1.3 times as long: Φ(ln(5/1.3) / 0.7) = Φ(1.92) = 0.973; together 0.989
    expect(onTimeShare('appearance.garbage', 'ordinary', 4000)).toBeCloseTo(0.989, 1);
    expect(onTimeShare('appearance.garbage', 'ordinary', 4000)).toBeGreaterThan(0.975);
    // the 2-hour class: Φ(ln 2 / 0.45) = Φ(1.54) = 0.938, less the few a misrouted dispatch delays past the limit
    const immediate = onTimeShare('appearance.garbage', 'immediate', 4000);
    expect(immediate).toBeGreaterThan(0.9);
    expect(immediate).toBeLessThan(0.96);
    // a slow department (住建委, speed 1.45, owns construction sites at street and district) misses more: Φ(ln(5/1.45) / 0.7) = Φ(1.77) = 0.96
    const slow = onTimeShare('worksafety.site', 'ordinary', 4000);
    expect(slow).toBeGreaterThan(0.94);
    expect(slow).toBeLessThan(0.975);
  });

  it("dispatches by the duty list at the case's street, and to the district's owner after a return", () => {
    // environment.noise: 丁字沽街道派出所 first (police stations return one case in ten), 红桥区生态环境局 after a return
    const seen = new Map<string, number>();
    let returned = 0;
    for (let i = 0; i < 500; i++) {
      const steps = scripts.plan({ caseId: `D-${i}`, reportedAt: monday10, urgency: 'ordinary', category: 'environment.noise', gridCode: G });
      steps.forEach((s, k) => {
        if (s.event.type === 'dispatched') seen.set(s.event.department!, (seen.get(s.event.department!) ?? 0) + 1);
        if (s.event.type === 'returned') {
          returned += 1;
          expect(steps[k - 1]!.event).toMatchObject({ type: 'dispatched', department: '120106004-ga', unit: '丁字沽街道派出所' });
          expect(steps[k + 1]!.event).toMatchObject({ type: 'dispatched', department: '120106-sthj', unit: '红桥区生态环境局' });
        }
      });
    }
    expect([...seen.keys()].sort()).toEqual(['120106-sthj', '120106004-ga']);
    expect(returned).toBeGreaterThan(25); // 10 % of 500
    expect(returned).toBeLessThan(80);
    expect(scripts.ownerOf('safety.gas', G).name).toBe('红桥区燃气公司');
  });

  it('asks for more time only where the server takes it, even on the eve of the Spring Festival', () => {
    // ordinary water cases (a limit in hours) reported over 2026-02-10..14; the server's rule: a
    // working day's notice before the deadline its time-limit rules set (config/sla.json)
    const refusedWith = (scripts: ReturnType<typeof createCaseScripts>) => {
      let refused = 0;
      let asked = 0;
      for (let i = 0; i < 20_000; i++) {
        const caseId = `X-${i}`;
        const reportedAt = at('2026-02-10T08:00:00') + i * 90_000;
        let state = reported(caseId, reportedAt, 'livelihood.water', 'ordinary');
        state = { ...state, deadline: simCity.sla.deadlineFor('ordinary', 'livelihood.water', reportedAt) };
        for (const [k, s] of scripts.plan({ caseId, reportedAt, urgency: 'ordinary', category: 'livelihood.water', gridCode: G }).entries()) {
          const event = asFoldedLocally(state, { ...s.event, eventId: `${caseId}:s${k + 2}`, caseId, at: new Date(s.at).toISOString() } as SourceCaseEvent);
          if (event.type === 'extension_requested') asked += 1;
          if (timeLimitRefusal(state, event as CaseEvent, simCity.sla)) {
            refused += 1;
            break;
          }
          const r = applyCaseEvent(state, event);
          if (!r.ok) throw new Error(r.message);
          state = r.state;
        }
      }
      return { refused, asked };
    };
    const withRules = refusedWith(createCaseScripts(cityProfile, departments, simCity.sla));
    expect(withRules.asked).toBeGreaterThan(100);
    expect(withRules.refused).toBe(0);
    // planned by the legacy hours alone (as before), a quarter of them came too late over the holiday
    expect(refusedWith(createCaseScripts(cityProfile, departments)).refused).toBeGreaterThan(0);
  });

  it('carries a case on from where its log left it: the rest of the same plan', () => {
    const report = { caseId: 'C-1', reportedAt: monday10, urgency: 'ordinary' as const, category: 'traffic.parking', gridCode: G };
    const steps = scripts.plan(report);
    let state = reported('C-1', monday10, 'traffic.parking', 'ordinary');
    for (const s of steps.slice(0, 3)) {
      const r = applyCaseEvent(state, { ...s.event, eventId: 'x', caseId: 'C-1', at: new Date(s.at).toISOString() } as SourceCaseEvent);
      if (!r.ok) throw new Error(r.message);
      state = r.state;
    }
    expect(scripts.planFrom(state)).toEqual({ steps: steps.slice(3), first: 5 });
    // a case a demo planned 60 times faster is found at that speed, not taken for a real-time one
    const fast = scripts.plan(report, 60);
    let quick = reported('C-1', monday10, 'traffic.parking', 'ordinary');
    for (const s of fast.slice(0, 3)) {
      const r = applyCaseEvent(quick, { ...s.event, eventId: 'x', caseId: 'C-1', at: new Date(s.at).toISOString() } as SourceCaseEvent);
      if (!r.ok) throw new Error(r.message);
      quick = r.state;
    }
    expect(scripts.planFrom(quick, [1]).steps).toEqual([]);
    expect(scripts.planFrom(quick, [1, 60])).toEqual({ steps: fast.slice(3), first: 5 });
    expect(scripts.plan(report)).toEqual(steps); // the same plan every time: seeded by the case id
  });
});

describe('the simulated city: what is reported, when', () => {
  const rhythm = createCityRhythm(cityProfile, () => officialCalendar);
  const draw = (n: number, f: (rng: () => number) => string) => {
    const rng = seededRng(42);
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const k = f(rng);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return (k: string) => (counts.get(k) ?? 0) / n;
  };

  it('reports heating only in the heating season (15 November to 15 March), 8.2 % of reports in it', () => {
    // 90 of the weights' 1,101
    const december = draw(20_000, (rng) => rhythm.category(monday10, 'hotline_12345', rng));
    expect(december('livelihood.heating')).toBeCloseTo(90 / 1101, 2);
    const july = draw(5_000, (rng) => rhythm.category(at('2026-07-01T10:00:00'), 'hotline_12345', rng));
    expect(july('livelihood.heating')).toBe(0);
    expect(inSeason(at('2026-11-15T00:00:00'), { from: '11-15', to: '03-15' })).toBe(true);
    expect(inSeason(at('2026-03-16T00:00:00'), { from: '11-15', to: '03-15' })).toBe(false);
  });

  it('takes reports mostly through 12345, then grid workers while they are on shift, video alerts a few per cent', () => {
    // 15:00 on a working day: day shift and afternoon shift both on (0.93, the fullest): the shares as written
    const afternoon = draw(20_000, (rng) => rhythm.source(at('2026-12-07T15:00:00'), rng));
    expect(afternoon('hotline_12345')).toBeCloseTo(0.45, 1);
    expect(afternoon('grid_worker')).toBeCloseTo(0.3, 1);
    expect(afternoon('video_alert')).toBeCloseTo(0.03, 2);
    // 03:00: only the night duty (0.07 of 0.93): grid workers 0.3 x 0.075 = 0.023 of 0.723 in all = 3.1 %
    const night = draw(20_000, (rng) => rhythm.source(at('2026-12-07T03:00:00'), rng));
    expect(night('grid_worker')).toBeCloseTo(0.031, 2);
    expect(night('hotline_12345')).toBeGreaterThan(0.55);
  });

  it('takes fewer reports on a Sunday and on a holiday than on a working day, and fewest at night', () => {
    expect(dayKind(at('2026-12-06T10:00:00'), officialCalendar)).toBe('sunday');
    expect(dayKind(at('2026-10-02T10:00:00'), officialCalendar)).toBe('holiday'); // 国庆, a Friday
    expect(rhythm.intakeFactor(at('2026-12-07T10:00:00'))).toBeCloseTo(1.75, 5);
    expect(rhythm.intakeFactor(at('2026-12-06T10:00:00'))).toBeCloseTo(1.75 * 0.74, 5);
    expect(rhythm.intakeFactor(at('2026-10-02T10:00:00'))).toBeCloseTo(1.75 * 0.68, 5);
    expect(rhythm.intakeFactor(at('2026-12-07T03:00:00'))).toBeCloseTo(0.09, 5);
  });

  it('weights grids by residents up to 3,000, and a development zone grid as 300', () => {
    const virtual = grids.grids.find((g) => g.name.includes('虚拟社区') && g.residents > 10_000)!;
    expect(gridWeight(virtual, cityProfile)).toBe(300);
    const village = grids.grids.find((g) => !g.name.includes('虚拟社区') && g.residents > 5_000)!;
    expect(gridWeight(village, cityProfile)).toBe(3000);
  });

  it('has a hot-issue burst a handful of times a day: 15-40 reports of one sub-category in one street within 20 minutes', () => {
    const city = createCityModel({ grids, ...simCity, rng: seededRng(7) });
    const bursts = city.bursts(monday10);
    const groups = new Map<string, number[]>();
    for (let now = monday10; now < monday10 + 24 * HOUR; now += 10_000)
      for (const b of bursts.due(now)) {
        const key = `${Math.floor(b.dueAt / (25 * MIN))}|${b.grid.code.slice(0, 9)}|${b.category}`;
        groups.set(key, [...(groups.get(key) ?? []), b.dueAt]);
      }
    const sizes = [...groups.values()].filter((g) => g.length >= 5);
    // every 150-330 minutes: 24 h / 240 min = 6 on average
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    expect(sizes.length).toBeLessThanOrEqual(10);
  });
});

describe('the simulated city: grid workers on their shifts', () => {
  const roster = workerRoster(grids.grids);
  const onlineAt = (times: number[]) => {
    const patrols = createPatrols({ ...simCity, inGrid: (g, lon, lat) => grids.locate(lon, lat)?.code === g.code, rng: seededRng(5) });
    const byCode = new Map(grids.grids.map((g) => [g.code, g]));
    const workers = roster.map((w) => patrols.patrol(w, byCode.get(w.gridCode)!));
    return times.map((t) => workers.filter((w) => patrols.advance(w, t)).length / workers.length);
  };

  it('has most of them out at 10:00 on a working day, a few at 03:00, fewer on a Sunday morning', () => {
    // 10:00 working day: 80 % of the 17,701 full-time (day shift) + all 4,470 part-timers = 84 % of 22,171, less the silent
    const [ten, three] = onlineAt([at('2026-12-07T10:00:00'), at('2026-12-08T03:00:00')]);
    expect(ten).toBeGreaterThan(0.8);
    expect(ten).toBeLessThan(0.86);
    // 03:00: the night duty, 7 % of the full-time: 5.6 % of all
    expect(three).toBeGreaterThan(0.04);
    expect(three).toBeLessThan(0.07);
    // Sunday 10:00: the day shift's rota (45 %) and a fifth of the part-timers: 0.8 x 0.45 x 17,701 + 0.2 x 4,470 = 33 %
    const [sunday] = onlineAt([at('2026-12-06T10:00:00')]);
    expect(sunday).toBeGreaterThan(0.28);
    expect(sunday).toBeLessThan(0.38);
  });

  it('walks along the compass directions inside his own grid, and stands still on a home visit', () => {
    const patrols = createPatrols({ ...simCity, inGrid: (g, lon, lat) => grids.locate(lon, lat)?.code === g.code, rng: seededRng(9) });
    const grid = grids.grids.find((g) => g.residents > 500)!;
    const w = patrols.patrol({ id: 'W-test', name: '测试', role: 'full_time', gridCode: grid.code }, grid);
    w.shift = cityProfile.workers.shifts[0]!;
    w.offDays = true;
    let moves = 0;
    let diagonal = 0;
    let stands = 0;
    let last = { lon: NaN, lat: NaN };
    for (let t = at('2026-12-07T09:00:00'); t < at('2026-12-07T17:00:00'); t += 5000) {
      patrols.advance(w, t);
      expect(grids.locate(w.lon, w.lat)?.code).toBe(grid.code);
      if (w.activity === 'standing') stands += 1;
      if (last.lon === w.lon && last.lat === w.lat) continue;
      if (!Number.isNaN(last.lon)) {
        moves += 1;
        if (last.lon !== w.lon && last.lat !== w.lat) diagonal += 1;
      }
      last = { lon: w.lon, lat: w.lat };
    }
    expect(moves).toBeGreaterThan(1000);
    expect(diagonal).toBeLessThan(5); // only a new shift's start may jump
    expect(stands * 5000).toBeGreaterThan(60 * MIN); // lunch and two to four home visits
  });
});

describe('the city profile file', () => {
  it('is refused with the reason when a kind of department is not in the registry or the shares do not add up', () => {
    const broken = structuredClone(cityProfile) as typeof cityProfile;
    broken.departments.kinds.nosuch = { speed: 2 };
    const kinds = new Set(Object.keys(departments.file.kinds));
    expect(() => parseCityProfile(broken, kinds)).toThrow(/departments\.kinds\.nosuch: not a kind of department/);
    broken.sources.shares.video_alert = 0.5;
    expect(() => parseCityProfile(broken)).toThrow(/sources\.shares add up/);
    expect(() => parseCityProfile({ ...cityProfile, intake: { ...cityProfile.intake, hourly: [1] } })).toThrow(/hourly/);
  });
});

describe('simulated report texts', () => {
  it('say what their sub-category is about, for every sub-category', async () => {
    const { caseSummary } = await import('../../server/simulator/summaries.ts');
    const { CATEGORY_CODES } = await import('../../shared/categories.ts');
    const rng = seededRng(5);
    for (const code of CATEGORY_CODES) expect(caseSummary(code, rng)).not.toContain('群众反映问题');
    expect(caseSummary('traffic.signal', () => 0.99)).toContain('信号灯');
  });
});

function reported(caseId: string, reportedAt: number, category: string, urgency: Urgency): CaseState {
  const r = applyCaseEvent(undefined, {
    eventId: `${caseId}:1`,
    caseId,
    type: 'reported',
    at: new Date(reportedAt).toISOString(),
    gridCode: grids.grids[0]!.code,
    category,
    urgency,
    source: 'hotline_12345',
    summary: '测试',
  });
  if (!r.ok) throw new Error(r.message);
  return r.state;
}
