// The page's side of a wall screen's feed: starts the feed worker (feed.worker.ts), which owns the
// socket, and applies its updates — the live buffers taken over as they come, the rest written into
// the store — then asks for the next. Components never see the socket or the worker.
import type { ScreenHandshake } from '../../shared/protocol.ts';
import type { CommandResult, WallCommand } from '../../shared/wallControl.ts';
import { accessRefusal } from '../i18n/accessRefusal.ts';
import { t } from '../i18n/messages.ts';
import { liveBuffers } from '../store/liveBuffers.ts';
import { useWallStore } from '../store/wallStore.ts';
import type { FeedOp, FeedUpdate, PageToFeed } from './feedMessages.ts';

/** Arrow keys step through the wall's scenes, Esc goes back to live (walls whose layout allows it). */
const KEYS: Record<string, WallCommand> = {
  ArrowRight: { type: 'sceneStep', step: 1 },
  ArrowDown: { type: 'sceneStep', step: 1 },
  PageDown: { type: 'sceneStep', step: 1 },
  ArrowLeft: { type: 'sceneStep', step: -1 },
  ArrowUp: { type: 'sceneStep', step: -1 },
  PageUp: { type: 'sceneStep', step: -1 },
  Escape: { type: 'live' },
};

/** The window event fired after each update is applied. */
export const FEED_APPLIED = 'gridwall:feed';
export interface FeedApplied {
  /** The ticker lines this update carried (a resumed snapshot's missed lines included), by log position. */
  seqs: number[];
  feed: FeedUpdate['feed'];
}
const lineSeqs = (ops: FeedOp[]) => ops.flatMap((o) => (o.op === 'lines' ? o.lines : o.op === 'snapshot' && o.resumed ? o.ticker : []).map((l) => l.seq));

export interface WallFeed {
  /** Sends a command as this screen (keyboard walls only); resolves with the server's answer. */
  command(command: WallCommand): Promise<CommandResult>;
  /** Asks for the KPIs and alerts of a district or street inside the screen's scope (a drill-down); null: its scope again. */
  view(region: string | null): void;
  dispose(): void;
}

export function connectWall(handshake: ScreenHandshake, geo: { version: string; gridCount: number }, options: { keyboard?: boolean } = {}): WallFeed {
  const store = () => useWallStore.getState();
  const worker = new Worker(new URL('./feed.worker.ts', import.meta.url), { type: 'module', name: 'gridwall-feed' });
  const post = (message: PageToFeed) => worker.postMessage(message);
  const answers = new Map<number, (result: CommandResult) => void>();
  let nextCommand = 1;
  let accessEnded = false;

  // A new wall state starts at its effectiveAt on every screen: wait for that instant on the server's clock.
  const pending = new Set<ReturnType<typeof setTimeout>>();
  const wallState = (state: Extract<FeedOp, { op: 'wallState' }>['state']) => {
    const wait = state.effectiveAt - (Date.now() + store().clockOffsetMs);
    if (wait <= 0) return store().wallStateStarted(state);
    const timer = setTimeout(() => {
      pending.delete(timer);
      store().wallStateStarted(state);
    }, wait);
    pending.add(timer);
  };

  function apply(op: FeedOp): void {
    switch (op.op) {
      case 'snapshot':
        store().setPlaybackAt(op.playbackAt);
        store().setRehearsal(op.rehearsal);
        store().trendsUpdated(op.trends);
        store().alertsUpdated(op.alerts);
        if (op.resumed)
          store().resumed(op.seq, op.kpis, op.ticker); // exactly what was missed
        else store().snapshotLoaded(op.seq, op.kpis, op.ticker);
        return;
      case 'lines':
        store().transitions(op.lines);
        return;
      case 'kpis':
        store().kpisUpdated(op.kpis);
        return;
      case 'trends':
        store().trendsUpdated(op.trends);
        return;
      case 'alerts':
        store().alertsUpdated(op.alerts);
        return;
      case 'wallState':
        wallState(op.state);
        return;
      case 'rehearsal':
        store().setRehearsal(op.rehearsal);
        return;
      case 'clockOffset':
        store().setClockOffset(op.ms);
        return;
      case 'accessEnded':
        accessEnded = true;
        store().setAccess({ ended: true, text: `${t.accessEnded[op.why.reason] ?? op.why.message} · ${op.why.message}` });
        return;
      case 'refused': {
        // a refused token or scope: nothing of the wall is shown, and the reason is, in the wall's language
        const text = accessRefusal(op.refusal);
        if (text && !accessEnded) store().setAccess({ ended: false, text });
        return;
      }
      case 'reload':
        store().setError(`geography changed on the server (${op.geoVersion}); reloading`);
        setTimeout(() => location.reload(), 3000);
        return;
      case 'commandResult':
        answers.get(op.id)?.(op.result);
        answers.delete(op.id);
    }
  }

  worker.onmessage = (e: MessageEvent<FeedUpdate>) => {
    const update = e.data;
    if (update.heat) liveBuffers.heat = update.heat;
    if (update.positions) liveBuffers.positions = update.positions;
    if (update.workerStates) liveBuffers.workerStates = update.workerStates;
    liveBuffers.workerCount = update.workerCount;
    const before = store().feed.state;
    store().feedChanged(update.feed);
    // connected again: a refusal shown before no longer holds
    if (update.feed.state !== 'connecting' && update.feed.state !== 'lost' && before !== update.feed.state && !accessEnded) store().setAccess(null);
    for (const op of update.ops) apply(op);
    store().buffersChanged({ heat: update.heat !== undefined, positions: update.positions !== undefined, workerStates: update.workerStates !== undefined });
    post({ type: 'ack' });
    // for diagnostics (and the tests): each update taken, with the log positions of its ticker lines
    window.dispatchEvent(new CustomEvent<FeedApplied>(FEED_APPLIED, { detail: { seqs: lineSeqs(update.ops), feed: update.feed } }));
  };
  worker.onerror = (e) => store().setError(`the feed worker failed: ${e.message}`);
  post({ type: 'start', origin: location.origin, handshake, geo });

  const command = (c: WallCommand) =>
    new Promise<CommandResult>((resolve) => {
      const id = nextCommand++;
      answers.set(id, resolve);
      post({ type: 'command', id, command: c });
    });
  const onKey = (e: KeyboardEvent) => {
    const c = KEYS[e.key];
    if (!c || e.repeat || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    void command(c).then((result) => {
      if (!result.ok) store().setNotice(result.message, Date.now());
    });
  };
  if (options.keyboard) window.addEventListener('keydown', onKey);

  return {
    command,
    view: (region) => post({ type: 'view', region }),
    dispose() {
      window.removeEventListener('keydown', onKey);
      pending.forEach(clearTimeout);
      post({ type: 'stop' });
    },
  };
}
