// A case as an Open311 service request (GET requests, GET requests/{id}). Every case is one, from
// whichever source it came. It is read the way every read route reads a case — folded from its
// events in the log by caseHistory, every free text masked (shared/masking.ts) — and placed no
// finer than its grid: the address is the region path's names, the point the grid's centre, never
// the point a citizen reported from (which may be his door).
import { isHttpUrl, type CaseEvent } from '../../shared/caseEvent.ts';
import type { CaseHistory } from '../../shared/caseHistory.ts';
import { isOpen } from '../../shared/caseLifecycle.ts';
import type { RegionTree } from '../geo/regionTree.ts';
import { caseHistory } from '../projections/caseHistory.ts';
import type { StoredCaseEvent } from '../../shared/caseEvent.ts';
import type { Item } from './format.ts';
import { serviceOf, type Lang } from './services.ts';
import { caseNotice, stepNote, w3Time } from './words.ts';

/** Grid centres to 6 decimals (about 0.1 m: the centre as the geography has it, nothing finer). */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export interface ReadCase {
  history: CaseHistory;
  item: Item;
}

/** The case's history and its service request; `events`: its events in version order (not empty). */
export function readCase(events: readonly StoredCaseEvent[], now: number, tree: RegionTree, lang: Lang): ReadCase {
  const history = caseHistory(events, now, tree);
  const report = events[0]!.event as Extract<CaseEvent, { type: 'reported' }>;
  const last = history.steps.at(-1)!;
  const dispatched = history.steps.findLast((s) => s.type === 'dispatched');
  const open = isOpen(history);
  const service = serviceOf(history.category);
  const place = history.place;
  const centre = tree.get(history.gridCode)?.center;
  const item: Item = {
    service_request_id: history.caseId,
    status: open ? 'open' : 'closed',
    status_notes: stepNote(last, lang),
    service_name: service ? service.name[lang] : history.category,
    service_code: history.category,
    description: history.summary,
    agency_responsible: dispatched?.who ?? null,
    service_notice: caseNotice({ deadline: Date.parse(history.deadline), open, overdue: history.overdue, extensions: history.extensions }, lang),
    requested_datetime: w3Time(Date.parse(history.reportedAt)),
    // the spec: for a closed request, when it was closed
    updated_datetime: w3Time(history.closedAt ? Date.parse(history.closedAt) : latestChange(history)),
    expected_datetime: w3Time(Date.parse(history.deadline)),
    // Chinese addresses run from the largest unit down (the spec's English ones the other way)
    address:
      [place.district, place.street, place.community, place.grid]
        .filter((p) => p !== null)
        .map((p) => p.name)
        .join(' ') || null,
    address_id: history.gridCode,
    zipcode: null,
    lat: centre ? round6(centre[1]) : null,
    long: centre ? round6(centre[0]) : null,
    // a link only: a photo-store id is no URL, and nothing but http(s) is ever served as one
    media_url: report.photos?.find(isHttpUrl) ?? null,
  };
  return { history, item };
}

/** When the case last changed: its newest step that changed it (an overdue mark is the server's observation, not a change). */
function latestChange(history: CaseHistory): number {
  const step = history.steps.findLast((s) => s.type !== 'overdue');
  return Date.parse(step?.at ?? history.reportedAt);
}
