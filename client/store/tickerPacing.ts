// How fast the ticker may move, as a pure function of what came and the clock: a person must be able
// to read each line. The rule (README, docs/walls.md "The ticker"):
// - a new row enters at most every 2 s (minGapMs), at the top, and only once the row it pushes off the
//   bottom has been up for its reading time (its characters at 6 a second, 6 to 10 s);
// - urgent lines (the report of an urgent or 即办 case, an overdue mark, a whistle) enter first, oldest
//   first; then, at most once a minute, one summary row for the lines no row was found for ("近1分钟另有
//   38 条案件动态"); then routine lines, oldest first;
// - at most 2 routine lines wait for a row, each at most 10 s: a newer one sends the oldest waiting to
//   the summary; urgent lines wait up to 60 s (30 of them at most), then they too are summed up.
// Every line taken is accounted for exactly once: it enters as a row or it is counted in the next
// summary row. The store takes every line (client/store/wallStore.ts); this module only decides what
// is shown when (the ticker panel steps it twice a second with the rows it has room for).
import type { TickerLine } from '../../shared/protocol.ts';

export const PACE = {
  minGapMs: 2000,
  charsPerSecond: 6,
  minReadMs: 6000,
  maxReadMs: 10_000,
  routineWaiting: 2,
  routineWaitMs: 10_000,
  priorityWaiting: 30,
  priorityWaitMs: 60_000,
  summaryEveryMs: 60_000,
} as const;
export type PaceRules = { readonly [K in keyof typeof PACE]: number };

/** Lines that go first: a new urgent or 即办 case, an overdue mark, a whistle (吹哨). */
export function isPriority(line: TickerLine): boolean {
  return line.type === 'overdue' || line.type === 'escalated' || (line.type === 'reported' && (line.urgency === 'urgent' || line.urgency === 'immediate'));
}

/** The lines summed up in one summary row: how many, how many of them urgent, and the span of their times. */
export interface Surplus {
  count: number;
  priority: number;
  firstAt: number;
  lastAt: number;
}

export type TickerRow =
  | { kind: 'line'; key: string; line: TickerLine; enteredAt: number; readMs: number }
  | ({ kind: 'summary'; key: string; enteredAt: number; readMs: number } & Surplus);

export interface TickerPace {
  /** On screen, newest first. */
  rows: TickerRow[];
  /** Taken, not yet shown, in the order they came, with the moment each came. */
  waiting: { line: TickerLine; since: number }[];
  /** Lines no row was found for since the last summary row. */
  surplus: Surplus | null;
  lastEntryAt: number;
  lastSummaryAt: number;
  summaries: number;
}

/** What one step decided: the row that entered (if any), and the lines it summed up. */
export interface PaceStep {
  pace: TickerPace;
  entered: TickerRow | null;
  summarised: TickerLine[];
}

/**
 * The words of a summary row: how many lines in how long (by the lines' own times, so a playback says
 * it in the played day's time), and how many of them were urgent, overdue or whistles (重点).
 */
export function summaryText(s: Pick<Surplus, 'count' | 'priority' | 'firstAt' | 'lastAt'>): string {
  const span = Math.max(0, s.lastAt - s.firstAt);
  const minutes = Math.max(1, Math.ceil(span / 60_000));
  const within = minutes < 120 ? `近${minutes}分钟` : `近${Math.ceil(span / 3_600_000)}小时`;
  return `${within}另有 ${s.count} 条案件动态${s.priority ? `（含重点 ${s.priority} 条）` : ''}`;
}

/** How long a text takes to read, at `charsPerSecond`, within [minReadMs, maxReadMs]. */
export function readingMs(chars: number, rules: PaceRules = PACE): number {
  return Math.min(rules.maxReadMs, Math.max(rules.minReadMs, Math.round((chars / rules.charsPerSecond) * 1000)));
}

/** A pace with nothing on screen. */
export function emptyPace(): TickerPace {
  return { rows: [], waiting: [], surplus: null, lastEntryAt: -Infinity, lastSummaryAt: -Infinity, summaries: 0 };
}

/**
 * A screen that (re)starts on a snapshot shows its latest lines at once, newest first, as already
 * read (the next line may push them on); `keep` bounds them.
 */
export function paceFrom(lines: readonly TickerLine[], keep: number): TickerPace {
  const rows: TickerRow[] = lines
    .slice(-keep)
    .reverse()
    .map((line) => ({ kind: 'line', key: `l${line.seq}`, line, enteredAt: -Infinity, readMs: 0 }));
  return { ...emptyPace(), rows };
}

