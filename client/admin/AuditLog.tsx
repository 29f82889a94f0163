// The audit log, newest first, 50 at a time: keys made, rotated and revoked, wall commands, full case
// records read — who (label, role), what, on what, whether it was done or refused, the detail and the
// address, in Beijing time. Filtered by action; "older" pages back by id.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuditEntry } from '../../shared/access.ts';
import { adminApi } from './adminApi.ts';
import { am, AUDIT_ACTIONS } from './adminMessages.ts';
import { failureText, useAdminStore } from './adminStore.ts';
import { actionText, actorText, detailText, targetText } from './auditText.ts';
import { beijingTime } from './keyFacts.ts';

const PAGE = 50;

export function AuditLog() {
  const token = useAdminStore((s) => s.token);
  const keys = useAdminStore((s) => s.keys);
  const [action, setAction] = useState('');
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [more, setMore] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reading = useRef<AbortController | null>(null);

  const read = useCallback(
    async (before: number | undefined) => {
      reading.current?.abort();
      const ctl = new AbortController();
      reading.current = ctl;
      setBusy(true);
      setError(null);
      try {
        const page = await adminApi.readAudit(token, { limit: PAGE, before, action: action || undefined }, ctl.signal);
        setEntries((old) => (before === undefined ? page : [...(old ?? []), ...page]));
        setMore(page.length === PAGE);
      } catch (err) {
        if ((err as Error).name !== 'AbortError') setError(failureText(err));
      } finally {
        if (reading.current === ctl) setBusy(false);
      }
    },
    [token, action],
  );

  useEffect(() => {
    setEntries(null);
    void read(undefined);
    return () => reading.current?.abort();
  }, [read]);

  const oldest = entries?.at(-1)?.id;
  return (
    <section className="audit" data-testid="audit">
      <div className="toolbar">
        <label className="toolbar-label">
          {am.auditAction}
          <select className="select" data-testid="action-filter" value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="">{am.allActions}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {am.actions[a]}（{a}）
              </option>
            ))}
          </select>
        </label>
        <span className="toolbar-gap" />
        <button type="button" data-testid="audit-refresh" onClick={() => void read(undefined)} disabled={busy}>
          {am.refresh}
        </button>
      </div>
      {error ? (
        <p className="field-error" role="alert" data-testid="audit-error">
          {error}
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="admin-table audit-table" data-testid="audit-table">
          <thead>
            <tr>
              <th className="col-time">{am.auditCols.time}</th>
              <th className="col-who">{am.auditCols.who}</th>
              <th className="col-action">{am.auditCols.action}</th>
              <th className="col-target">{am.auditCols.target}</th>
              <th className="col-outcome">{am.auditCols.outcome}</th>
              <th className="col-detail">{am.auditCols.detail}</th>
              <th className="col-ip">{am.auditCols.ip}</th>
            </tr>
          </thead>
          <tbody>
            {entries?.map((e) => {
              const who = actorText(e);
              const detail = detailText(e.detail);
              return (
                <tr
                  key={e.id}
                  className={`audit-row${e.ok ? '' : ' is-refused'}`}
                  data-testid="audit-row"
                  data-action={e.action}
                  data-ok={e.ok}
                  data-target={e.target}
                >
                  <td className="cell-time">{beijingTime(Date.parse(e.at), true)}</td>
                  <td className="cell-who">
                    {who.label}
                    <small className="cell-sub">{who.role}</small>
                  </td>
                  <td className="cell-action" title={e.action}>
                    {actionText(e.action)}
                  </td>
                  <td className="cell-target" title={e.target}>
                    {targetText(e, keys)}
                  </td>
                  <td>
                    <span className={`outcome ${e.ok ? 'outcome-ok' : 'outcome-refused'}`}>{e.ok ? am.ok : am.refused}</span>
                  </td>
                  <td className="cell-detail" title={detail.full}>
                    {detail.short}
                  </td>
                  <td className="cell-ip">
                    <code>{e.ip ?? '—'}</code>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {entries && !entries.length ? <p className="card-empty">{am.noEntries}</p> : null}
        {!entries && busy ? <p className="card-empty">{am.loading}</p> : null}
      </div>
      {entries?.length ? (
        <div className="pager">
          {more ? (
            <button type="button" data-testid="audit-older" aria-busy={busy} disabled={busy || oldest === undefined} onClick={() => void read(oldest)}>
              {am.older}
            </button>
          ) : (
            <span className="muted" data-testid="audit-end">
              {am.noOlder}
            </span>
          )}
        </div>
      ) : null}
    </section>
  );
}
