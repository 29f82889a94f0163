// The simulated city's proportions (config/simulation.json, SIM_PROFILE names another file): grid
// weights, the intake's day and week shapes, channel, sub-category and urgency shares, handling
// times by urgency and the speed and return rate of each kind of department, return visits, worker shifts and hot-issue bursts. Validated at
// start: a bad file stops the server with the reason, as a bad wall layout does.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SOURCE_CHANNELS } from '../../shared/caseEvent.ts';
import { CATEGORY_CODES } from '../../shared/categories.ts';

const share = z.number().min(0).max(1);
const why = z.string().min(1);
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a clock time HH:MM');
const monthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a day MM-DD');
const range = z.tuple([z.number().min(0), z.number().min(0)]).refine(([lo, hi]) => lo <= hi, 'a [low, high] pair');
const category = z.enum(CATEGORY_CODES);
const byUrgency = <T extends z.ZodType>(t: T) => z.strictObject({ immediate: t, urgent: t, major: t, ordinary: t });

export const cityProfileSchema = z.strictObject({
  about: z.string(),
  grids: z.strictObject({ why, residentCap: z.number().int().min(100), virtualCommunityWeight: z.number().min(0) }),
  intake: z.strictObject({
    why,
    hourly: z.array(z.number().min(0)).length(24),
    day: z.strictObject({ workday: z.number().min(0), saturday: z.number().min(0), sunday: z.number().min(0), holiday: z.number().min(0) }),
  }),
  sources: z.strictObject({
    why,
    shares: z.record(z.enum(SOURCE_CHANNELS), share),
    videoCategories: z.array(category).min(1),
  }),
  categories: z.strictObject({
    why,
    weights: z.record(category, z.number().min(0)),
    seasons: z.partialRecord(category, z.strictObject({ why, from: monthDay, to: monthDay })),
  }),
  urgency: z.strictObject({ why, shares: byUrgency(share) }),
  handling: z.strictObject({
    why,
    medianShareOfLimit: byUrgency(z.number().positive().max(10)),
    spread: byUrgency(z.number().min(0).max(3)),
    whistled: share,
    extension: z.strictObject({ requested: share, granted: share }),
  }),
  /** How each kind of department behaves (who handles what is the duty list, config/departments.json). */
  departments: z.strictObject({
    why,
    default: z.strictObject({ speed: z.number().positive().max(10), returns: share }),
    kinds: z.record(
      z.string().regex(/^[a-z][a-z0-9]{0,11}$/, 'a kind code of config/departments.json'),
      z.strictObject({ speed: z.number().positive().max(10).optional(), returns: share.optional() }),
    ),
  }),
  visits: z.strictObject({ why, verificationFails: share, unreached: share, satisfied: share, basicallySatisfied: share }),
  workers: z.strictObject({
    why,
    shifts: z
      .array(
        z.strictObject({
          name: z.string().min(1),
          role: z.enum(['full_time', 'part_time']),
          from: clock,
          to: clock,
          share,
          /** Of this shift's workers, the share that works on weekends and holidays too (a rota). */
          offDaysShare: share,
        }),
      )
      .min(1),
    lunch: z.strictObject({ from: clock, to: clock, minutes: range }),
    homeVisits: z.strictObject({ perShift: range, minutes: range }),
    walkMetresPerSecond: z.number().positive().max(5),
    legMetres: range,
  }),
  bursts: z.strictObject({ why, everyMinutes: range, reports: range, spreadMinutes: z.number().positive() }),
});

export type CityProfileFile = z.infer<typeof cityProfileSchema>;

/**
 * The file, checked beyond its shape: every sub-category has a weight; shares add up; given the
 * duty list's kinds (config/departments.json), every kind named under departments is one of them.
 */
export function parseCityProfile(json: unknown, departmentKinds?: ReadonlySet<string>): CityProfileFile {
  const p = cityProfileSchema.parse(json);
  const problems: string[] = [];
  for (const c of CATEGORY_CODES) if (!(c in p.categories.weights)) problems.push(`categories.weights: ${c} has no weight`);
  if (departmentKinds)
    for (const kind of Object.keys(p.departments.kinds))
      if (!departmentKinds.has(kind)) problems.push(`departments.kinds.${kind}: not a kind of department in the registry (config/departments.json)`);
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  if (Math.abs(sum(p.sources.shares) - 1) > 0.001) problems.push(`sources.shares add up to ${sum(p.sources.shares)}, not 1`);
  if (Math.abs(sum(p.urgency.shares) - 1) > 0.001) problems.push(`urgency.shares add up to ${sum(p.urgency.shares)}, not 1`);
  for (const role of ['full_time', 'part_time'] as const) {
    const total = p.workers.shifts.filter((s) => s.role === role).reduce((a, s) => a + s.share, 0);
    if (Math.abs(total - 1) > 0.001) problems.push(`workers.shifts: the ${role} shifts' shares add up to ${total}, not 1`);
  }
  if (p.visits.satisfied + p.visits.basicallySatisfied > 1) problems.push('visits: satisfied and basicallySatisfied add up to more than 1');
  if (problems.length) throw new Error(problems.join('; '));
  return p;
}

export function loadCityProfile(file: string, departmentKinds?: ReadonlySet<string>): CityProfileFile {
  try {
    return parseCityProfile(JSON.parse(readFileSync(file, 'utf8')), departmentKinds);
  } catch (err) {
    const detail = err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : (err as Error).message;
    throw new Error(`invalid configuration: SIM_PROFILE ${file}: ${detail}`);
  }
}

/** Minutes after midnight of an HH:MM clock time. */
export const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
