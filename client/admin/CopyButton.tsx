// Copies a text to the clipboard: the Clipboard API where the page is a secure context (localhost,
// https), else the selection of a hidden field (a hall's http:// address); says whether it worked.
import { useState } from 'react';
import { am } from './adminMessages.ts';

function copyBySelection(text: string): boolean {
  const field = document.createElement('textarea');
  field.value = text;
  field.setAttribute('readonly', '');
  field.style.position = 'fixed';
  field.style.opacity = '0';
  document.body.appendChild(field);
  field.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  field.remove();
  return ok;
}

async function copyText(text: string): Promise<boolean> {
  if (window.isSecureContext && navigator.clipboard) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // denied (no user gesture, a policy): fall back to the selection
    }
  }
  return copyBySelection(text);
}

export function CopyButton({ text, testId }: { text: string; testId?: string }) {
  const [result, setResult] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      className={`btn-copy copy-${result}`}
      data-testid={testId}
      title={result === 'failed' ? am.copyFailed : undefined}
      onClick={() => void copyText(text).then((ok) => setResult(ok ? 'copied' : 'failed'))}
    >
      {result === 'copied' ? `✓ ${am.copied}` : result === 'failed' ? am.copyFailed : am.copy}
    </button>
  );
}
