// How the simulator makes a report, live or for the history it backfills: a grid picked by its
// residents (capped, and development-zone 虚拟社区 grids weighted as the few people they have: the
// profile's "grids"), a channel, sub-category and urgency by the city's rhythm (cityRhythm.ts), a
// summary that fits the category, and for the photo app and video alerts a location (near the
// grid's centre, or where the reporting worker stands) instead of a grid code.
import type { CaseEventInput, SourceCaseEvent, SourceChannel, Urgency } from '../../shared/caseEvent.ts';
import type { GridRecord } from '../../shared/geoDataset.ts';
import type { GridIndex } from '../geo/gridIndex.ts';
import type { CityProfileFile } from '../config/cityProfile.ts';
import type { CityRhythm, Rng } from './cityRhythm.ts';
import { caseSummary } from './summaries.ts';
import { draw, drawOf } from './weightedDraw.ts';

/** Sources that send a location rather than a grid code: the server finds the grid. */
const LOCATED_SOURCES: ReadonlySet<string> = new Set(['photo_app', 'video_alert']);
/** How far from a grid's centre a located report may fall, in degrees (~60 m). */
export const STEP_DEG = 0.0006;

/** A grid's weight as a source of reports: its residents, capped; a 虚拟社区 grid a fixed small weight. */
export function gridWeight(grid: GridRecord, profile: CityProfileFile): number {
  if (grid.name.includes('虚拟')) return profile.grids.virtualCommunityWeight; // 虚拟社区, 虚拟生活区 …
  return Math.min(grid.residents, profile.grids.residentCap);
}

export interface ReportChoice {
  grid?: GridRecord;
  category?: string;
  source?: SourceChannel;
  urgency?: Urgency;
  summary?: string;
  /** Where it was seen, for a located channel (else near the grid's centre). */
  at?: { lon: number; lat: number };
}

export function createReportMaker(grids: Pick<GridIndex, 'grids' | 'locate'>, profile: CityProfileFile, rhythm: CityRhythm, rng: Rng) {
  const byWeight = drawOf(grids.grids, (g) => gridWeight(g, profile));
  const inGrid = (grid: GridRecord, lon: number, lat: number) => grids.locate(lon, lat)?.code === grid.code;

  /** A point in the grid near its centre, for a located report. */
  function pointIn(grid: GridRecord): { lon: number; lat: number } {
    for (let tries = 0; tries < 8; tries++) {
      const p = { lon: grid.centroid[0] + (rng() - 0.5) * STEP_DEG, lat: grid.centroid[1] + (rng() - 0.5) * STEP_DEG };
      if (inGrid(grid, p.lon, p.lat)) return p;
    }
    return { lon: grid.centroid[0], lat: grid.centroid[1] };
  }
  const pickGrid = (): GridRecord => draw(byWeight, rng);

  return {
    inGrid,
    pickGrid,
    /** The channel a report at this instant comes through (grid workers' share follows their shifts). */
    source: (at: number) => rhythm.source(at, rng),
    /**
     * A report (`event`, as the lifecycle sees it) and what is posted (`wire`: a located report goes
     * without its grid code). What `choice` leaves out is drawn by the city's rhythm.
     */
    report(caseId: string, at: number, choice: ReportChoice = {}): { event: Extract<SourceCaseEvent, { type: 'reported' }>; wire: CaseEventInput } {
      const source = choice.source ?? rhythm.source(at, rng);
      const grid = choice.grid ?? pickGrid();
      const category = choice.category ?? rhythm.category(at, source, rng);
      const event = {
        eventId: `${caseId}:1`,
        caseId,
        type: 'reported',
        at: new Date(at).toISOString(),
        gridCode: grid.code,
        category,
        urgency: choice.urgency ?? rhythm.urgency(rng),
        source,
        summary: choice.summary ?? caseSummary(category, rng),
      } as const;
      const { gridCode: _known, ...located } = event;
      return { event, wire: LOCATED_SOURCES.has(source) ? { ...located, location: choice.at ?? pointIn(grid) } : event };
    },
  };
}

export type ReportMaker = ReturnType<typeof createReportMaker>;
