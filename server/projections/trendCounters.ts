// Time-bucketed report counters, part of the case fold (and of its checkpoints), from which every
// trend chart of a city, district or street wall is summed:
//   - per (district, sub-category), 10-minute buckets, 31 days: 16 x 24 x 4,464 int32 = 6.9 MB
//   - per (district, source channel), 10-minute buckets, 31 days: 16 x 6 x 4,464 int32 = 1.7 MB
//   - per (street, sub-category), hourly, 31 days, sparse: an array of 744 int32 (2.9 KB) for each
//     pair that has had a report; Tianjin's 299 streets x 24 sub-categories make 7,176 pairs, 21 MB
//     if every pair occurs.
// Each is a ring over bucket numbers: a report older than the newest bucket minus the ring is not
// counted (it is outside every window), a newer one clears the buckets it skips. The ring moves with
// the reports folded, never with the wall clock, so a fold is the same whenever it runs.
import { SOURCE_CHANNELS, type SourceChannel } from '../../shared/caseEvent.ts';
import { CATEGORY_CODES } from '../../shared/categories.ts';
import { DISTRICTS } from '../../shared/regions.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './trendWindows.ts';

export const FINE_BUCKET_MS = 10 * MINUTE_MS;
export const STREET_BUCKET_MS = HOUR_MS;
export const KEPT_DAYS = 31;
const FINE_RING = (KEPT_DAYS * DAY_MS) / FINE_BUCKET_MS;
const HOUR_RING = (KEPT_DAYS * DAY_MS) / STREET_BUCKET_MS;

const D = DISTRICTS.length;
const S = CATEGORY_CODES.length;
const C = SOURCE_CHANNELS.length;
export const districtIndex = new Map<string, number>(DISTRICTS.map((d, i) => [d.code, i]));
export const subIndex = new Map<string, number>(CATEGORY_CODES.map((c, i) => [c, i]));
export const sourceIndex = new Map<string, number>(SOURCE_CHANNELS.map((s, i) => [s, i]));

export interface TrendCountersState {
  newestFine: number;
  newestHour: number;
  firstReportAt: number;
  bySub: Int32Array;
  bySource: Int32Array;
  streets: [string, Int32Array][];
}

/** A ring of buckets: which slot a bucket number lives in, and whether it is still held. */
const slot = (bucket: number, ring: number) => ((bucket % ring) + ring) % ring;
const held = (bucket: number, newest: number, ring: number) => bucket <= newest && bucket > newest - ring;

