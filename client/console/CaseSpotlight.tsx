// Spotlight a case on the wall: type its id or pick one of the overdue and escalated cases the
// alerts name, read its history (masked by the server) before showing it, then spotlight or clear.
import { useEffect, useState } from 'react';
import { categoryOf } from '../../shared/categories.ts';
import type { Alert } from '../../shared/protocol.ts';
import { districtOf } from '../../shared/regions.ts';
import { caseIdSchema } from '../../shared/wallControl.ts';
import { t } from '../i18n/messages.ts';
import type { CaseHistory } from '../../shared/caseHistory.ts';
import { ApiFailure, caseCandidates, caseHistory, regionOpenCases, type RegionCase } from './consoleApi.ts';
import { wallView } from './wallView.ts';
import { send } from './consoleCommands.ts';
import { ct, locale } from './consoleMessages.ts';
import { isPending, useConsoleStore } from './consoleStore.ts';
import { shanghaiStamp } from './playbackPlan.ts';
import type { RegionIndex } from './regionIndex.ts';

const CANDIDATES_REFRESH_MS = 30_000;
/** Open cases listed for the region the wall looks at. */
const HERE_SHOWN = 12;

const categoryName = (code: string | null) => {
  const c = code ? categoryOf(code) : undefined;
  return c ? (locale === 'en' ? c.en : c.name) : (code ?? '');
};
const wordFor = <K extends string>(table: Record<K, string>, key: string | null) => (key && key in table ? table[key as K] : (key ?? ''));

function placeName(regions: RegionIndex | null, gridCode: string | null): string {
  if (!gridCode) return '';
  const district = locale === 'en' ? districtOf(gridCode)?.en : districtOf(gridCode)?.name;
  return `${district ?? ''} ${regions?.name(gridCode.slice(0, 9)) ?? ''}`.trim();
}

function candidateText(a: Alert, regions: RegionIndex | null): { id: string; what: string; why: string } {
  const r = a.reason;
  if (r.kind === 'spike') return { id: '', what: '', why: '' };
  const why = r.kind === 'overdue' ? ct.overdueBy(t.duration(Math.max(r.overdueMinutes, 0))) : ct.escalatedTo(t.level[r.level]);
  return { id: r.caseId, what: `${placeName(regions, r.gridCode)} · ${categoryName(r.category)}`, why };
}

type PreviewState = { id: string; loading: true } | { id: string; loading: false; history: CaseHistory | null; error: string | null };

