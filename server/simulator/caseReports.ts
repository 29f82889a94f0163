// How the simulator makes a report, live or for the history it backfills: a grid picked in
// proportion to its residents, an urgency and a channel, a summary that fits the category, and
// for the photo app and video alerts a location (near the grid's centre) instead of a grid code.
import type { CaseEventInput, SourceCaseEvent, Urgency } from '../../shared/caseEvent.ts';
import type { GridRecord } from '../../shared/geoDataset.ts';
import type { GridIndex } from '../geo/gridIndex.ts';
import { caseSummary } from './summaries.ts';

const SOURCES = ['grid_worker', 'hotline_12345', 'hotline_8890', 'photo_app', 'video_alert', 'department'] as const;
/** Sources that send a location rather than a grid code: the server finds the grid. */
const LOCATED_SOURCES: ReadonlySet<string> = new Set(['photo_app', 'video_alert']);
export const STEP_DEG = 0.0006;

export function createReportMaker(grids: Pick<GridIndex, 'grids' | 'locate'>, rng: () => number) {
  const list = grids.grids;
  const cumulative = new Float64Array(list.length);
  list.reduce((sum, g, i) => (cumulative[i] = sum + g.residents), 0);
  const inGrid = (grid: GridRecord, lon: number, lat: number) => grids.locate(lon, lat)?.code === grid.code;

  /** A point in the grid near its centre, for a located report. */
  function pointIn(grid: GridRecord): { lon: number; lat: number } {
    for (let tries = 0; tries < 8; tries++) {
      const p = { lon: grid.centroid[0] + (rng() - 0.5) * STEP_DEG, lat: grid.centroid[1] + (rng() - 0.5) * STEP_DEG };
      if (inGrid(grid, p.lon, p.lat)) return p;
    }
    return { lon: grid.centroid[0], lat: grid.centroid[1] };
  }

  return {
    inGrid,
    /** Cases come from where people live: a grid picked in proportion to its residents. */
    pickGrid: (): GridRecord => list[Math.min(list.length - 1, bisect(cumulative, rng() * cumulative[list.length - 1]!))]!,
    /** A report (`event`, as the lifecycle sees it) and what is posted (`wire`: a located report goes without its grid code). */
    report(caseId: string, at: number, grid: GridRecord, category: string): { event: SourceCaseEvent; wire: CaseEventInput } {
      const u = rng();
      const urgency: Urgency = u < 0.15 ? 'immediate' : u < 0.25 ? 'urgent' : u < 0.3 ? 'major' : 'ordinary';
      const source = SOURCES[Math.floor(rng() * SOURCES.length)]!;
      const event = {
        eventId: `${caseId}:1`,
        caseId,
        type: 'reported',
        at: new Date(at).toISOString(),
        gridCode: grid.code,
        category,
        urgency,
        source,
        summary: caseSummary(category, rng),
      } as const;
      const { gridCode: _known, ...located } = event;
      return { event, wire: LOCATED_SOURCES.has(source) ? { ...located, location: pointIn(grid) } : event };
    },
  };
}

/** The first index whose cumulative weight reaches `target`. */
function bisect(cumulative: Float64Array, target: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
