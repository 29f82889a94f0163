// The console's header: which wall, whether the console is connected (red when not), LIVE or
// PLAYBACK with the play clock, who made the last change; "back to live" while playing back; and, in
// the last 30 days of the official holiday schedules, that next year's must be loaded.
import { shanghaiClock } from '../../shared/shanghaiTime.ts';
import { whoText } from './commandText.ts';
import { send } from './consoleCommands.ts';
import { ct, locale } from './consoleMessages.ts';
import { isPending, useConsoleStore } from './consoleStore.ts';
import { PlayClock } from './PlayClock.tsx';
import { speedText } from './playbackPlan.ts';
import { localName } from '../i18n/localName.ts';
import { calendarReach } from './consoleApi.ts';
import { usePolled } from './usePolled.ts';

/** The official holiday schedules' end, while it is less than 30 days away (read at start and hourly). */
function CalendarNotice({ token }: { token: string }) {
  const reach = usePolled(token, (signal) => calendarReach(token, signal), 3_600_000);
  if (!reach?.warning) return null;
  return (
    <span className="calendar-pill" data-testid="calendar-notice" title={ct.calendarEndingHint(reach.provisionalFrom.slice(0, 4))}>
      {ct.calendarEnding(reach.coveredThrough)}
    </span>
  );
}

export function ConsoleHeader({ token }: { token: string }) {
  const layout = useConsoleStore((s) => s.layout);
  const status = useConsoleStore((s) => s.status);
  const state = useConsoleStore((s) => s.state);
  const lastAt = useConsoleStore((s) => s.log.findLast((e) => e.ok)?.at ?? null);
  const goingLive = useConsoleStore((s) => isPending(s, 'live'));
  const playback = state?.playback ?? null;
  return (
    <header className="console-header" data-testid="console-header">
      <div className="header-wall">
        <span className="header-app">{ct.consoleTitle}</span>
        <span className="header-name" data-testid="wall-name">
          {layout ? localName(layout.name, locale) : '…'}
        </span>
      </div>
      <span className={`conn-pill conn-${status}`} data-testid="connection" data-status={status}>
        <i className="conn-dot" />
        {ct.connection[status]}
      </span>
      {playback ? (
        <span className={`mode-pill mode-playback${playback.paused ? ' is-paused' : ''}`} data-testid="mode" data-mode="playback">
          <b>{ct.playback}</b>
          <PlayClock clock={playback} className="mode-clock" testId="header-play-clock" />
          <span className="mode-speed">×{speedText(playback.speed)}</span>
          {playback.paused ? <span className="mode-paused">{ct.paused}</span> : null}
        </span>
      ) : state ? (
        <span className="mode-pill mode-live" data-testid="mode" data-mode="live">
          <b>{ct.live}</b>
        </span>
      ) : null}
      <span className="header-last" data-testid="last-change">
        {state?.by ? ct.lastChange(whoText(state.by), lastAt ? shanghaiClock(lastAt) : shanghaiClock(state.effectiveAt)) : ct.noChangeYet}
      </span>
      <CalendarNotice token={token} />
      {playback ? (
        <button type="button" className="cmd btn-live" data-testid="header-live" aria-busy={goingLive} onClick={() => void send({ type: 'live' })}>
          {ct.backToLive}
        </button>
      ) : null}
    </header>
  );
}
