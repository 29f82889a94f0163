// What a running rehearsal does to the simulated city, tick by tick: the normal intake scaled by the
// scenario's factor, and the scenario's own reports (config/scenarios/<name>.json) at their rates per
// minute, in their districts or streets, on grids drawn by residents, each summary marked 【演练】.
// Both ramp up from the start and down towards the end over the scenario's rampMinutes, so a storm
// builds and dies down like weather rather than a switch. Pure over its inputs and the rng: the
// simulator asks the holder (server/walls/rehearsals.ts) what runs and calls `tick`.
import type { SourceChannel, Urgency } from '../../shared/caseEvent.ts';
import type { GridRecord } from '../../shared/geoDataset.ts';
import { type Draw, draw, drawOf } from './weightedDraw.ts';
import { REHEARSAL_MARK, type ActiveRehearsal, type Scenario, type ScenarioStream } from '../../shared/rehearsal.ts';

export type { ActiveRehearsal } from '../../shared/rehearsal.ts';

export interface ScenarioReport {
  grid: GridRecord;
  category: string;
  urgency: Urgency;
  source: SourceChannel;
  summary: string;
}

/**
 * How strongly a rehearsal acts at time `t` (0 to 1): rising linearly over `rampMs` after its
 * start, falling linearly over the last `rampMs` before its end (a rehearsal shorter than two
 * ramps peaks in its middle), 0 outside it.
 */
export function scenarioStrength(r: Pick<ActiveRehearsal, 'startedAt' | 'until'>, rampMs: number, t: number): number {
  if (t < r.startedAt || t >= r.until) return 0;
  const ramp = Math.min(rampMs, (r.until - r.startedAt) / 2);
  if (ramp <= 0) return 1;
  return Math.min(1, (t - r.startedAt) / ramp, (r.until - t) / ramp);
}

interface PreparedStream {
  stream: ScenarioStream;
  grids: Draw<GridRecord> | null;
  urgency: Draw<Urgency>;
  source: Draw<SourceChannel>;
}

function weighted<K extends string>(weights: Partial<Record<K, number>>): Draw<K> {
  const entries = (Object.entries(weights) as [K, number][]).filter(([, w]) => w > 0);
  return drawOf(
    entries.map(([k]) => k),
    (k) => weights[k] ?? 0,
  );
}

/** The grids a stream's reports fall on: its districts' or streets' (by code prefix), else the city's. */
function areaOf(stream: ScenarioStream, grids: readonly GridRecord[]): GridRecord[] {
  const prefixes = stream.districts ?? stream.streets;
  return prefixes ? grids.filter((g) => prefixes.some((p) => g.code.startsWith(p))) : [...grids];
}

/** What the scenario does to the simulated city during one tick of tickMs ending at `now`. */
/** `weight`: a grid's share of the reports in its area (the simulator's capped residents; default the residents). */
export function createScenarioIntake(
  grids: readonly GridRecord[],
  scenarios: ReadonlyMap<string, Scenario>,
  rng: () => number,
  weight: (grid: GridRecord) => number = (g) => g.residents,
) {
  const prepared = new Map<string, PreparedStream[]>();
  for (const [name, scenario] of scenarios)
    prepared.set(
      name,
      scenario.streams.map((stream) => {
        const area = areaOf(stream, grids);
        return {
          stream,
          grids: area.length ? drawOf(area, weight) : null, // an area without grids makes no reports
          urgency: weighted(stream.urgency),
          source: weighted(stream.sources),
        };
      }),
    );

  return {
    tick(active: ActiveRehearsal | undefined, now: number, tickMs: number): { intakeFactor: number; reports: ScenarioReport[] } {
      const scenario = active && scenarios.get(active.name);
      if (!active || !scenario) return { intakeFactor: 1, reports: [] };
      // the strength in the middle of the tick: a tick's expected count is its rate times its length
      const strength = scenarioStrength(active, scenario.rampMinutes * 60_000, now - tickMs / 2);
      const reports: ScenarioReport[] = [];
      for (const p of prepared.get(active.name) ?? []) {
        if (!p.grids || strength === 0) continue;
        const expected = p.stream.perMinute * strength * (tickMs / 60_000);
        let n = Math.floor(expected) + (rng() < expected % 1 ? 1 : 0);
        while (n-- > 0) {
          const summary = p.stream.summaries[Math.floor(rng() * p.stream.summaries.length)]!;
          reports.push({
            grid: draw(p.grids, rng),
            category: p.stream.category,
            urgency: draw(p.urgency, rng),
            source: draw(p.source, rng),
            summary: `${REHEARSAL_MARK}${summary}`,
          });
        }
      }
      return { intakeFactor: 1 + (scenario.intakeFactor - 1) * strength, reports };
    },
  };
}

export type ScenarioIntake = ReturnType<typeof createScenarioIntake>;
