// Revoking a key, after a confirmation that names it and says what happens: its screens go dark at
// once. A refusal is said in the dialog (an admin key cannot revoke itself: 409 own_key).
import type { AccessKeyInfo } from '../../shared/access.ts';
import { adminApi } from './adminApi.ts';
import { am } from './adminMessages.ts';
import { useAdminStore } from './adminStore.ts';
import { useKeyAction } from './useKeyAction.ts';
import { Dialog } from './Dialog.tsx';

export function RevokeDialog({ target, onClose }: { target: AccessKeyInfo; onClose(): void }) {
  const token = useAdminStore((s) => s.token);
  const { busy, error, run } = useKeyAction(onClose);
  const revoke = () =>
    run(async () => {
      await adminApi.revokeKey(token, target.id);
    });
  return (
    <Dialog
      title={am.revokeTitle}
      tone="danger"
      onEscape={busy ? undefined : onClose}
      testId="revoke-dialog"
      actions={
        <>
          <button type="button" onClick={onClose} disabled={busy}>
            {am.cancel}
          </button>
          <button type="button" className="btn-danger" data-testid="revoke-confirm" aria-busy={busy} disabled={busy} onClick={() => void revoke()}>
            {am.revokeConfirm}
          </button>
        </>
      }
    >
      <p className="revoke-question">{am.revokeWarn(am.roles[target.role], target.label, target.hint)}</p>
      <p className="revoke-effect">{am.revokeEffect}</p>
      {error ? (
        <p className="field-error" role="alert" data-testid="dialog-error">
          {error}
        </p>
      ) : null}
    </Dialog>
  );
}
