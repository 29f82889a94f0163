// The spotlighted case, from report to closure: each step with who acted, when, how long it took
// and how that stood against the deadline, escalations marked. Drawn over the map panel by the
// screen that holds the panel's top-right corner; personal data were masked by the server.
import { useEffect, useState, type CSSProperties } from 'react';
import { categoryOf } from '../../../shared/categories.ts';
import type { CaseHistory, CaseHistoryStep } from '../../../shared/caseHistory.ts';
import { shanghaiClock, shanghaiDay } from '../../../shared/shanghaiTime.ts';
import { locale, t } from '../../i18n/messages.ts';
import type { CaseHistoryState } from './useCaseHistory.ts';

/** The latest steps that fit: a long case keeps its report and its most recent steps. */
const STEPS_SHOWN = 9;

const minutes = (ms: number) => t.duration(Math.max(0, Math.round(ms / 60_000)));
const when = (iso: string) => {
  const ms = Date.parse(iso);
  return `${shanghaiDay(ms).slice(5)} ${shanghaiClock(ms).slice(0, 5)}`;
};

function placeName(h: CaseHistory): string {
  const { district, street, community, grid } = h.place;
  return [district, street, community, grid]
    .filter(Boolean)
    .map((p) => p!.name)
    .join(' › ');
}

/** The case as it stood at `at` (a playback's moment): the steps taken by then; null when it was not yet reported. */
export function historyAsOf(h: CaseHistory, at: number | null): { steps: CaseHistoryStep[]; status: CaseHistory['status'] } | null {
  if (at === null) return { steps: h.steps, status: h.status };
  const steps = h.steps.filter((s) => Date.parse(s.at) <= at);
  return steps.length ? { steps, status: steps.at(-1)!.status } : null;
}

/** `asOf`: the moment a playback shows (re-read every second), or null when live. */
/** `maxHeightPx`: the height of the map's part on this screen (a map spanning rows is taller than the screen: the card must end on it). */
/** `outside`: the wall spotlights a case outside this screen's region (it is told so, never which). */
export function SpotlightCard({
  state,
  asOf,
  maxHeightPx,
  outside = false,
}: {
  state: CaseHistoryState;
  asOf: () => number | null;
  maxHeightPx?: number;
  outside?: boolean;
}) {
  const [, tick] = useState(0);
  const playing = asOf() !== null;
  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [playing]);
  if (state.status === 'none' && outside) {
    return (
      <aside className="spotlight-card" data-testid="spotlight-card" data-outside="true" style={fit(maxHeightPx)}>
        <h2 className="spotlight-title">{t.spotlightTitle}</h2>
        <p className="panel-empty">{t.spotlightOutside}</p>
      </aside>
    );
  }
  if (state.status === 'none') return null;
  if (state.status !== 'ok') {
    return (
      <aside className="spotlight-card" data-testid="spotlight-card" style={fit(maxHeightPx)}>
        <h2 className="spotlight-title">{t.spotlightTitle}</h2>
        <p className="panel-empty">{state.status === 'loading' ? t.spotlightLoading : t.spotlightMissing(state.caseId)}</p>
      </aside>
    );
  }
  const h = state.history;
  const category = categoryOf(h.category);
  const then = historyAsOf(h, asOf());
  if (!then) {
    // a playback of a moment before the case existed: nothing of its future is shown
    return (
      <aside className="spotlight-card" data-testid="spotlight-card" data-case-id={h.caseId} data-not-yet="true" style={fit(maxHeightPx)}>
        <h2 className="spotlight-title">
          {t.spotlightTitle} <span className="spotlight-id">{h.caseId}</span>
        </h2>
        <p className="panel-empty">{t.spotlightNotYet(when(h.reportedAt))}</p>
      </aside>
    );
  }
  const all = then.steps;
  const steps = all.length > STEPS_SHOWN ? [all[0]!, ...all.slice(-(STEPS_SHOWN - 1))] : all;
  return (
    <aside className={`spotlight-card${h.overdue ? ' is-overdue' : ''}`} data-testid="spotlight-card" data-case-id={h.caseId} style={fit(maxHeightPx)}>
      <h2 className="spotlight-title">
        {t.spotlightTitle} <span className="spotlight-id">{h.caseId}</span>
      </h2>
      <p className="spotlight-what">
        <span className={`spotlight-urgency urgency-${h.urgency}`}>{t.urgency[h.urgency]}</span>
        {locale === 'en' ? category?.en : category?.name} · {t.status[then.status]}
      </p>
      <p className="spotlight-place">{placeName(h)}</p>
      <p className="spotlight-summary">{h.summary}</p>
      <ol className="spotlight-steps">
        {steps.map((s) => (
          <li key={s.version} className={`spotlight-step step-${s.type}`} data-step={s.type}>
            <span className="step-time">{when(s.at)}</span>
            <span className="step-name">
              {t.event[s.type]}
              {s.escalatedTo ? ` → ${t.level[s.escalatedTo]}` : ''}
            </span>
            <span className="step-who">{s.who ?? ''}</span>
            <span className="step-took">{s.sincePreviousMs === null ? '' : t.stepTook(minutes(s.sincePreviousMs))}</span>
            <span className={`step-left ${s.remainingMs <= 0 ? 'is-late' : ''}`}>
              {s.remainingMs <= 0 ? t.deadlinePast(minutes(-s.remainingMs)) : t.deadlineLeft(minutes(s.remainingMs))}
            </span>
          </li>
        ))}
      </ol>
    </aside>
  );
}

/** The card's height bound: its part of the map on this screen, less its margins, padding and border (its box is content-box). */
function fit(maxHeightPx: number | undefined): CSSProperties | undefined {
  return maxHeightPx === undefined ? undefined : { maxHeight: `calc(${Math.round(maxHeightPx)}px - 2.6rem)` };
}
