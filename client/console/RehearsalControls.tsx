// Rehearsals (演练) from the console: the running one with who started it and a stop button (also
// in a banner above every tab: RehearsalBanner below), and a picker of the scenarios with a length
// to start one. Start and stop go over the console's socket, audited on the server like commands.
import { useEffect, useState } from 'react';
import { REHEARSAL_MINUTES, rehearsalLine, type RehearsalCommand } from '../../shared/rehearsal.ts';
import { shanghaiClock } from '../../shared/shanghaiTime.ts';
import { ct } from './consoleMessages.ts';
import { emitRehearse } from './consoleSocket.ts';
import { useConsoleStore } from './consoleStore.ts';

/** Sends a start or stop and says the answer in the console's notice. */
async function rehearse(command: RehearsalCommand): Promise<boolean> {
  const result = await emitRehearse(command);
  const store = useConsoleStore.getState();
  if (result.ok)
    store.noticeShown(
      true,
      command.type === 'start' ? ct.rehearsal.started(result.rehearsal.title, command.minutes) : ct.rehearsal.stopped(result.rehearsal.title),
    );
  else {
    const words = ct.rehearsal.refusal[result.code];
    store.noticeShown(false, words ? `${words}（${result.message}）` : result.message);
  }
  return result.ok;
}

/** The line a running rehearsal shows, on the server's clock, refreshed every few seconds. */
function useLine(): string | null {
  const active = useConsoleStore((s) => s.rehearsal?.active ?? null);
  const offset = useConsoleStore((s) => s.clockOffsetMs);
  // drawn again every few seconds; the time is read as it is drawn (never a time kept from before it started)
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setTick((n) => n + 1), 5000);
    return () => clearInterval(timer);
  }, [active]);
  return active ? rehearsalLine(active, Date.now() + offset) : null;
}

function StopButton() {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="cmd btn-stop-rehearsal"
      data-testid="rehearsal-stop"
      aria-busy={busy}
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void rehearse({ type: 'stop' }).finally(() => setBusy(false));
      }}
    >
      {ct.rehearsal.stop}
    </button>
  );
}

/** Above every tab while a rehearsal runs: what the walls show, who started it, and a stop. */
export function RehearsalBanner() {
  const active = useConsoleStore((s) => s.rehearsal?.active ?? null);
  const line = useLine();
  if (!active || !line) return null;
  return (
    <div className="console-banner banner-rehearsal" role="status" data-testid="console-rehearsal" data-rehearsal={active.name}>
      <span className="rehearsal-line" lang="zh-CN">
        {line}
      </span>
      <span className="rehearsal-by">{ct.rehearsal.startedBy(active.by, shanghaiClock(active.startedAt))}</span>
      <StopButton />
    </div>
  );
}

export function RehearsalControls() {
  const board = useConsoleStore((s) => s.rehearsal);
  const [picked, setPicked] = useState<string | null>(null);
  const [minutes, setMinutes] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const line = useLine();
  const scenarios = board?.scenarios ?? [];
  const scenario = scenarios.find((s) => s.name === picked) ?? scenarios[0];
  const length = minutes === '' ? (scenario?.defaultMinutes ?? 60) : Number(minutes);
  const lengthOk = Number.isInteger(length) && length >= REHEARSAL_MINUTES.min && length <= REHEARSAL_MINUTES.max;

  return (
    <section className="console-card rehearsal-card" data-testid="rehearsal-controls">
      {board?.active && line ? (
        <div className="rehearsal-running">
          <p className="rehearsal-now" lang="zh-CN">
            {line}
          </p>
          <p className="field-note">{ct.rehearsal.startedBy(board.active.by, shanghaiClock(board.active.startedAt))}</p>
          <StopButton />
        </div>
      ) : (
        <p className="card-empty">{ct.rehearsal.none}</p>
      )}
      <h3 className="field-title">{ct.rehearsal.scenario}</h3>
      {scenarios.length === 0 ? <p className="card-empty">{ct.rehearsal.noScenarios}</p> : null}
      {/* biome-ignore lint/a11y/useSemanticElements: a column of choice buttons styled as one control; a fieldset's border and legend would fight its layout */}
      <div className="scenario-list" role="group" aria-label={ct.rehearsal.scenario}>
        {scenarios.map((s) => (
          <button
            key={s.name}
            type="button"
            className={`cmd scenario-btn${s.name === scenario?.name ? ' is-on' : ''}`}
            aria-pressed={s.name === scenario?.name}
            data-scenario={s.name}
            onClick={() => {
              setPicked(s.name);
              setMinutes('');
            }}
          >
            <span className="scenario-title" lang="zh-CN">
              {s.title}
            </span>
            <span className="scenario-note">{s.description}</span>
          </button>
        ))}
      </div>
      <form
        className="rehearsal-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!scenario || !lengthOk || busy) return;
          setBusy(true);
          void rehearse({ type: 'start', scenario: scenario.name, minutes: length }).finally(() => setBusy(false));
        }}
      >
        <label className="field-title" htmlFor="rehearsal-minutes">
          {ct.rehearsal.minutes}
          <small>{ct.rehearsal.minutesRange(REHEARSAL_MINUTES.min, REHEARSAL_MINUTES.max)}</small>
        </label>
        <input
          id="rehearsal-minutes"
          className="text-input"
          data-testid="rehearsal-minutes"
          type="number"
          inputMode="numeric"
          min={REHEARSAL_MINUTES.min}
          max={REHEARSAL_MINUTES.max}
          step={1}
          value={minutes === '' ? String(length) : minutes}
          onChange={(e) => setMinutes(e.target.value)}
        />
        <button
          type="submit"
          className="cmd btn-primary"
          data-testid="rehearsal-start"
          aria-busy={busy}
          disabled={!scenario || !lengthOk || busy || Boolean(board?.active)}
        >
          {ct.rehearsal.start}
        </button>
      </form>
      <p className="field-note">{ct.rehearsal.hint}</p>
    </section>
  );
}
