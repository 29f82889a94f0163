// Who changed what on the wall and when, newest first; refused commands marked with the reason.
// Also the name this console's commands are logged under.
import { useState } from 'react';
import { shanghaiClock } from '../../shared/shanghaiTime.ts';
import { commandText, refusalText, whoText } from './commandText.ts';
import { namesOf } from './consoleCommands.ts';
import { ct } from './consoleMessages.ts';
import { reconnectConsole } from './consoleSocket.ts';
import { useConsoleStore } from './consoleStore.ts';

/** The name is remembered on this tablet for the next visit. */
export const NAME_KEY = 'gridwall.presenterName';

export function CommandHistory() {
  const log = useConsoleStore((s) => s.log);
  const layout = useConsoleStore((s) => s.layout);
  const regions = useConsoleStore((s) => s.regions);
  const names = namesOf({ layout, regions });
  return (
    <section className="console-card history-card" data-testid="history">
      <PresenterName />
      <h3 className="field-title">{ct.history}</h3>
      {log.length === 0 ? <p className="card-empty">{ct.noHistory}</p> : null}
      <ol className="history-list" data-testid="history-list">
        {log.toReversed().map((e) => (
          <li key={e.id} className={`history-row${e.ok ? '' : ' is-refused'}`} data-ok={e.ok} data-command={e.command.type}>
            <span className="history-time">{shanghaiClock(e.at)}</span>
            <span className={`history-who role-${e.role}`}>{whoText(e.who)}</span>
            <span className="history-what">{commandText(e.command, names)}</span>
            {e.ok ? null : <span className="history-why">✕ {ct.refusedBecause(refusalText(e.code, e.error ?? '', e.command))}</span>}
          </li>
        ))}
      </ol>
      <p className="field-note keyboard-hint">{ct.keyboardHint}</p>
    </section>
  );
}

function PresenterName() {
  const name = useConsoleStore((s) => s.presenterName);
  const setName = useConsoleStore((s) => s.setPresenterName);
  const [draft, setDraft] = useState(name);
  const apply = () => {
    const next = draft.trim().slice(0, 40);
    if (!next || next === name) return;
    setName(next);
    try {
      localStorage.setItem(NAME_KEY, next);
    } catch {
      // private browsing: the name holds for this visit only
    }
    reconnectConsole();
  };
  return (
    <form
      className="name-form"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <label className="field-title" htmlFor="presenter-name">
        {ct.presenterName}
      </label>
      <div className="case-input-row">
        <input
          id="presenter-name"
          className="text-input"
          data-testid="presenter-name"
          value={draft}
          maxLength={40}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="btn-secondary" disabled={!draft.trim() || draft.trim() === name}>
          {ct.apply}
        </button>
      </div>
    </form>
  );
}
