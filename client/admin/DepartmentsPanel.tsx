// The duty list (职责清单) cases are dispatched by, read-only: per sub-category the kind of department
// that acts first at the street and the one that acts when raised, and how the list routes in
// practice (first dispatches, returns, re-dispatches, dispatches when raised, the return rate), a
// line whose cases come back often marked: its owner may be wrong. GET /api/v1/departments.
import { useCallback, useEffect, useState } from 'react';
import { adminApi, type DepartmentsOverview } from './adminApi.ts';
import { am, locale } from './adminMessages.ts';
import { failureText, useAdminStore } from './adminStore.ts';
import './DepartmentsPanel.css';

const d = am.departments;
/** A line whose first dispatches come back more often than this is marked. */
const MISLEADING_RATE = 0.05;

export function DepartmentsPanel() {
  const token = useAdminStore((s) => s.token);
  const [view, setView] = useState<DepartmentsOverview | null>(null);
  const [error, setError] = useState<string | null>(null);

  const read = useCallback(async () => {
    try {
      setView(await adminApi.departments(token));
      setError(null);
    } catch (err) {
      setError(failureText(err));
    }
  }, [token]);
  useEffect(() => {
    void read();
  }, [read]);

  const kind = (code: string) => {
    const k = view?.kinds.find((x) => x.code === code);
    return k ? (locale === 'en' ? k.en.replace(/\s*\(.*\)$/, '') : k.name) : code;
  };
  const tuning = new Map((view?.dutyListTuning ?? []).map((t) => [t.line, t]));
  return (
    <section className="departments" data-testid="departments">
      <p className="departments-intro">{d.intro}</p>
      <div className="toolbar">
        <span className="departments-summary" data-testid="departments-summary">
          {view ? d.summary(view.version, view.departments.length, view.dutyList.length) : am.loading}
        </span>
        <button type="button" className="btn" onClick={() => void read()}>
          {am.refresh}
        </button>
      </div>
      {error ? (
        <p className="departments-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="admin-table departments-table" data-testid="departments-table">
          <thead>
            <tr>
              <th>{d.cols.category}</th>
              <th>{d.cols.street}</th>
              <th>{d.cols.district}</th>
              <th className="num">{d.cols.dispatched}</th>
              <th className="num">{d.cols.returned}</th>
              <th className="num">{d.cols.redispatched}</th>
              <th className="num">{d.cols.raised}</th>
              <th className="num">{d.cols.rate}</th>
              <th>{d.cols.note}</th>
            </tr>
          </thead>
          <tbody>
            {(view?.dutyList ?? []).map((l) => {
              const t = tuning.get(l.line);
              const misleading = t?.returnRate != null && t.returnRate > MISLEADING_RATE;
              return (
                <tr key={l.line} data-category={l.category} className={misleading ? 'is-misleading' : undefined} title={misleading ? d.misleading : undefined}>
                  <td title={l.category}>{l.categoryName}</td>
                  <td>{kind(l.street)}</td>
                  <td>{kind(l.district)}</td>
                  <td className="num">{t?.dispatched ?? 0}</td>
                  <td className="num">{t?.returned ?? 0}</td>
                  <td className="num">{t?.redispatched ?? 0}</td>
                  <td className="num">{t?.raised ?? 0}</td>
                  <td className="num departments-rate">{d.rate(t?.returnRate ?? null)}</td>
                  <td className="departments-note">{l.note ?? ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
