// The reports of the last 15 days, one row each (time, district, street, sub-category, source: 14
// bytes; the real city's ~27,000 reports a day make 5.7 MB), kept in time order. The spike rule
// needs counts over sliding 60-minute windows for any district or street, at the same time on each of
// the previous 14 days, which no fixed bucketing gives; a street wall's source breakdown reads it too.
// Part of the case fold: like the counters, it is trimmed by the reports folded, never by the clock.
import { SOURCE_CHANNELS, type SourceChannel } from '../../shared/caseEvent.ts';
import { DAY_MS, HOUR_MS } from './trendWindows.ts';
import { districtIndex, sourceIndex, subIndex } from './trendCounters.ts';

export const REPORT_LOG_MS = 15 * DAY_MS + HOUR_MS;

export interface ReportLogState {
  at: Float64Array;
  district: Uint8Array;
  street: Uint16Array;
  sub: Uint8Array;
  source: Uint8Array;
  streetCodes: string[];
  firstReportAt: number;
}

export function createReportLog() {
  let cap = 4096;
  let at: Float64Array = new Float64Array(cap);
  let district: Uint8Array = new Uint8Array(cap);
  let street: Uint16Array = new Uint16Array(cap);
  let sub: Uint8Array = new Uint8Array(cap);
  let source: Uint8Array = new Uint8Array(cap);
  let head = 0; // rows before head are trimmed
  let length = 0;
  const streetCodes: string[] = [];
  const streetIndex = new Map<string, number>();
  let firstReportAt = Infinity;

  /** Every column moved into arrays of `cap` rows, holding `rows` of the old ones from row 0. */
  function reallocate(rows: { at: Float64Array; district: Uint8Array; street: Uint16Array; sub: Uint8Array; source: Uint8Array }) {
    const into = <T extends Float64Array | Uint8Array | Uint16Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    at = into(rows.at);
    district = into(rows.district);
    street = into(rows.street);
    sub = into(rows.sub);
    source = into(rows.source);
  }

  function grow() {
    const live = length - head;
    if (live * 2 > cap) cap *= 2; // else compacting the trimmed head is room enough
    reallocate({
      at: at.subarray(head, length),
      district: district.subarray(head, length),
      street: street.subarray(head, length),
      sub: sub.subarray(head, length),
      source: source.subarray(head, length),
    });
    length = live;
    head = 0;
  }

  /** The first row at or after time t (rows head..length are in time order). */
  function lowerBound(t: number): number {
    let lo = head;
    let hi = length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  return {
    add(time: number, gridCode: string, category: string, src: SourceChannel) {
      const d = districtIndex.get(gridCode.slice(0, 6));
      const s = subIndex.get(category);
      const c = sourceIndex.get(src);
      if (d === undefined || s === undefined || c === undefined) return;
      const newest = length > head ? at[length - 1]! : -Infinity;
      if (time <= Math.max(newest, time) - REPORT_LOG_MS) return;
      firstReportAt = Math.min(firstReportAt, time);
      const code = gridCode.slice(0, 9);
      let st = streetIndex.get(code);
      if (st === undefined) {
        st = streetCodes.length;
        streetCodes.push(code);
        streetIndex.set(code, st);
      }
      if (length === cap) grow();
      // reports come nearly in time order: the insertion point is almost always the end
      const i = time >= newest ? length : lowerBound(time + 0.5);
      if (i < length) {
        at.copyWithin(i + 1, i, length);
        district.copyWithin(i + 1, i, length);
        street.copyWithin(i + 1, i, length);
        sub.copyWithin(i + 1, i, length);
        source.copyWithin(i + 1, i, length);
      }
      at[i] = time;
      district[i] = d;
      street[i] = st;
      sub[i] = s;
      source[i] = c;
      length += 1;
      const cutoff = at[length - 1]! - REPORT_LOG_MS;
      while (head < length && at[head]! <= cutoff) head += 1;
    },

    /** The earliest report ever folded (Infinity before any): how far back comparisons may look. */
    firstReportAt: () => firstReportAt,
    /** The earliest time the log still holds every report from. */
    heldFrom(): number {
      const newest = length > head ? at[length - 1]! : -Infinity;
      return Math.max(firstReportAt, newest - REPORT_LOG_MS);
    },

    /** Visits every report in (from, to]: its district index, street index, sub-category index, source index. */
    forEach(from: number, to: number, visit: (district: number, street: number, sub: number, source: number) => void) {
      for (let i = lowerBound(from + 0.5); i < length && at[i]! <= to; i++) visit(district[i]!, street[i]!, sub[i]!, source[i]!);
    },
    streetCode: (index: number) => streetCodes[index]!,
    streetIndexOf: (code: string) => streetIndex.get(code),

    /** Reports of a street in (from, to] by source channel. */
    streetSources(code: string, from: number, to: number): Record<SourceChannel, number> {
      const totals = new Array<number>(SOURCE_CHANNELS.length).fill(0);
      const st = streetIndex.get(code);
      if (st !== undefined) for (let i = lowerBound(from + 0.5); i < length && at[i]! <= to; i++) if (street[i] === st) totals[source[i]!]! += 1;
      return Object.fromEntries(SOURCE_CHANNELS.map((s, c) => [s, totals[c]!])) as Record<SourceChannel, number>;
    },

    exportState(): ReportLogState {
      return {
        at: at.slice(head, length),
        district: district.slice(head, length),
        street: street.slice(head, length),
        sub: sub.slice(head, length),
        source: source.slice(head, length),
        streetCodes: [...streetCodes],
        firstReportAt,
      };
    },
    importState(state: ReportLogState) {
      length = state.at.length;
      head = 0;
      cap = Math.max(4096, length * 2);
      reallocate(state);
      streetCodes.length = 0;
      streetIndex.clear();
      state.streetCodes.forEach((c, i) => {
        streetCodes.push(c);
        streetIndex.set(c, i);
      });
      firstReportAt = state.firstReportAt;
    },
  };
}

export type ReportLog = ReturnType<typeof createReportLog>;
