// The work calendar of a running server: the official holiday schedules of the calendar folder
// (config/calendar/<year>.json) and those an administrator loaded into the store (admin API, CLI),
// the store's winning for a year in both. A loaded year takes effect at once on this node, and on
// the others at their next look at the store (every minute); each node then revises the
// provisional deadlines of the open cases (deadlineRevision.ts). `status` says how far ahead the
// official schedules reach, and warns from 30 days before they run out.
import type { CalendarStatus, CalendarYearInfo, YearScheduleFile } from '../../shared/calendarYear.ts';

export type { CalendarStatus, CalendarYearInfo };
import { Refusal } from '../../shared/refusal.ts';
import type { SlaPolicy } from '../../shared/slaRules.ts';
import { calendarOf } from '../../shared/workCalendar.ts';
import type { Logger } from '../observability/logger.ts';
import type { CalendarStore, StoredYear } from '../store/calendarStore.ts';

const DAY_MS = 86_400_000;
export const COVERAGE_WARNING_DAYS = 30;
const shanghaiYear = (ms: number) => new Date(ms + 8 * 3_600_000).getUTCFullYear();

export function createCalendarService(deps: {
  sla: SlaPolicy;
  files: ReadonlyMap<number, YearScheduleFile>;
  store: CalendarStore;
  logger: Logger;
  /** The calendar changed (a year loaded here or elsewhere): revise what was counted provisionally. */
  onChange(changedAt: number): void;
  refreshMs?: number;
}) {
  let loaded = new Map<number, StoredYear>();
  let timer: NodeJS.Timeout | undefined;

  const schedules = () => {
    const years = new Map<number, YearScheduleFile>(deps.files);
    for (const [year, s] of loaded) years.set(year, s.schedule);
    return years;
  };
  const apply = () => deps.sla.setCalendar(calendarOf(schedules()));
  /** When the newest of the loaded years was loaded (0: none). */
  const lastLoadedAt = () => Math.max(0, ...[...loaded.values()].map((s) => s.loadedAt));
  const fingerprint = (m: Map<number, StoredYear>) => JSON.stringify([...m].map(([y, s]) => [y, s.loadedAt]));

  async function refresh(): Promise<boolean> {
    const next = new Map((await deps.store.years()).map((s) => [s.schedule.year, s]));
    if (fingerprint(next) === fingerprint(loaded)) return false;
    loaded = next;
    apply();
    return true;
  }

  return {
    /** Reads the loaded years again; true when they changed. */
    refresh,
    /** Reads the loaded years, then looks again every minute. */
    async start() {
      await refresh();
      deps.onChange(lastLoadedAt());
      timer = setInterval(() => {
        refresh().then(
          (changed) => changed && deps.onChange(lastLoadedAt()),
          (err: Error) => deps.logger.warn({ err: err.message }, 'calendar: could not read the loaded years; will try again'),
        );
      }, deps.refreshMs ?? 60_000);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },

    /** Loads a year's official schedule; refused with `year_loaded` when the year has one and `replace` is not set. */
    async load(schedule: YearScheduleFile, by: string, replace: boolean, now = Date.now()): Promise<CalendarYearInfo> {
      const year = schedule.year;
      if (!replace && (deps.files.has(year) || loaded.has(year))) {
        throw new Refusal(
          'year_loaded',
          `${year} has an official schedule already (${loaded.has(year) ? 'loaded' : 'in the calendar folder'}); send replace: true to replace it`,
        );
      }
      const entry: StoredYear = { schedule, loadedAt: now, loadedBy: by };
      if (!(await deps.store.save(entry, replace)))
        throw new Refusal('year_loaded', `${year} was loaded a moment ago by someone else; send replace: true to replace it`);
      loaded.set(year, entry);
      apply();
      deps.logger.info({ year, by, holidays: schedule.holidays.length, workdays: schedule.workdays.length }, 'calendar: a year loaded');
      deps.onChange(now);
      return infoOf(year)!;
    },

    status(now = Date.now()): CalendarStatus {
      const years = schedules();
      let last = shanghaiYear(now) - 1;
      while (years.has(last + 1)) last += 1;
      const coveredThrough = last >= shanghaiYear(now) ? `${last}-12-31` : null;
      const end = Date.parse(`${last + 1}-01-01T00:00:00+08:00`);
      const daysLeft = Math.ceil((end - now) / DAY_MS);
      const warning =
        coveredThrough === null
          ? `no official holiday schedule for ${shanghaiYear(now)}: deadlines are counted by the statutory holidays alone (provisional); load the year's schedule`
          : daysLeft <= COVERAGE_WARNING_DAYS
            ? `the official holiday schedules end on ${coveredThrough} (${daysLeft} days): deadlines after it are provisional until ${last + 1}'s schedule is loaded`
            : null;
      return {
        years: [...years.keys()].sort((a, b) => a - b).map((y) => infoOf(y)!),
        coveredThrough,
        provisionalFrom: `${last + 1}-01-01`,
        warning,
      };
    },
  };

  function infoOf(year: number): CalendarYearInfo | undefined {
    const stored = loaded.get(year);
    const schedule = stored?.schedule ?? deps.files.get(year);
    if (!schedule) return undefined;
    return {
      year,
      source: schedule.source ?? null,
      origin: stored ? 'loaded' : 'config',
      loadedAt: stored ? new Date(stored.loadedAt).toISOString() : null,
      loadedBy: stored?.loadedBy ?? null,
      holidays: schedule.holidays.length,
      workdays: schedule.workdays.length,
    };
  }
}

export type CalendarService = ReturnType<typeof createCalendarService>;
