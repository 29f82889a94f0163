// The answer to the latest command, under the header: a refusal in red with the server's message
// (it stays a while: the presenter may be talking), a short "done" in green.
import { useEffect } from 'react';
import { ct } from './consoleMessages.ts';
import { useConsoleStore } from './consoleStore.ts';

const SHOWN_MS = { ok: 3000, refused: 12_000 };

export function CommandNotice() {
  const notice = useConsoleStore((s) => s.notice);
  const dismiss = useConsoleStore((s) => s.dismissNotice);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(
      () => {
        if (useConsoleStore.getState().notice?.id === notice.id) dismiss();
      },
      notice.ok ? SHOWN_MS.ok : SHOWN_MS.refused,
    );
    return () => clearTimeout(timer);
  }, [notice, dismiss]);
  if (!notice) return null;
  return (
    <div
      className={`command-notice ${notice.ok ? 'notice-ok' : 'notice-refused'}`}
      data-testid="command-notice"
      data-ok={notice.ok}
      role={notice.ok ? 'status' : 'alert'}
    >
      {notice.ok ? null : <b>{ct.refusedTitle}</b>}
      <span className="notice-text">{notice.text}</span>
      <button type="button" className="btn-small notice-close" aria-label={ct.dismiss} onClick={dismiss}>
        ✕
      </button>
    </div>
  );
}
