// Making a key: its role, a label, the walls it may open (for the roles that open walls), the area it
// may see, an optional expiry (Beijing time). The server checks it all again (createKeySchema); on
// success the one-time token dialog takes over.
import { useEffect, useState, type FormEvent } from 'react';
import { ROLES, WALL_ROLES, type Role } from '../../shared/access.ts';
import { CITY_CODE } from '../../shared/regions.ts';
import { SOURCE_CHANNELS, type SourceChannel } from '../../shared/caseEvent.ts';
import { t } from '../i18n/messages.ts';
import { localName } from '../i18n/localName.ts';
import { adminApi } from './adminApi.ts';
import { am, locale } from './adminMessages.ts';
import { useAdminStore } from './adminStore.ts';
import { useKeyAction } from './useKeyAction.ts';
import { Dialog } from './Dialog.tsx';
import { beijingInputNow, beijingInputToIso } from './keyFacts.ts';
import { ScopePicker } from './ScopePicker.tsx';

/** The roles bound to walls and an area; an ingest or admin key gets every wall and the city. */

export function NewKeyForm({ onClose }: { onClose(): void }) {
  const token = useAdminStore((s) => s.token);
  const walls = useAdminStore((s) => s.walls);
  const setReveal = useAdminStore((s) => s.setReveal);
  const [role, setRole] = useState<Role>('screen');
  const [label, setLabel] = useState('');
  const [everyWall, setEveryWall] = useState(false);
  const [chosenWalls, setChosenWalls] = useState<string[]>([]);
  const [scope, setScope] = useState(CITY_CODE);
  /** An ingest key's channels; none chosen: any. */
  const [sources, setSources] = useState<SourceChannel[]>([]);
  const [expiry, setExpiry] = useState('');
  /** A device key's grid worker (his id in the roster). */
  const [worker, setWorker] = useState('');
  const { busy, error, setError, run } = useKeyAction(onClose);
  const bound = WALL_ROLES.includes(role);
  const scoped = bound || role === 'ingest';
  // a complaint about the form goes once the form changes
  useEffect(() => setError(null), [role, label, everyWall, chosenWalls, scope, sources, expiry, worker]);

  const toggleWall = (id: string, on: boolean) => setChosenWalls((list) => (on ? [...list, id] : list.filter((w) => w !== id)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!label.trim()) return setError(am.labelRequired);
    if (bound && !everyWall && chosenWalls.length === 0) return setError(am.wallsRequired);
    if (role === 'device' && !worker.trim()) return setError(am.workerRequired);
    const expiresAt = expiry ? beijingInputToIso(expiry) : null;
    if (expiry && (expiresAt === null || Date.parse(expiresAt) <= Date.now())) return setError(am.expiryPast);
    await run(async () => {
      const made = await adminApi.createKey(token, {
        role,
        label: label.trim(),
        ...(bound && !everyWall && { walls: chosenWalls }),
        ...(scoped && { scope }),
        ...(role === 'ingest' && sources.length > 0 && { sources }),
        ...(role === 'device' && { worker: worker.trim() }),
        ...(expiresAt && { expiresAt }),
      });
      setReveal({ kind: 'made', key: made.key, token: made.token });
    });
  };

  return (
    <Dialog
      title={am.formTitle}
      wide
      onEscape={busy ? undefined : onClose}
      testId="new-key-dialog"
      actions={
        <>
          <button type="button" onClick={onClose} disabled={busy}>
            {am.cancel}
          </button>
          <button type="submit" form="new-key-form" className="btn-primary" data-testid="create-key" aria-busy={busy} disabled={busy}>
            {am.create}
          </button>
        </>
      }
    >
      <form id="new-key-form" className="key-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-col">
          <fieldset className="form-row">
            <legend className="field-title">{am.role}</legend>
            <div className="segmented" role="radiogroup">
              {ROLES.map((r) => (
                <label key={r} className={`seg${role === r ? ' is-on' : ''}`}>
                  <input type="radio" name="role" value={r} checked={role === r} onChange={() => setRole(r)} data-testid={`role-${r}`} />
                  {am.roles[r]}
                </label>
              ))}
            </div>
            <p className="field-note">{am.roleNotes[role]}</p>
          </fieldset>
          <label className="form-row">
            <span className="field-title">{am.label}</span>
            <input
              className="text-input"
              data-testid="key-label"
              data-autofocus
              maxLength={60}
              value={label}
              placeholder={am.labelPlaceholder}
              onChange={(e) => setLabel(e.target.value)}
            />
          </label>
          <label className="form-row">
            <span className="field-title">{am.expiry}</span>
            <span className="expiry-row">
              <input
                type="datetime-local"
                className="text-input"
                data-testid="key-expiry"
                min={beijingInputNow(Date.now())}
                value={expiry}
                onChange={(e) => setExpiry(e.target.value)}
              />
              {expiry ? (
                <button type="button" className="btn-small" onClick={() => setExpiry('')}>
                  {am.clearExpiry}
                </button>
              ) : null}
            </span>
          </label>
        </div>
        <div className="form-col">
          {bound ? (
            <fieldset className="form-row">
              <legend className="field-title">{am.walls}</legend>
              {walls === null ? (
                <p className="field-note">{am.wallsLoading}</p>
              ) : (
                <div className="wall-checks" data-testid="wall-checks">
                  <label className="check">
                    <input type="checkbox" checked={everyWall} onChange={(e) => setEveryWall(e.target.checked)} data-testid="every-wall" />
                    {am.everyWall}
                  </label>
                  {walls.map((w) => (
                    <label key={w.id} className={`check${everyWall ? ' is-off' : ''}`}>
                      <input
                        type="checkbox"
                        data-wall={w.id}
                        disabled={everyWall}
                        checked={everyWall || chosenWalls.includes(w.id)}
                        onChange={(e) => toggleWall(w.id, e.target.checked)}
                      />
                      {localName(w.name, locale)} <code>{w.id}</code>
                    </label>
                  ))}
                </div>
              )}
            </fieldset>
          ) : role === 'ingest' ? (
            <fieldset className="form-row">
              <legend className="field-title">{am.sources}</legend>
              <div className="wall-checks" data-testid="source-checks">
                {SOURCE_CHANNELS.map((s) => (
                  <label key={s} className="check">
                    <input
                      type="checkbox"
                      data-source={s}
                      checked={sources.includes(s)}
                      onChange={(e) => setSources((list) => (e.target.checked ? [...list, s] : list.filter((x) => x !== s)))}
                    />
                    {t.source[s]} <code>{s}</code>
                  </label>
                ))}
              </div>
            </fieldset>
          ) : role === 'device' ? (
            <label className="form-row">
              <span className="field-title">{am.worker}</span>
              <input
                className="text-input"
                data-testid="key-worker"
                maxLength={64}
                value={worker}
                placeholder="W120101001008003"
                onChange={(e) => setWorker(e.target.value)}
              />
              <span className="field-note">{am.workerNote}</span>
            </label>
          ) : (
            <p className="field-note">{am.defaultsFor(am.roles[role])}</p>
          )}
          {scoped ? (
            <fieldset className="form-row">
              <legend className="field-title">{am.scope}</legend>
              <ScopePicker value={scope} onChange={setScope} />
            </fieldset>
          ) : null}
        </div>
        {error ? (
          <p className="field-error" role="alert" data-testid="form-error">
            {error}
          </p>
        ) : null}
      </form>
    </Dialog>
  );
}
