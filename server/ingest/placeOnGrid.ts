// Puts every inbound report and fix on a grid of the geography: a given grid code must exist; a
// location without a code is looked up (spatial index + exact point-in-polygon). A point outside
// every grid of the city is refused, with the offending items named, before anything is stored.
import type { CaseEvent, CaseEventInput, PositionFix, PositionFixInput } from '../../shared/caseEvent.ts';
import type { GridIndex } from '../geo/gridIndex.ts';
import { Refusal } from '../../shared/refusal.ts';

type Issue = { path: string; code: string; message: string };
const MAX_LISTED = 20;

function gridFor(grids: GridIndex, path: string, gridCode: string | undefined, at: { lon: number; lat: number } | undefined, issues: Issue[]): string {
  if (gridCode !== undefined) {
    if (grids.indexOf(gridCode) === undefined)
      issues.push({ path: `${path}.gridCode`, code: 'unknown_grid', message: `no grid ${gridCode} in the geography (version ${grids.version})` });
    return gridCode;
  }
  const grid = at && grids.locate(at.lon, at.lat);
  if (!grid)
    issues.push({
      path: `${path}.location`,
      code: 'outside_city',
      message: `(${at?.lon}, ${at?.lat}) lies outside every grid of the city: no grid to put it in`,
    });
  return grid?.code ?? '';
}

function refuseIfAny(issues: Issue[]): void {
  if (!issues.length) return;
  const first = issues[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  throw new Refusal(first.code, `${first.path}: ${first.message}${more}; nothing in this batch was stored`, issues.slice(0, MAX_LISTED));
}

export function placeCaseEvents(events: CaseEventInput[], grids: GridIndex): CaseEvent[] {
  const issues: Issue[] = [];
  const placed = events.map(
    (e, i): CaseEvent => (e.type === 'reported' ? { ...e, gridCode: gridFor(grids, `events.${i}`, e.gridCode, e.location, issues) } : e),
  );
  refuseIfAny(issues);
  return placed;
}

export function placeFixes(fixes: PositionFixInput[], grids: GridIndex): PositionFix[] {
  const issues: Issue[] = [];
  const placed = fixes.map(
    (f, i): PositionFix => ({ ...f, gridCode: gridFor(grids, `fixes.${i}`, f.gridCode, f.gridCode === undefined ? f : undefined, issues) }),
  );
  refuseIfAny(issues);
  return placed;
}
