// One key action of a dialog (make, rotate, revoke): busy while it runs; done, the dialog closes and
// the keys are read again; refused, the dialog stays open and says why.
import { useState } from 'react';
import { failureText, refreshKeys } from './adminStore.ts';

export function useKeyAction(onClose: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      onClose();
      void refreshKeys();
    } catch (err) {
      setError(failureText(err));
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
