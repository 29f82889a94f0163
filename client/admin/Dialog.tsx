// A modal dialog over the admin page: a dimmed backdrop, a titled box, its body and its buttons.
// Esc closes it when it may be closed that way (the one-time token's dialog closes only on its button).
import { useEffect, useId, useRef, type ReactNode } from 'react';

export function Dialog({
  title,
  tone = 'normal',
  wide = false,
  onEscape,
  children,
  actions,
  testId,
}: {
  title: string;
  tone?: 'normal' | 'danger';
  wide?: boolean;
  onEscape?: () => void;
  children: ReactNode;
  actions: ReactNode;
  testId?: string;
}) {
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // the field marked for it, else the first field or button takes the focus, so the keyboard works at once
    (box.current?.querySelector<HTMLElement>('[data-autofocus]') ?? box.current?.querySelector<HTMLElement>('input, select, textarea, button'))?.focus();
  }, []);
  useEffect(() => {
    if (!onEscape) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onEscape();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onEscape]);
  return (
    <div className="admin-backdrop">
      <div
        ref={box}
        className={`admin-dialog dialog-${tone}${wide ? ' dialog-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={testId}
      >
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <div className="dialog-body">{children}</div>
        <div className="dialog-actions">{actions}</div>
      </div>
    </div>
  );
}
