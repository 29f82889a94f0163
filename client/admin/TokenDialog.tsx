// The one time a token is shown: after a key is made or rotated. The token with a copy button and the
// warning that it cannot be shown again; for a screen key the URL of every screen of its walls, for a
// presenter key its walls' console URLs, each ready to open (with &scope= for a narrower area).
import { am } from './adminMessages.ts';
import { CopyButton } from './CopyButton.tsx';
import { Dialog } from './Dialog.tsx';
import { beijingTime, keyLinks } from './keyFacts.ts';
import { useAdminStore, type Reveal } from './adminStore.ts';
import { useScopeName } from './regionNames.ts';

function LinkRow({ label, url, testId }: { label: string; url: string; testId: string }) {
  return (
    <li className="link-row" data-testid={testId} data-url={url}>
      <span className="link-label">{label}</span>
      {/* the whole address, wrapped: nothing of it hidden in a scrolled field */}
      <code className="link-url">{url}</code>
      <span className="link-actions">
        <a className="link-open" href={url} target="_blank" rel="noopener noreferrer">
          {am.open}
        </a>
        <CopyButton text={url} />
      </span>
    </li>
  );
}

export function TokenDialog({ reveal }: { reveal: Reveal }) {
  const walls = useAdminStore((s) => s.walls) ?? [];
  const token = useAdminStore((s) => s.token);
  const setReveal = useAdminStore((s) => s.setReveal);
  const { key } = reveal;
  const scope = useScopeName(token, key.scope);
  const links = keyLinks(key, reveal.token, walls, location.origin);
  const previousEnd = reveal.previous?.expiresAt ? Date.parse(reveal.previous.expiresAt) : null;
  return (
    <Dialog
      title={reveal.kind === 'made' ? am.madeTitle : am.rotatedTitle}
      wide
      testId="token-dialog"
      actions={
        <button type="button" className="btn-primary" data-testid="token-close" onClick={() => setReveal(null)}>
          {am.closeSaved}
        </button>
      }
    >
      <p className="token-for">
        {am.tokenFor(am.roles[key.role], key.label)}
        <span className="token-meta">
          {key.walls === null ? am.allWalls : key.walls.join(', ')} · {scope ?? key.scope}
        </span>
      </p>
      <p className="token-warning" role="alert">
        ⚠ {am.tokenWarning}
      </p>
      <div className="token-box" data-key-id={key.id} data-role={key.role}>
        <input className="token-value" data-testid="token-value" readOnly value={reveal.token} onFocus={(e) => e.currentTarget.select()} aria-label="token" />
        <CopyButton text={reveal.token} testId="token-copy" />
      </div>
      {reveal.previous ? (
        <p className="field-note" data-testid="previous-note">
          {previousEnd !== null && previousEnd > Date.now() + 1000 ? am.previousUntil(beijingTime(previousEnd)) : am.previousNow}
        </p>
      ) : null}
      {links.screens.length ? (
        <>
          <h3 className="links-title">{am.screenUrls}</h3>
          <ul className="link-list" data-testid="screen-urls">
            {links.screens.map((s) => (
              <LinkRow key={s.url} label={`${s.wall} · ${s.screen}`} url={s.url} testId="screen-url" />
            ))}
          </ul>
        </>
      ) : null}
      {links.consoles.length ? (
        <>
          <h3 className="links-title">{am.consoleUrls}</h3>
          <ul className="link-list" data-testid="console-urls">
            {links.consoles.map((c) => (
              <LinkRow key={c.url} label={c.wall} url={c.url} testId="console-url" />
            ))}
          </ul>
        </>
      ) : null}
    </Dialog>
  );
}
