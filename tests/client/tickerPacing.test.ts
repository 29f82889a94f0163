// The ticker's pace (client/store/tickerPacing.ts) on a screen clock of our own: what is shown when,
// what is summed up, and that every line is accounted for exactly once. The expected numbers are
// worked out by hand in the comments, from the rule: one new row at most every 2 s, and only once
// the bottom row has been up its reading time (characters at 6 a second, 6 to 10 s); urgent lines
// first, then a summary row (at most one a minute), then routine lines; at most 2 routine lines wait
// (10 s at most), the older ones go to the summary at once.
import { describe, expect, it } from 'vitest';
import {
  emptyPace,
  isPriority,
  offer,
  PACE,
  paceFrom,
  readingMs,
  step,
  summaryText,
  type TickerPace,
  type TickerRow,
} from '../../client/store/tickerPacing.ts';
import type { TickerLine } from '../../shared/protocol.ts';
import { tickerLine } from '../support/tickerLines.ts';

const T0 = Date.UTC(2026, 11, 8, 2, 30, 0); // 10:30:00 in Shanghai, the lines' own time
const line = (seq: number, over: Partial<TickerLine> = {}): TickerLine =>
  tickerLine(seq, { type: 'dispatched', status: 'dispatched', at: T0 + seq * 20, ...over });
const urgentReport = (seq: number) => line(seq, { type: 'reported', status: 'reported', urgency: 'urgent' });
/** Every row reads in the least time (6 s) unless a test says otherwise. */
const shortRows = () => 12;

/** Steps the pace every 500 ms from `from` to `to` (inclusive); what entered when, and what was summed up. */
function run(pace: TickerPace, from: number, to: number, slots: number, chars = shortRows) {
  const entered: { at: number; row: TickerRow }[] = [];
  const summarised: number[] = [];
  for (let now = from; now <= to; now += 500) {
    const r = step(pace, now, slots, chars);
    pace = r.pace;
    if (r.entered) entered.push({ at: now, row: r.entered });
    summarised.push(...r.summarised.map((l) => l.seq));
  }
  return { pace, entered, summarised };
}
const what = (row: TickerRow) => (row.kind === 'line' ? row.line.seq : summaryText(row));

