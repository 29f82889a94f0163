// Keyboard shortcuts for a laptop (or a tablet's keyboard), through the same send() as the buttons:
// ← → step through the scenes, Space pauses or resumes a playback, Esc goes back to live.
import { useEffect } from 'react';
import { send } from './consoleCommands.ts';
import { useConsoleStore } from './consoleStore.ts';

export function useConsoleKeys() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.repeat) return;
      const target = e.target as HTMLElement | null;
      // typing in a field (or moving a slider, or pressing a focused button) is not a shortcut
      if (target?.closest('input, textarea, select, [contenteditable]')) return;
      if (e.key === ' ' && target?.closest('button')) return;
      const playback = useConsoleStore.getState().state?.playback ?? null;
      if (e.key === 'ArrowRight') void send({ type: 'sceneStep', step: 1 });
      else if (e.key === 'ArrowLeft') void send({ type: 'sceneStep', step: -1 });
      else if (e.key === 'Escape' && playback) void send({ type: 'live' });
      else if (e.key === ' ' && playback) void send({ type: playback.paused ? 'resume' : 'pause' });
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