/** What a look at the waiting lines decided: those still waiting, and the surplus with the lines summed up. */
interface Settled {
  waiting: TickerPace['waiting'];
  surplus: Surplus | null;
  summarised: TickerLine[];
}

/**
 * Sends to the summary the waiting lines beyond the queue's bounds (the oldest of their class: a
 * burst shows its latest lines) and those that waited too long.
 */
function settle(pace: TickerPace, now: number, rules: PaceRules): Settled {
  const summarised: TickerLine[] = [];
  let routineLeft = pace.waiting.filter((w) => !isPriority(w.line)).length;
  let priorityLeft = pace.waiting.length - routineLeft;
  const waiting = pace.waiting.filter((w) => {
    const priority = isPriority(w.line);
    const over = priority ? priorityLeft-- > rules.priorityWaiting : routineLeft-- > rules.routineWaiting;
    const stale = now - w.since >= (priority ? rules.priorityWaitMs : rules.routineWaitMs);
    if (over || stale) summarised.push(w.line);
    return !(over || stale);
  });
  let surplus = pace.surplus;
  for (const line of summarised) {
    const p = isPriority(line) ? 1 : 0;
    surplus = surplus
      ? { count: surplus.count + 1, priority: surplus.priority + p, firstAt: Math.min(surplus.firstAt, line.at), lastAt: Math.max(surplus.lastAt, line.at) }
      : { count: 1, priority: p, firstAt: line.at, lastAt: line.at };
  }
  return summarised.length ? { waiting, surplus, summarised } : { waiting: pace.waiting, surplus, summarised };
}

/**
 * Lines taken at `now`: they wait for a row, within the queue's bounds (so the waiting lines stay
 * few however fast lines come and however late the next step is); those beyond are summed up at once.
 */
export function offer(pace: TickerPace, lines: readonly TickerLine[], now: number, rules: PaceRules = PACE): { pace: TickerPace; summarised: TickerLine[] } {
  if (!lines.length) return { pace, summarised: [] };
  const { waiting, surplus, summarised } = settle({ ...pace, waiting: [...pace.waiting, ...lines.map((line) => ({ line, since: now }))] }, now, rules);
  return { pace: { ...pace, waiting, surplus }, summarised };
}

/**
 * One look at `now` with room for `slots` rows: lines that waited too long go to the summary; then
 * one row enters if the pace allows it. `chars` counts a line's characters as its row shows them
 * (its reading time). Returns the same pace when nothing changed.
 */
export function step(pace: TickerPace, now: number, slots: number, chars: (line: TickerLine) => number, rules: PaceRules = PACE): PaceStep {
  const room = Math.max(1, slots);
  const settled = settle(pace, now, rules);
  const { summarised } = settled;
  let { waiting, surplus } = settled;
  let rows = pace.rows.length > room ? pace.rows.slice(0, room) : pace.rows;
  const bottom = rows.length >= room ? rows[room - 1] : undefined;
  const mayEnter = now - pace.lastEntryAt >= rules.minGapMs && (!bottom || now - bottom.enteredAt >= bottom.readMs);
  let entered: TickerRow | null = null;
  let { lastEntryAt, lastSummaryAt, summaries } = pace;
  if (mayEnter) {
    const first = waiting.find((w) => isPriority(w.line));
    if (!first && surplus && now - lastSummaryAt >= rules.summaryEveryMs) {
      summaries += 1;
      entered = { kind: 'summary', key: `s${summaries}`, enteredAt: now, readMs: readingMs(summaryText(surplus).length, rules), ...surplus };
      surplus = null;
      lastSummaryAt = now;
    } else {
      const next = first ?? waiting[0];
      if (next) {
        waiting = waiting.filter((w) => w !== next);
        entered = { kind: 'line', key: `l${next.line.seq}`, line: next.line, enteredAt: now, readMs: readingMs(chars(next.line), rules) };
      }
    }
    if (entered) {
      rows = [entered, ...rows].slice(0, room);
      lastEntryAt = now;
    }
  }
  if (!entered && !summarised.length && rows === pace.rows) return { pace, entered, summarised };
  return { pace: { rows, waiting, surplus, lastEntryAt, lastSummaryAt, summaries }, entered, summarised };
}
