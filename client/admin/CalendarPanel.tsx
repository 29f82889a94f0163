// The holiday schedules working days are counted by: which years are official and how far they
// reach (a warning from 30 days before they end), and a form that loads next year's schedule
// through the admin API (audited; provisional deadlines are counted again at once).
import { useCallback, useEffect, useState } from 'react';
import { adminApi, type CalendarStatus } from './adminApi.ts';
import { am } from './adminMessages.ts';
import { failureText, useAdminStore } from './adminStore.ts';
import { beijingTime } from './keyFacts.ts';

const c = am.calendar;

export function CalendarPanel() {
  const token = useAdminStore((s) => s.token);
  const [status, setStatus] = useState<CalendarStatus | null>(null);
  const [text, setText] = useState('');
  const [replace, setReplace] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const read = useCallback(async () => {
    try {
      setStatus(await adminApi.calendar(token));
    } catch (err) {
      setMessage({ ok: false, text: failureText(err) });
    }
  }, [token]);
  useEffect(() => {
    void read();
  }, [read]);

  async function load() {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      setMessage({ ok: false, text: c.notJson((err as Error).message) });
      return;
    }
    setBusy(true);
    try {
      setStatus(await adminApi.loadCalendarYear(token, { ...(body as object), ...(replace && { replace: true }) }));
      setMessage({ ok: true, text: c.done((body as { year: number }).year) });
      setText('');
    } catch (err) {
      setMessage({ ok: false, text: failureText(err) });
    } finally {
      setBusy(false);
    }
  }

  const next = status ? status.provisionalFrom.slice(0, 4) : '';
  return (
    <section className="calendar" data-testid="calendar">
      <p className="calendar-intro">{c.intro}</p>
      {status?.warning ? (
        <div className="calendar-warning" role="alert" data-testid="calendar-warning">
          {c.warning(status.coveredThrough, next)}
        </div>
      ) : null}
      <p className="calendar-reach" data-testid="calendar-reach">
        {status ? (status.coveredThrough ? c.coveredThrough(status.coveredThrough) : c.noneThisYear) : am.loading}
      </p>
      <div className="table-wrap">
        <table className="admin-table calendar-table">
          <thead>
            <tr>
              <th>{c.cols.year}</th>
              <th>{c.cols.source}</th>
              <th>{c.cols.holidays}</th>
              <th>{c.cols.workdays}</th>
              <th>{c.cols.origin}</th>
            </tr>
          </thead>
          <tbody>
            {(status?.years ?? []).map((y) => (
              <tr key={y.year} data-year={y.year}>
                <td>{y.year}</td>
                <td>{y.source ?? '—'}</td>
                <td>{c.days(y.holidays)}</td>
                <td>{c.days(y.workdays)}</td>
                <td>{y.origin === 'config' ? c.fromConfig : c.loaded(beijingTime(Date.parse(y.loadedAt!)), y.loadedBy ?? '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2 className="calendar-load-title">{c.loadTitle}</h2>
      <p className="calendar-help">{c.loadHelp}</p>
      <textarea className="calendar-input" data-testid="calendar-input" rows={8} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      <div className="toolbar">
        <label className="toolbar-label">
          <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} /> {c.replace}
        </label>
        <button type="button" className="btn" data-testid="calendar-load" disabled={busy || !text.trim()} onClick={() => void load()}>
          {c.load}
        </button>
      </div>
      {message ? (
        <p className={`calendar-message ${message.ok ? 'is-ok' : 'is-error'}`} role="status" data-testid="calendar-message">
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
