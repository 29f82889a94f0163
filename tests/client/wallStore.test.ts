// The wall's store as the socket client drives it: lines appended once, bounded, and a burst that
// appears at once instead of every row sliding in (which would blank the ticker).
import { beforeEach, describe, expect, it } from 'vitest';
import { ANIMATE_AT_MOST, TICKER_KEEP, useWallStore } from '../../client/store/wallStore.ts';
import type { Kpis, TickerLine } from '../../shared/protocol.ts';

const kpis: Kpis = {
  day: '2026-11-23',
  yesterdaySameTime: null,
  reportedToday: 0,
  closedToday: 0,
  closureRate: null,
  overdueNow: 0,
  openCases: 0,
  workersOnline: 0,
  onTimeRate30d: null,
  satisfaction30d: null,
};
const line = (seq: number): TickerLine => ({
  seq,
  caseId: `C${seq}`,
  type: 'reported',
  status: 'reported',
  at: seq,
  gridCode: '120101001008003',
  districtCode: '120101',
  category: 'appearance.garbage',
  urgency: 'ordinary',
  source: 'hotline_12345',
  summary: '…',
});
const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => line(from + i));
const state = () => useWallStore.getState();

describe('wall store', () => {
  beforeEach(() => state().snapshotLoaded(10, kpis, lines(1, 10)));

  it('holds each line once when a snapshot carried lines its scope had not published yet', () => {
    // scopeSeq 10, but the ticker already holds 11 and 12 (folded, not yet published): the next batch repeats them
    state().snapshotLoaded(10, kpis, lines(1, 12));
    state().transitions(lines(11, 3));
    expect(state().ticker.map((l) => l.seq)).toEqual(lines(1, 13).map((l) => l.seq));
    // the same after a resume
    state().resumed(12, kpis, lines(13, 3));
    state().transitions(lines(14, 3));
    expect(state().ticker.map((l) => l.seq)).toEqual(lines(1, 16).map((l) => l.seq));
  });

  it('slides in a few new lines, and shows a burst at once', () => {
    expect(state().animateFrom).toBe(Infinity); // nothing slides in after a snapshot
    state().transitions(lines(11, 2));
    expect(state().animateFrom).toBe(11);
    state().transitions(lines(13, ANIMATE_AT_MOST + 1));
    expect(state().animateFrom).toBe(Infinity);
  });

  it('never shows a line twice, and keeps the ticker bounded', () => {
    state().transitions(lines(5, 10)); // 5..10 seen already, 11..14 new
    expect(state().ticker.map((l) => l.seq)).toEqual(lines(1, 14).map((l) => l.seq));
    state().transitions(lines(15, 100));
    expect(state().ticker).toHaveLength(TICKER_KEEP);
    expect(state().ticker.at(-1)!.seq).toBe(114);
  });

  it('appends exactly the missed lines on a resume', () => {
    state().resumed(20, kpis, lines(9, 12)); // 9 and 10 were seen
    expect(state().ticker.map((l) => l.seq)).toEqual(lines(1, 20).map((l) => l.seq));
    expect(state().seq).toBe(20);
  });
});
