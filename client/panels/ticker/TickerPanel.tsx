// The case-status ticker: the latest transitions, newest on top, each stamped with the time it
// happened. It moves at a pace a person can read (client/store/tickerPacing.ts): one new row at most
// every 2 s, urgent lines first, the lines it has no time for summed up in one row. It shows only the
// rows that fit wholly in its height (a narrow ticker puts the case's words on a second line: taller
// rows, ticker.css), and steps the pace twice a second.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { categoryOf } from '../../../shared/categories.ts';
import type { TickerLine } from '../../../shared/protocol.ts';
import { districtOf } from '../../../shared/regions.ts';
import { shanghaiClock } from '../../../shared/shanghaiTime.ts';
import { remPx } from '../../components/remPx.ts';
import { locale, t } from '../../i18n/messages.ts';
import { isPriority, summaryText, type TickerRow as PacedRow } from '../../store/tickerPacing.ts';
import { tickerSummary } from './tickerText.ts';
import { onTickerPaced, useWallStore } from '../../store/wallStore.ts';
import './ticker.css';

/** The height of a row in rem where ticker.css does not say (`--ticker-row-rem` on the list). */
const ROW_REM = 2.4;
const STEP_MS = 500;
/** The window event fired for each row the ticker shows and each line it sums up (tests count them). */
export const TICKER_PACED = 'gridwall:ticker';
export interface TickerPacedDetail {
  /** The row that entered, and when (the pace's clock: page time in ms). */
  entered: { kind: 'line'; seq: number; at: number } | { kind: 'summary'; count: number; at: number } | null;
  summarised: number[];
}

const STATUS_TONE: Record<TickerLine['status'], string> = {
  reported: 'tone-new',
  accepted: 'tone-info',
  returned: 'tone-warn',
  dispatched: 'tone-info',
  in_progress: 'tone-info',
  escalated: 'tone-alert',
  resolved: 'tone-good',
  verified: 'tone-good',
  closed: 'tone-done',
};

const districtName = (line: TickerLine) => {
  const d = districtOf(line.districtCode);
  return (locale === 'en' ? d?.en : d?.name) ?? '';
};
const categoryName = (line: TickerLine) => {
  const c = categoryOf(line.category);
  return (locale === 'en' ? c?.en : c?.name) ?? '';
};
const statusWord = (line: TickerLine) => (line.type === 'evaluated' && line.status !== 'closed' ? t.rehandled : t.event[line.type]);
/** The characters a row shows (its reading time). */
const rowChars = (line: TickerLine) => districtName(line).length + categoryName(line).length + statusWord(line).length + line.summary.length;

function LineRow({ row, line }: { row: PacedRow; line: TickerLine }) {
  const urgent = line.urgency === 'urgent' || line.urgency === 'immediate';
  const classes = [
    'ticker-row',
    Number.isFinite(row.enteredAt) && 'is-new',
    urgent && 'is-urgent',
    line.type === 'overdue' && 'is-overdue',
    isPriority(line) && 'is-priority',
  ];
  return (
    <li className={classes.filter(Boolean).join(' ')} data-case-id={line.caseId} data-seq={line.seq}>
      <span className="ticker-time">{shanghaiClock(line.at)}</span>
      <span className="ticker-district">{districtName(line)}</span>
      <span className="ticker-category">{categoryName(line)}</span>
      <span className={`ticker-status ${line.type === 'overdue' ? 'tone-alert' : STATUS_TONE[line.status]}`}>{statusWord(line)}</span>
      <span className="ticker-summary" title={line.summary}>
        {tickerSummary(line.summary)}
      </span>
    </li>
  );
}

function SummaryRow({ row }: { row: Extract<PacedRow, { kind: 'summary' }> }) {
  return (
    <li className="ticker-row ticker-more is-new" data-testid="ticker-more" data-count={row.count} data-priority={row.priority}>
      <span className="ticker-time">{shanghaiClock(row.lastAt).slice(0, 5)}</span>
      <span className="ticker-more-text">{summaryText(row)}</span>
    </li>
  );
}

/** How many rows fit wholly in the list's height, kept up to date as the panel is laid out. */
function useSlots() {
  const list = useRef<HTMLOListElement>(null);
  const [slots, setSlots] = useState(0);
  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const measure = () => {
      const rowRem = Number.parseFloat(getComputedStyle(el).getPropertyValue('--ticker-row-rem')) || ROW_REM;
      setSlots(Math.max(1, Math.floor(el.clientHeight / (rowRem * remPx()) + 0.01)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { list, slots };
}

export function TickerPanel() {
  const rows = useWallStore((s) => s.tickerPace?.rows);
  const { list, slots } = useSlots();
  const slotsNow = useRef(slots);
  slotsNow.current = slots;

  useEffect(() => {
    const store = useWallStore.getState();
    onTickerPaced((paced) => {
      const e = paced.entered;
      const detail: TickerPacedDetail = {
        entered: e && (e.kind === 'line' ? { kind: 'line', seq: e.line.seq, at: e.enteredAt } : { kind: 'summary', count: e.count, at: e.enteredAt }),
        summarised: paced.summarised.map((l) => l.seq),
      };
      window.dispatchEvent(new CustomEvent(TICKER_PACED, { detail }));
    });
    store.showTicker(true);
    const timer = setInterval(() => {
      if (slotsNow.current > 0) useWallStore.getState().tickerStep(Date.now(), slotsNow.current, rowChars);
    }, STEP_MS);
    return () => {
      clearInterval(timer);
      useWallStore.getState().showTicker(false);
      onTickerPaced(null);
    };
  }, []);

  return (
    <section className="panel ticker-panel" data-testid="ticker">
      <h2 className="panel-title">{t.ticker}</h2>
      <ol className="ticker-list" ref={list}>
        {(rows ?? [])
          .slice(0, slots)
          .map((row) => (row.kind === 'line' ? <LineRow key={row.key} row={row} line={row.line} /> : <SummaryRow key={row.key} row={row} />))}
      </ol>
    </section>
  );
}
