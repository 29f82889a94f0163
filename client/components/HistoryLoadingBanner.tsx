// A new demo's first minutes: while the simulator writes the last days' history, today's figures,
// the backlog and the overdue count are those of a city whose past is still arriving. The screen
// says so once, where the feed banner would stand, instead of letting a duty leader read them.
import { t } from '../i18n/messages.ts';
import { useWallStore } from '../store/wallStore.ts';

export function HistoryLoadingBanner() {
  const loading = useWallStore((s) => s.kpis?.historyLoading);
  if (!loading) return null;
  return (
    <div className="feed-banner feed-connecting" role="status" data-testid="history-banner">
      {t.historyLoadingBanner(loading.day, loading.days)}
    </div>
  );
}
