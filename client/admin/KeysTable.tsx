// Every key of the server in a table: role in words, label, walls, area by name, token hint, who made
// it and when, its state (active, expiring, expired, revoked) and origin; filters by role and state;
// rotate and revoke on the keys this server made that still work (the environment's cannot be).
import { useEffect, useState } from 'react';
import { ROLES, type AccessKeyInfo, type Role } from '../../shared/access.ts';
import { localName } from '../i18n/localName.ts';
import { t } from '../i18n/messages.ts';
import { am, locale, type KeyStateFilter } from './adminMessages.ts';
import { refreshKeys, useAdminStore } from './adminStore.ts';
import { beijingTime, isOwnKey, isUsable, keyState, matchesFilter, sortKeys, type KeyState } from './keyFacts.ts';
import { NewKeyForm } from './NewKeyForm.tsx';
import { useScopeName } from './regionNames.ts';
import { RevokeDialog } from './RevokeDialog.tsx';
import { RotateDialog } from './RotateDialog.tsx';

const STATE_FILTERS: KeyStateFilter[] = ['all', 'active', 'expired', 'revoked'];

function stateText(state: KeyState): string {
  if (state.kind === 'active') return am.state.active;
  return am.state[state.kind](beijingTime(state.at));
}

function ScopeCell({ code }: { code: string }) {
  const token = useAdminStore((s) => s.token);
  const name = useScopeName(token, code);
  return (
    <td className="cell-scope" title={code}>
      {name ?? code}
      {name && code.length > 4 ? <small className="cell-sub">{code}</small> : null}
    </td>
  );
}

function KeyRow({ k, now, onRotate, onRevoke }: { k: AccessKeyInfo; now: number; onRotate(): void; onRevoke(): void }) {
  const token = useAdminStore((s) => s.token);
  const walls = useAdminStore((s) => s.walls);
  const state = keyState(k, now);
  const own = isOwnKey(k, token);
  const wallTitle = k.walls
    ?.map((id) => {
      const w = walls?.find((x) => x.id === id);
      return w ? `${id}: ${localName(w.name, locale)}` : id;
    })
    .join('\n');
  const actionable = k.origin === 'store' && isUsable(state);
  return (
    <tr className={`key-row state-${state.kind}`} data-testid="key-row" data-key-id={k.id} data-state={state.kind} data-origin={k.origin} data-role={k.role}>
      <td>
        <span className={`role-badge role-${k.role}`}>{am.roles[k.role]}</span>
      </td>
      <td className="cell-label" title={k.id}>
        {/* a label as typed (an environment variable's name for the server's own keys) */}
        <span className="key-label" data-verbatim>
          {k.label}
        </span>
        {own ? <span className="own-tag">{am.thisKey}</span> : null}
      </td>
      <td className="cell-walls" title={wallTitle}>
        {k.role === 'ingest' ? (
          k.sources ? (
            k.sources.map((s) => t.source[s]).join('、')
          ) : (
            <span className="muted">{am.anySource}</span>
          )
        ) : k.role === 'device' ? (
          <code>{k.worker}</code>
        ) : k.walls ? (
          k.walls.join(', ')
        ) : (
          <span className="muted">{am.allWalls}</span>
        )}
      </td>
      <ScopeCell code={k.scope} />
      <td>
        <code className="hint">{k.hint}</code>
      </td>
      <td className="cell-created">
        {beijingTime(Date.parse(k.createdAt))}
        <small className="cell-sub" title={k.createdBy}>
          {am.createdBy(k.createdBy)}
        </small>
      </td>
      <td className={`cell-state state-${state.kind}`} data-testid="key-state">
        {stateText(state)}
      </td>
      <td>
        <span className={`origin-tag origin-${k.origin}`} title={k.origin === 'env' ? am.envNote : undefined}>
          {am.origin[k.origin]}
        </span>
      </td>
      <td className="cell-actions">
        {actionable ? (
          <>
            <button type="button" className="btn-small" data-testid="rotate" onClick={onRotate}>
              {am.rotate}
            </button>
            <button type="button" className="btn-small btn-danger-quiet" data-testid="revoke" onClick={onRevoke}>
              {am.revoke}
            </button>
          </>
        ) : k.origin === 'env' ? (
          <span className="muted small" title={am.envNote}>
            {am.envFixed}
          </span>
        ) : null}
      </td>
    </tr>
  );
}

export function KeysTable() {
  const keys = useAdminStore((s) => s.keys);
  const keysError = useAdminStore((s) => s.keysError);
  const [role, setRole] = useState<Role | 'all'>('all');
  const [stateFilter, setStateFilter] = useState<KeyStateFilter>('all');
  const [now, setNow] = useState(() => Date.now());
  const [making, setMaking] = useState(false);
  const [rotating, setRotating] = useState<AccessKeyInfo | null>(null);
  const [revoking, setRevoking] = useState<AccessKeyInfo | null>(null);
  useEffect(() => {
    // states move on by themselves (a grace period ends): look again now and then
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => setNow(Date.now()), [keys]);

  const shown = keys
    ? sortKeys(
        keys.filter((k) => matchesFilter(k, now, role, stateFilter)),
        now,
        ROLES,
      )
    : [];
  return (
    <section className="keys" data-testid="keys">
      <div className="toolbar">
        <select className="select" data-testid="role-filter" value={role} onChange={(e) => setRole(e.target.value as Role | 'all')} aria-label={am.cols.role}>
          <option value="all">{am.allRoles}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {am.roles[r]}
            </option>
          ))}
        </select>
        <select
          className="select"
          data-testid="state-filter"
          value={stateFilter}
          onChange={(e) => setStateFilter(e.target.value as KeyStateFilter)}
          aria-label={am.cols.state}
        >
          {STATE_FILTERS.map((s) => (
            <option key={s} value={s}>
              {am.stateFilter[s]}
            </option>
          ))}
        </select>
        <span className="toolbar-count" data-testid="key-count">
          {keys ? am.keyCount(shown.length, keys.length) : am.loading}
        </span>
        <span className="toolbar-gap" />
        <button type="button" onClick={() => void refreshKeys()}>
          {am.refresh}
        </button>
        <button type="button" className="btn-primary" data-testid="new-key" onClick={() => setMaking(true)}>
          ＋ {am.newKey}
        </button>
      </div>
      {keysError ? (
        <p className="field-error" role="alert" data-testid="keys-error">
          {keysError}
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="admin-table keys-table" data-testid="keys-table">
          <thead>
            <tr>
              <th className="col-role">{am.cols.role}</th>
              <th className="col-label">{am.cols.label}</th>
              <th className="col-walls">{am.cols.walls}</th>
              <th className="col-scope">{am.cols.scope}</th>
              <th className="col-hint">{am.cols.hint}</th>
              <th className="col-created">{am.cols.created}</th>
              <th className="col-state">{am.cols.state}</th>
              <th className="col-origin">{am.cols.origin}</th>
              <th className="col-actions">{am.cols.actions}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((k) => (
              <KeyRow key={k.id} k={k} now={now} onRotate={() => setRotating(k)} onRevoke={() => setRevoking(k)} />
            ))}
          </tbody>
        </table>
        {keys && !shown.length ? <p className="card-empty">{am.noKeys}</p> : null}
      </div>
      {making ? <NewKeyForm onClose={() => setMaking(false)} /> : null}
      {rotating ? <RotateDialog target={rotating} onClose={() => setRotating(null)} /> : null}
      {revoking ? <RevokeDialog target={revoking} onClose={() => setRevoking(null)} /> : null}
    </section>
  );
}
