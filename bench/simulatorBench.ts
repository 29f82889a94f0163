// npm run bench:simulator — what the simulated city (config/simulation.json) amounts to over many
// days, made in-process with the simulator's own model (no server): reports a day by kind of day,
// channel shares, on-time and satisfaction from the cases' plans, the backlog, and how often the
// server's hot-issue rule (server/projections/spikeRule.ts, over the same report log the server
// keeps) fires, with the profile's bursts and without them (the baseline: spikes that are noise).
// Usage: npm run bench:simulator [-- --days 14] [--cases-per-min 20]
import { resolve } from 'node:path';
import { Command } from 'commander';
import { loadCalendarFiles } from '../server/config/config.ts';
import { loadCityProfile } from '../server/config/cityProfile.ts';
import { departmentRegistry, loadDepartmentsFile } from '../server/config/departmentsFile.ts';
import { loadGeography } from '../server/geo/geography.ts';
import { loadGridIndex } from '../server/geo/gridIndex.ts';
import { createReportLog } from '../server/projections/reportLog.ts';
import { detectSpikes } from '../server/projections/spikeScan.ts';
import { createCityModel } from '../server/simulator/cityModel.ts';
import { dayKind } from '../server/simulator/cityRhythm.ts';
import { legacyDeadline } from '../shared/slaRules.ts';
import { seededRng } from '../shared/seededRng.ts';
import { shanghaiDayStart } from '../shared/shanghaiTime.ts';
import { calendarOf } from '../shared/workCalendar.ts';

const opts = new Command()
  .option('--days <n>', 'days simulated', '14')
  .option('--cases-per-min <n>', "a working day's mean intake", '20')
  .parse()
  .opts<{ days: string; casesPerMin: string }>();
const days = Number(opts.days);
const perMin = Number(opts.casesPerMin);
const MIN = 60_000;
const DAY = 1440 * MIN;
const grids = loadGridIndex(resolve('public'));
const profile = loadCityProfile('config/simulation.json');
const departments = departmentRegistry(loadDepartmentsFile('config/departments.json'), loadGeography(resolve('public')));
const calendar = calendarOf(loadCalendarFiles('config/calendar'));
const end = shanghaiDayStart(Date.now());
const from = end - days * DAY;

function run(bursts: boolean) {
  const t0 = performance.now();
  const city = createCityModel({ grids, profile, departments, calendar: () => calendar, rng: seededRng(days * 1000 + perMin) });
  const burst = city.bursts(from);
  const rng = seededRng(7);
  const log = createReportLog();
  const perDay = new Map<string, number[]>();
  const sources = new Map<string, number>();
  let cases = 0;
  let events = 0;
  let onTime = 0;
  let due = 0;
  let closeMs = 0;
  let closed = 0;
  let satisfied = 0;
  let rated = 0;
  const openAt = (at: number, steps: { at: number; event: { type: string } }[]) => steps.length && steps[steps.length - 1]!.at > at;
  let openAtEnd = 0;
  const make = (at: number, choice = {}) => {
    cases += 1;
    const { event } = city.reports.report(`B-${cases}`, at, choice);
    log.add(at, event.gridCode, event.category, event.source);
    sources.set(event.source, (sources.get(event.source) ?? 0) + 1);
    const steps = city.scripts.plan({ caseId: event.caseId, reportedAt: at, urgency: event.urgency, category: event.category, gridCode: event.gridCode });
    events += steps.length + 1;
    const resolved = steps.find((s) => s.event.type === 'resolved')!.at;
    const granted = steps.find((s) => s.event.type === 'extension_granted');
    const deadline = granted && 'until' in granted.event ? Date.parse(granted.event.until as string) : legacyDeadline(event.urgency, at);
    if (deadline < end) {
      due += 1;
      if (resolved <= deadline) onTime += 1;
    }
    const last = steps[steps.length - 1]!;
    if (last.event.type === 'evaluated') {
      closeMs += last.at - at;
      closed += 1;
    }
    for (const s of steps)
      if (s.event.type === 'evaluated') {
        rated += 1;
        if ((s.event as { result?: string }).result !== 'unsatisfied') satisfied += 1;
      }
    if (openAt(end, steps)) openAtEnd += 1;
  };
  // the detector looks every 5 minutes over the last days (it needs 3 days of history for its baseline)
  const active = new Set<string>();
  let episodes = 0;
  let districtEpisodes = 0;
  const scanFrom = from + 4 * DAY;
  for (let t = from; t < end; t += MIN) {
    const expected = perMin * city.rhythm.intakeFactor(t);
    let n = Math.floor(expected) + (rng() < expected % 1 ? 1 : 0);
    const kind = dayKind(t, calendar);
    const day = perDay.get(kind) ?? [];
    if ((t - from) % DAY === 0) day.push(0);
    perDay.set(kind, day);
    while (n-- > 0) {
      make(t + Math.floor(rng() * MIN));
      day[day.length - 1]! += 1;
    }
    if (bursts) for (const b of burst.due(t + MIN)) make(Math.floor(b.dueAt), { grid: b.grid, category: b.category, source: 'hotline_12345' });
    if (t >= scanFrom && (t - from) % (5 * MIN) === 0) {
      const now = new Set<string>();
      for (const s of detectSpikes(log, t + MIN)) {
        const key = `${s.regionCode}|${s.category}`;
        now.add(key);
        if (!active.has(key)) {
          episodes += 1;
          if (s.regionCode.length === 6) districtEpisodes += 1;
        }
      }
      active.clear();
      for (const k of now) active.add(k);
    }
  }
  const scannedDays = (end - scanFrom) / DAY;
  return {
    ms: performance.now() - t0,
    cases,
    events,
    perDay,
    sources,
    onTime: onTime / due,
    satisfied: satisfied / rated,
    meanCloseDays: closeMs / closed / DAY,
    openAtEnd,
    spikesPerDay: episodes / scannedDays,
    districtSpikesPerDay: districtEpisodes / scannedDays,
  };
}

console.log(`the simulated city over ${days} days at ${perMin} cases/min (a working day's mean), ${new Date().toISOString()}`);
for (const bursts of [true, false]) {
  const r = run(bursts);
  const mean = (xs: number[] = []) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : 0);
  console.log(
    `\n${bursts ? "with the profile's hot-issue bursts" : 'without bursts (the rule firing on noise alone)'}: ${r.cases} cases, ${r.events} events, made in ${(r.ms / 1000).toFixed(1)} s`,
  );
  console.log(
    `  reports a day: working day ${mean(r.perDay.get('workday'))}, Saturday ${mean(r.perDay.get('saturday'))}, Sunday ${mean(r.perDay.get('sunday'))}, holiday ${mean(r.perDay.get('holiday'))}`,
  );
  console.log(
    `  channels: ${[...r.sources]
      .sort((a, b) => b[1] - a[1])
      .map(([s, n]) => `${s} ${((n / r.cases) * 100).toFixed(1)} %`)
      .join(', ')}`,
  );
  console.log(
    `  on time ${(r.onTime * 100).toFixed(1)} % of the planner's hour limits fallen due (the server judges by working days), satisfied ${(r.satisfied * 100).toFixed(1)} % of ratings, report to close ${r.meanCloseDays.toFixed(2)} days on average, open at the end ${r.openAtEnd}`,
  );
  console.log(
    `  hot-issue alerts: ${r.spikesPerDay.toFixed(1)} a day (districts ${r.districtSpikesPerDay.toFixed(1)}, streets ${(r.spikesPerDay - r.districtSpikesPerDay).toFixed(1)})`,
  );
}
