// A spotlighted case's history from the server (masked there), refreshed while it is shown: a
// case on the wall moves on (dispatched, resolved) while the presenter talks about it.
import { useEffect, useState } from 'react';
import type { CaseHistory } from '../../../shared/caseHistory.ts';

const REFRESH_MS = 15_000;

export type CaseHistoryState =
  | { status: 'none' }
  | { status: 'loading'; caseId: string }
  | { status: 'missing'; caseId: string }
  | { status: 'ok'; history: CaseHistory };

export function useCaseHistory(caseId: string | null, token: string): CaseHistoryState {
  const [state, setState] = useState<CaseHistoryState>({ status: 'none' });
  useEffect(() => {
    if (!caseId) {
      setState({ status: 'none' });
      return;
    }
    setState({ status: 'loading', caseId });
    let stopped = false;
    const load = () =>
      fetch(`/api/v1/cases/${encodeURIComponent(caseId)}`, { headers: { authorization: `Bearer ${token}` } }).then(
        async (res) => {
          if (stopped) return;
          if (res.status === 404) setState({ status: 'missing', caseId });
          else if (res.ok) setState({ status: 'ok', history: (await res.json()) as CaseHistory });
        },
        () => undefined, // a failed refresh keeps what is shown; the feed banner says when the server is gone
      );
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [caseId, token]);
  return state;
}
