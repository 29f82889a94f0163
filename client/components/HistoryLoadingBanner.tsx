// A new demo's first minutes: while the simulator writes the last days' history, today's figures,
// the backlog and the overdue count are those of a city whose past is still arriving. The screen
// says so once, at its foot (clear of the KPIs, whose workers online are already true), instead of
// letting a duty leader read them as they are.
import { t } from '../i18n/messages.ts';
import { useWallStore } from '../store/wallStore.ts';

export function HistoryLoadingBanner() {
  const loading = useWallStore((s) => s.kpis?.historyLoading);
  if (!loading) return null;
  return (
    <div className="history-banner" role="status" data-testid="history-banner">
      {t.historyLoadingBanner(loading.day, loading.days)}
      <small>{t.historyLoadingNote}</small>
    </div>
  );
}