export function createTrendCounters() {
  let bySub = new Int32Array(FINE_RING * D * S);
  let bySource = new Int32Array(FINE_RING * D * C);
  /** `${street code}:${sub-category index}` -> hourly ring. */
  const streets = new Map<string, Int32Array>();
  let newestFine = -Infinity;
  let newestHour = -Infinity;
  let firstReportAt = Infinity;

  function advanceFine(bucket: number) {
    if (bucket <= newestFine) return;
    const from = Math.max(newestFine + 1, bucket - FINE_RING + 1);
    for (let b = from; b <= bucket; b++) {
      const s = slot(b, FINE_RING);
      bySub.fill(0, s * D * S, (s + 1) * D * S);
      bySource.fill(0, s * D * C, (s + 1) * D * C);
    }
    newestFine = bucket;
  }

  function advanceHour(hour: number) {
    if (hour <= newestHour) return;
    const from = Math.max(newestHour + 1, hour - HOUR_RING + 1);
    for (const ring of streets.values()) for (let h = from; h <= hour; h++) ring[slot(h, HOUR_RING)] = 0;
    newestHour = hour;
  }

  /** Visits the nonzero hourly counts of every street inside `prefix` ('' for all) in [from, to). */
  function forEachStreet(prefix: string, from: number, to: number, visit: (t: number, street: string, sub: number, n: number) => void) {
    for (const [key, ring] of streets) {
      if (!key.startsWith(prefix)) continue;
      const street = key.slice(0, 9);
      const sub = Number(key.slice(10));
      for (let h = Math.floor(from / STREET_BUCKET_MS); h * STREET_BUCKET_MS < to; h++) {
        if (!held(h, newestHour, HOUR_RING)) continue;
        const n = ring[slot(h, HOUR_RING)]!;
        if (n) visit(h * STREET_BUCKET_MS, street, sub, n);
      }
    }
  }

  return {
    /** Counts one report. */
    record(at: number, gridCode: string, category: string, source: SourceChannel) {
      const d = districtIndex.get(gridCode.slice(0, 6));
      const s = subIndex.get(category);
      const c = sourceIndex.get(source);
      if (d === undefined || s === undefined || c === undefined) return; // not in the catalogue: no trend to put it in
      firstReportAt = Math.min(firstReportAt, at);
      const fine = Math.floor(at / FINE_BUCKET_MS);
      advanceFine(fine);
      if (held(fine, newestFine, FINE_RING)) {
        const base = slot(fine, FINE_RING);
        bySub[(base * D + d) * S + s]! += 1;
        bySource[(base * D + d) * C + c]! += 1;
      }
      const hour = Math.floor(at / STREET_BUCKET_MS);
      const key = `${gridCode.slice(0, 9)}:${s}`;
      let ring = streets.get(key);
      if (!ring) streets.set(key, (ring = new Int32Array(HOUR_RING)));
      advanceHour(hour);
      if (held(hour, newestHour, HOUR_RING)) ring[slot(hour, HOUR_RING)]! += 1;
    },

    /** The earliest report counted (Infinity before any): how much history the comparisons can use. */
    firstReportAt: () => firstReportAt,

    /**
     * Visits the nonzero report counts of a scope in [from, to) by sub-category index: from the
     * districts' 10-minute buckets for the city or a district, from the hourly street counters for a
     * street. `t` is the start of the counter's bucket.
     */
    forEachSub(scope: string, from: number, to: number, visit: (t: number, sub: number, n: number) => void) {
      if (scope.length === 9) {
        forEachStreet(scope, from, to, (t, _street, sub, n) => visit(t, sub, n));
        return;
      }
      const districts = scope.length === 6 ? [districtIndex.get(scope)] : DISTRICTS.map((_, i) => i);
      for (let b = Math.floor(from / FINE_BUCKET_MS); b * FINE_BUCKET_MS < to; b++) {
        if (!held(b, newestFine, FINE_RING)) continue;
        const base = slot(b, FINE_RING) * D;
        for (const d of districts) {
          if (d === undefined) continue;
          const row = (base + d) * S;
          for (let s = 0; s < S; s++) {
            const n = bySub[row + s]!;
            if (n) visit(b * FINE_BUCKET_MS, s, n);
          }
        }
      }
    },

    /** Reports of the city or a district in [from, to) by source channel (streets have no source counters: null). */
    sources(scope: string, from: number, to: number): Record<SourceChannel, number> | null {
      if (scope.length === 9) return null;
      const totals = new Array<number>(C).fill(0);
      const districts = scope.length === 6 ? [districtIndex.get(scope)] : DISTRICTS.map((_, i) => i);
      for (let b = Math.floor(from / FINE_BUCKET_MS); b * FINE_BUCKET_MS < to; b++) {
        if (!held(b, newestFine, FINE_RING)) continue;
        const base = slot(b, FINE_RING) * D;
        for (const d of districts) if (d !== undefined) for (let c = 0; c < C; c++) totals[c]! += bySource[(base + d) * C + c]!;
      }
      return Object.fromEntries(SOURCE_CHANNELS.map((s, c) => [s, totals[c]!])) as Record<SourceChannel, number>;
    },

    forEachStreet,

    exportState(): TrendCountersState {
      return { newestFine, newestHour, firstReportAt, bySub: bySub.slice(), bySource: bySource.slice(), streets: [...streets].map(([k, r]) => [k, r.slice()]) };
    },
    importState(state: TrendCountersState) {
      if (state.bySub.length !== bySub.length || state.bySource.length !== bySource.length)
        throw new Error('trend checkpoint does not fit this category catalogue');
      bySub = state.bySub.slice();
      bySource = state.bySource.slice();
      streets.clear();
      for (const [k, r] of state.streets) streets.set(k, r.slice());
      newestFine = state.newestFine;
      newestHour = state.newestHour;
      firstReportAt = state.firstReportAt;
    },
  };
}

export type TrendCounters = ReturnType<typeof createTrendCounters>;