describe('the ticker’s pace', () => {
  it('a burst of 40 routine and 2 urgent lines in one second: the urgent first, one summary, the newest two routine', () => {
    // seq 1..42 arrive together at t = 0 (their own times within 0.84 s); 10 and 30 are urgent reports
    const burst = Array.from({ length: 42 }, (_, i) => (i + 1 === 10 || i + 1 === 30 ? urgentReport(i + 1) : line(i + 1)));
    const taken = offer(emptyPace(), burst, 0);
    // at once: of the 40 routine lines the newest 2 (41, 42) may wait; the 38 others (1–9, 11–29,
    // 31–40: 9 + 19 + 10) are summed up; both urgent lines wait
    expect(taken.summarised.map((l) => l.seq)).toEqual([...range(1, 9), ...range(11, 29), ...range(31, 40)]);
    expect(taken.pace.waiting.map((w) => w.line.seq)).toEqual([10, 30, 41, 42]);

    // 6 rows of room, a step every 500 ms:
    //   t = 0 s  urgent 10 enters (nothing entered before)
    //   t = 2 s  urgent 30 (2 s after the last entry; urgent before the summary)
    //   t = 4 s  the summary row: 38 lines whose own times span 39 × 20 ms = 0.78 s -> "近1分钟"
    //   t = 6 s  routine 41 (waited 6 s < 10 s), t = 8 s routine 42 (8 s < 10 s)
    // nothing else: 4 lines shown + 38 summed up = 42
    const { pace, entered, summarised } = run(taken.pace, 0, 20_000, 6);
    expect(entered.map((e) => [e.at, what(e.row)])).toEqual([
      [0, 10],
      [2000, 30],
      [4000, '近1分钟另有 38 条案件动态'],
      [6000, 41],
      [8000, 42],
    ]);
    expect(summarised).toEqual([]);
    // on screen, newest on top
    expect(pace.rows.map(what)).toEqual([42, 41, '近1分钟另有 38 条案件动态', 30, 10]);
    expect(pace.waiting).toEqual([]);
    expect(pace.surplus).toBeNull();
  });

  it('routine lines kept waiting 10 s by urgent ones go to the summary, which says how many were urgent', () => {
    // 8 overdue marks and 2 routine lines at t = 0: the marks enter at 0, 2, 4, ..., 14 s; at
    // t = 10 s the routine lines have waited 10 s: summed up (before the 6th mark enters)
    const marks = range(1, 8).map((seq) => line(seq, { type: 'overdue' }));
    const { pace, entered, summarised } = run(offer(emptyPace(), [...marks, line(9), line(10)], 0).pace, 0, 30_000, 6);
    expect(summarised).toEqual([9, 10]);
    // the summary row comes after the last mark (t = 14 s), at t = 16 s
    expect(entered.map((e) => [e.at, what(e.row)])).toEqual([...range(1, 8).map((seq, i) => [i * 2000, seq]), [16_000, '近1分钟另有 2 条案件动态']]);
    // only 6 rows fit: the oldest marks went off the bottom
    expect(pace.rows.map(what)).toEqual(['近1分钟另有 2 条案件动态', 8, 7, 6, 5, 4]);
  });

  it('more urgent lines than can wait are summed up too, counted as 重点', () => {
    // 33 overdue marks at once: 30 may wait, the oldest 3 are summed up at once
    const marks = range(1, 33).map((seq) => line(seq, { type: 'overdue' }));
    const taken = offer(emptyPace(), marks, 0);
    expect(taken.summarised.map((l) => l.seq)).toEqual([1, 2, 3]);
    expect(summaryText(taken.pace.surplus!)).toBe('近1分钟另有 3 条案件动态（含重点 3 条）');
    // an urgent line waits at most 60 s: at 2 s a row, marks 4..33 enter at 0..58 s, all in time
    const { entered, summarised } = run(taken.pace, 0, 70_000, 6);
    expect(summarised).toEqual([]);
    expect(entered.filter((e) => e.row.kind === 'line')).toHaveLength(30);
    // the summary row comes once no urgent line waits: after the last (58 s), at 60 s
    expect(entered.at(-1)).toEqual({ at: 60_000, row: expect.objectContaining({ kind: 'summary', count: 3, priority: 3 }) });
  });

  it('a row leaves the bottom only after its reading time: longer lines stay longer', () => {
    // one row of room; lines of 48 characters take 48 / 6 = 8 s to read
    const chars = () => 48;
    expect(readingMs(48)).toBe(8000);
    const { entered } = run(offer(emptyPace(), [line(1), line(2)], 0).pace, 0, 20_000, 1, chars);
    // 1 enters at 0; 2 may not push it off before 8 s (not at 2, 4 or 6 s); 2 has waited 8 s < 10 s
    expect(entered.map((e) => [e.at, what(e.row)])).toEqual([
      [0, 1],
      [8000, 2],
    ]);
    // the least and the most reading time
    expect(readingMs(12)).toBe(PACE.minReadMs); // 2 s -> 6 s
    expect(readingMs(90)).toBe(PACE.maxReadMs); // 15 s -> 10 s
  });

  it('one summary row a minute at most, each counting the lines since the one before', () => {
    // a line every 250 ms for 2 minutes, 6 rows: a row every 2 s, 8 lines every 2 s. Each summary
    // row counts exactly the lines summed up since the previous one; together with the lines shown
    // and those still waiting they are every line, once
    let pace = emptyPace();
    const seen = new Map<number, number>();
    const summaries: { at: number; count: number }[] = [];
    let summed = 0;
    let summedSinceRow = 0;
    for (let now = 0, seq = 1; now <= 120_000; now += 250) {
      const o = offer(pace, [line(seq++)], now);
      pace = o.pace;
      const r = now % 500 === 0 ? step(pace, now, 6, shortRows) : { pace, entered: null, summarised: [] };
      pace = r.pace;
      for (const l of [...o.summarised, ...r.summarised]) seen.set(l.seq, (seen.get(l.seq) ?? 0) + 1);
      summed += o.summarised.length + r.summarised.length;
      summedSinceRow += o.summarised.length + r.summarised.length;
      if (r.entered?.kind === 'line') seen.set(r.entered.line.seq, (seen.get(r.entered.line.seq) ?? 0) + 1);
      if (r.entered?.kind === 'summary') {
        // lines summed up in this very step are in the row too
        expect(r.entered.count).toBe(summedSinceRow);
        summedSinceRow = 0;
        summaries.push({ at: now, count: r.entered.count });
      }
    }
    // 481 lines: (120 000 / 250) + 1
    for (const w of pace.waiting) seen.set(w.line.seq, (seen.get(w.line.seq) ?? 0) + 1);
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual(range(1, 481));
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(summed).toBe(summaries.reduce((n, s) => n + s.count, 0) + (pace.surplus?.count ?? 0));
    // the first summary as soon as there is one and no urgent line waits; the next not before a minute
    expect(summaries.map((s) => s.at)).toEqual([2000, 62_000]);
  });

  it('a snapshot’s lines show at once, newest on top; the next line may push the oldest off', () => {
    const pace = paceFrom(
      range(1, 10).map((seq) => line(seq)),
      40,
    );
    expect(pace.rows.slice(0, 3).map(what)).toEqual([10, 9, 8]);
    const { entered, pace: after } = step(offer(pace, [line(11)], 0).pace, 0, 6, shortRows);
    expect(entered && what(entered)).toBe(11);
    expect(after.rows.map(what)).toEqual([11, 10, 9, 8, 7, 6]);
  });

  it('says the span in minutes, and in hours from two hours on (a playback goes fast)', () => {
    expect(summaryText({ count: 5, priority: 0, firstAt: T0, lastAt: T0 + 61_000 })).toBe('近2分钟另有 5 条案件动态');
    expect(summaryText({ count: 5, priority: 0, firstAt: T0, lastAt: T0 + 119 * 60_000 })).toBe('近119分钟另有 5 条案件动态');
    expect(summaryText({ count: 9000, priority: 40, firstAt: T0, lastAt: T0 + 23.5 * 3_600_000 })).toBe('近24小时另有 9000 条案件动态（含重点 40 条）');
  });

  it('takes as urgent: the report of an urgent or 即办 case, an overdue mark, a whistle; not an urgent case’s other steps', () => {
    expect(isPriority(urgentReport(1))).toBe(true);
    expect(isPriority(line(1, { type: 'reported', status: 'reported', urgency: 'immediate' }))).toBe(true);
    expect(isPriority(line(1, { type: 'overdue' }))).toBe(true);
    expect(isPriority(line(1, { type: 'escalated', status: 'escalated' }))).toBe(true);
    expect(isPriority(line(1, { urgency: 'urgent' }))).toBe(false);
    expect(isPriority(line(1, { type: 'reported', status: 'reported' }))).toBe(false);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