export function CaseSpotlight({ token }: { token: string }) {
  const draft = useConsoleStore((s) => s.caseDraft);
  const setDraft = useConsoleStore((s) => s.setCaseDraft);
  const spotlight = useConsoleStore((s) => s.state?.spotlight ?? null);
  const regions = useConsoleStore((s) => s.regions);
  const busy = useConsoleStore((s) => isPending(s, 'spotlight'));
  const [candidates, setCandidates] = useState<Alert[] | null>(null);
  const [candidatesError, setCandidatesError] = useState<string | null>(null);
  const [preview, setPreview] = useState<PreviewState | null>(null);
  const [reload, setReload] = useState(0);
  const id = draft.trim();
  const valid = caseIdSchema.safeParse(id).success;
  // the open cases where the wall looks now (a street or smaller): "this grid; this case"
  const focus = useConsoleStore((s) => (s.layout ? wallView(s.layout, s.state).focus : null));
  const [here, setHere] = useState<RegionCase[] | null>(null);
  useEffect(() => {
    setHere(null);
    if (!focus || focus.length < 9) return;
    const abort = new AbortController();
    regionOpenCases(focus, token, abort.signal).then(
      (list) => setHere(list.slice(0, HERE_SHOWN)),
      () => undefined,
    );
    return () => abort.abort();
  }, [focus, token, reload]);

  useEffect(() => {
    const abort = new AbortController();
    const load = () =>
      caseCandidates(token, abort.signal).then(
        (list) => {
          setCandidates(list);
          setCandidatesError(null);
        },
        (err: Error) => !abort.signal.aborted && setCandidatesError(err.message),
      );
    load();
    const timer = setInterval(load, CANDIDATES_REFRESH_MS);
    return () => {
      abort.abort();
      clearInterval(timer);
    };
  }, [token, reload]);

  const showPreview = (caseId: string) => {
    setDraft(caseId);
    setPreview({ id: caseId, loading: true });
    caseHistory(caseId, token).then(
      (h) => setPreview((cur) => (cur?.id === caseId ? { id: caseId, loading: false, history: h, error: null } : cur)),
      (err: Error) =>
        setPreview((cur) =>
          cur?.id === caseId
            ? {
                id: caseId,
                loading: false,
                history: null,
                error: err instanceof ApiFailure && err.code === 'unknown_case' ? ct.caseNotFound(caseId) : ct.caseUnavailable(err.message),
              }
            : cur,
        ),
    );
  };

  // the spotlighted case is previewed when the presenter has not picked another
  useEffect(() => {
    if (spotlight && !draft) showPreview(spotlight);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [spotlight]);

  return (
    <section className="console-card case-card" data-testid="case-spotlight">
      {spotlight ? (
        <div className="spotlight-now" data-testid="spotlight-now">
          <span>◎ {ct.currentSpotlight(spotlight)}</span>
          <button type="button" className="cmd btn-secondary" data-testid="clear-spotlight" onClick={() => void send({ type: 'spotlight', caseId: null })}>
            {ct.clearSpotlight}
          </button>
        </div>
      ) : null}
      <form
        className="case-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) showPreview(id);
        }}
      >
        <label className="field-title" htmlFor="case-id">
          {ct.caseId}
        </label>
        <div className="case-input-row">
          <input
            id="case-id"
            className="text-input"
            data-testid="case-input"
            value={draft}
            placeholder={ct.caseIdPlaceholder}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            onChange={(e) => setDraft(e.target.value)}
          />
          <button type="submit" className="btn-secondary" disabled={!valid}>
            {ct.preview}
          </button>
        </div>
        {id && !valid ? <p className="field-error">{ct.badCaseId}</p> : null}
        <button
          type="button"
          className="cmd btn-primary"
          data-testid="spotlight"
          disabled={!valid}
          aria-busy={busy}
          onClick={() => void send({ type: 'spotlight', caseId: id })}
        >
          ◎ {ct.spotlight}
        </button>
      </form>
      <div className="case-columns">
        <div className="case-preview" data-testid="case-preview">
          {preview ? <CasePreviewView state={preview} /> : null}
        </div>
        <div className="case-candidates">
          <h3 className="field-title">
            {ct.candidates}
            <button type="button" className="btn-small" onClick={() => setReload((n) => n + 1)} aria-label={ct.refresh}>
              ↻
            </button>
          </h3>
          <p className="field-note">{ct.candidatesAlerts}</p>
          {candidatesError ? <p className="field-error">{candidatesError}</p> : null}
          {candidates && candidates.length === 0 ? <p className="card-empty">{ct.noCandidates}</p> : null}
          {here && focus ? (
            <>
              <p className="field-note">{ct.openHere(regions?.name(focus) ?? focus)}</p>
              {here.length === 0 ? <p className="card-empty">{ct.noneOpenHere}</p> : null}
              <ul className="candidate-list" data-testid="open-here">
                {here.map((c) => (
                  <li key={c.caseId}>
                    <button
                      type="button"
                      className={`candidate-btn${c.overdue ? ' severity-critical' : ''}${c.caseId === id ? ' is-picked' : ''}`}
                      data-case-id={c.caseId}
                      onClick={() => showPreview(c.caseId)}
                    >
                      <span className="candidate-id">{c.caseId}</span>
                      <span className="candidate-why">
                        {wordFor(t.status, c.status)}
                        {c.overdue ? ` · ${ct.caseOverdue}` : ''}
                      </span>
                      <span className="candidate-what">
                        {regions?.name(c.gridCode) ?? c.gridCode} · {categoryName(c.category)}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <ul className="candidate-list" data-testid="candidates">
            {candidates?.map((a) => {
              const c = candidateText(a, regions);
              return (
                <li key={a.id}>
                  <button
                    type="button"
                    className={`candidate-btn severity-${a.severity}${c.id === id ? ' is-picked' : ''}`}
                    data-case-id={c.id}
                    onClick={() => showPreview(c.id)}
                  >
                    <span className="candidate-id">{c.id}</span>
                    <span className="candidate-why">{c.why}</span>
                    <span className="candidate-what">{c.what}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      </div>
    </section>
  );
}

const duration = (ms: number) => t.duration(Math.max(0, Math.round(ms / 60_000)));
const stamp = (iso: string | null) => (iso ? shanghaiStamp(Date.parse(iso), false) : '');

function CasePreviewView({ state }: { state: PreviewState }) {
  if (state.loading) return <p className="card-empty">{ct.caseLoading}</p>;
  if (!state.history)
    return (
      <p className="field-error" data-testid="case-error">
        {state.error}
      </p>
    );
  const c = state.history;
  const place = [c.place.district, c.place.street, c.place.community, c.place.grid]
    .filter((p) => p !== null)
    .map((p) => p.name)
    .join(' › ');
  const facts: [string, string][] = [
    [ct.caseStatus, `${wordFor(t.status, c.status)}${c.overdue ? ` · ${ct.caseOverdue}` : ''} · ${ct.caseElapsed(duration(c.elapsedMs), c.closedAt !== null)}`],
    [ct.caseCategory, categoryName(c.category)],
    [ct.caseSource, wordFor(t.source, c.source)],
    [ct.caseGrid, place || c.gridCode],
    [ct.caseReportedAt, stamp(c.reportedAt)],
    [ct.caseDeadline, stamp(c.deadline)],
    [ct.caseClosedAt, stamp(c.closedAt)],
    [ct.caseEscalation, c.escalations.length ? t.level[c.escalation] : ''],
    [ct.caseEvaluation, c.satisfied !== null ? ct.caseSatisfaction(c.satisfied, c.rating) : ''],
  ];
  return (
    <>
      <h3 className="case-title">
        {c.caseId}
        <span className={`urgency urgency-${c.urgency}`}>{wordFor(t.urgency, c.urgency)}</span>
        {c.overdue ? <span className="urgency urgency-urgent">{ct.caseOverdue}</span> : null}
      </h3>
      {c.summary ? <p className="case-summary">{c.summary}</p> : null}
      <dl className="case-facts">
        {facts
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
      </dl>
      <h4 className="field-title">{ct.caseHistory}</h4>
      <ol className="case-steps" data-testid="case-steps">
        {c.steps.map((s) => (
          <li key={s.version} className={`step step-${s.type}`}>
            <span className="step-time">{stamp(s.at)}</span>
            <span className="step-what">
              {wordFor(t.event, s.type)} · {wordFor(t.status, s.status)}
            </span>
            <span className={`step-left${s.remainingMs <= 0 ? ' is-late' : ''}`}>
              {s.sincePreviousMs !== null ? `${ct.stepAfter(duration(s.sincePreviousMs))} · ` : ''}
              {s.remainingMs <= 0 ? ct.stepLate(duration(-s.remainingMs)) : ct.stepLeft(duration(s.remainingMs))}
            </span>
            {s.who ? <span className="step-note">{ct.stepBy(s.who)}</span> : null}
            {s.note ? <span className="step-note">{s.note}</span> : null}
          </li>
        ))}
      </ol>
    </>
  );
}
