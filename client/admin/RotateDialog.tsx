// Rotating a key: a new token with the same role, walls and area; the old one keeps working for the
// chosen grace period (at once, 1 hour, 1 day, 7 days). The new token is then shown once.
import { useState } from 'react';
import type { AccessKeyInfo } from '../../shared/access.ts';
import { adminApi } from './adminApi.ts';
import { am, GRACE_CHOICES } from './adminMessages.ts';
import { useAdminStore } from './adminStore.ts';
import { useKeyAction } from './useKeyAction.ts';
import { Dialog } from './Dialog.tsx';

export function RotateDialog({ target, onClose }: { target: AccessKeyInfo; onClose(): void }) {
  const token = useAdminStore((s) => s.token);
  const setReveal = useAdminStore((s) => s.setReveal);
  const [grace, setGrace] = useState<number>(0);
  const { busy, error, run } = useKeyAction(onClose);
  const rotate = () =>
    run(async () => {
      const rotated = await adminApi.rotateKey(token, target.id, grace);
      setReveal({ kind: 'rotated', key: rotated.key, token: rotated.token, previous: rotated.previous });
    });
  return (
    <Dialog
      title={am.rotateTitle}
      onEscape={busy ? undefined : onClose}
      testId="rotate-dialog"
      actions={
        <>
          <button type="button" onClick={onClose} disabled={busy}>
            {am.cancel}
          </button>
          <button type="button" className="btn-primary" data-testid="rotate-confirm" aria-busy={busy} disabled={busy} onClick={() => void rotate()}>
            {am.rotateConfirm}
          </button>
        </>
      }
    >
      <p>{am.rotateIntro(target.label, target.hint)}</p>
      <p className="field-title">{am.grace}</p>
      <div className="segmented" role="radiogroup" data-testid="grace-choices">
        {GRACE_CHOICES.map((s) => (
          <label key={s} className={`seg${grace === s ? ' is-on' : ''}`}>
            <input type="radio" name="grace" value={s} checked={grace === s} onChange={() => setGrace(s)} data-grace={s} />
            {am.graceChoice[s]}
          </label>
        ))}
      </div>
      <p className="field-note">{am.graceNote}</p>
      {error ? (
        <p className="field-error" role="alert" data-testid="dialog-error">
          {error}
        </p>
      ) : null}
    </Dialog>
  );
}
