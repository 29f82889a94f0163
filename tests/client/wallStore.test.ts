// The wall's store as the socket client drives it: lines appended once, bounded, and every line taken
// while a ticker panel is up offered to its pace (client/store/tickerPacing.ts) exactly once.
import { beforeEach, describe, expect, it } from 'vitest';
import { onTickerPaced, TICKER_KEEP, useWallStore } from '../../client/store/wallStore.ts';
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

  it('offers every new line to the ticker’s pace while a ticker panel is up, and keeps nothing for it when none is', () => {
    state().showTicker(false);
    state().transitions(lines(11, 5));
    expect(state().tickerPace).toBeNull();
    const told: number[] = [];
    const summaryRows: number[] = [];
    onTickerPaced((p) => {
      told.push(...(p.entered?.kind === 'line' ? [p.entered.line.seq] : []), ...p.summarised.map((l) => l.seq));
      if (p.entered?.kind === 'summary') summaryRows.push(p.entered.count);
    });
    try {
      state().showTicker(true); // the panel shows the latest lines at once
      expect(
        state()
          .tickerPace!.rows.map((r) => (r.kind === 'line' ? r.line.seq : 0))
          .slice(0, 3),
      ).toEqual([15, 14, 13]);
      state().transitions(lines(13, 10)); // 13..15 seen already: 16..22 are new
      state().resumed(24, kpis, lines(20, 5)); // 23, 24 were missed
      // the 9 new lines: the newest 2 wait for a row, the 7 older ones are summed up at once
      expect(state().tickerPace!.waiting.map((w) => w.line.seq)).toEqual([23, 24]);
      expect(state().tickerPace!.surplus!.count).toBe(7);
      // the next row is the summary of those 7 (it comes before routine lines)
      state().tickerStep(Date.now(), 6, () => 10);
      expect(told.sort((a, b) => a - b)).toEqual(lines(16, 7).map((l) => l.seq));
      expect(summaryRows).toEqual([7]);
    } finally {
      onTickerPaced(null);
      state().showTicker(false);
    }
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
