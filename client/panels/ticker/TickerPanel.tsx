// The case-status ticker: the latest transitions, newest on top. A few new lines slide in with a CSS
// transform; the list is bounded (TICKER_KEEP) so a wall that runs for days keeps a fixed DOM size.
import { categoryOf } from '../../../shared/categories.ts';
import { districtOf } from '../../../shared/regions.ts';
import { shanghaiClock } from '../../../shared/shanghaiTime.ts';
import type { TickerLine } from '../../../shared/protocol.ts';
import { locale, t } from '../../i18n/messages.ts';
import { useWallStore } from '../../store/wallStore.ts';
import './ticker.css';

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

function TickerRow({ line, isNew }: { line: TickerLine; isNew: boolean }) {
  const district = districtOf(line.districtCode);
  const category = categoryOf(line.category);
  return (
    <li
      className={`ticker-row ${isNew ? 'is-new' : ''} ${line.urgency === 'urgent' ? 'is-urgent' : ''} ${line.type === 'overdue' ? 'is-overdue' : ''}`}
      data-case-id={line.caseId}
      data-seq={line.seq}
    >
      <span className="ticker-time">{shanghaiClock(line.at)}</span>
      <span className="ticker-district">{locale === 'en' ? district?.en : district?.name}</span>
      <span className="ticker-category">{locale === 'en' ? category?.en : category?.name}</span>
      <span className={`ticker-status ${line.type === 'overdue' ? 'tone-alert' : STATUS_TONE[line.status]}`}>
        {line.type === 'evaluated' && line.status !== 'closed' ? t.rehandled : t.event[line.type]}
      </span>
      <span className="ticker-summary">{line.summary}</span>
    </li>
  );
}

export function TickerPanel() {
  const ticker = useWallStore((s) => s.ticker);
  const animateFrom = useWallStore((s) => s.animateFrom);
  return (
    <section className="panel ticker-panel" data-testid="ticker">
      <h2 className="panel-title">{t.ticker}</h2>
      <ol className="ticker-list">
        {[...ticker].reverse().map((line) => (
          <TickerRow key={line.seq} line={line} isNew={line.seq >= animateFrom} />
        ))}
      </ol>
    </section>
  );
}
