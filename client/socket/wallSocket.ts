// The one place that talks to the server: a typed Socket.IO client that writes what arrives into
// the store and the live buffers. Components never touch the socket.
import type { ScreenClientToServer, ScreenServerToClient } from '../../shared/socketEvents.ts';
import { io, type Socket } from 'socket.io-client';
import type { ScreenHandshake } from '../../shared/protocol.ts';
import type { WallCommand } from '../../shared/wallControl.ts';
import { decodeTransitions } from '../../shared/transitionCodec.ts';
import { applyHeat, applyPositionFrame, applyWorkerStates, resetHeat, resetWorkerStates, setWorkerCount } from '../store/liveBuffers.ts';
import { useWallStore } from '../store/wallStore.ts';
import { t } from '../i18n/messages.ts';
import { handshakeRefusal } from '../../shared/refusal.ts';
import { accessRefusal } from '../i18n/accessRefusal.ts';

export type WallSocket = Socket<ScreenServerToClient, ScreenClientToServer>;

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

export function connectWall(
  handshake: ScreenHandshake,
  geo: { version: string; gridCount: number },
  options: { keyboard?: boolean } = {},
): WallSocket & { dispose(): void } {
  const store = () => useWallStore.getState();
  // every (re)connection says what this screen last saw, so the server sends only what it missed
  let logId: string | undefined;
  const auth = (cb: (data: object) => void) => cb({ ...handshake, ...(logId && { lastSeq: store().seq, logId }) });
  const socket: WallSocket = io({ auth, transports: ['websocket'], reconnectionDelayMax: 5000 });
  const touch = () => store().touch(Date.now());

  socket.on('connect', () => {
    store().setConnected(true, Date.now());
    const sentAt = Date.now();
    socket.emit('clock', (serverTime) => {
      const receivedAt = Date.now();
      store().setClockOffset(serverTime - (sentAt + receivedAt) / 2);
    });
  });
  // the key of this screen was revoked or expired: the picture goes (it is no longer this screen's to show) and stays gone
  let ended = false;
  socket.on('accessEnded', (why) => {
    ended = true;
    store().setAccess({ ended: true, text: `${t.accessEnded[why.reason] ?? why.message} · ${why.message}` });
  });
  socket.on('disconnect', (reason) => {
    store().setConnected(false, Date.now());
    // closed by the server without a word (a restart that dropped the key, say): ask again, so a refusal says why
    if (reason === 'io server disconnect' && !ended) setTimeout(() => socket.connect(), 2000);
  });
  socket.on('connect_error', (err) => {
    store().setConnected(false, Date.now());
    store().setError(err.message);
    // a refused token or scope: nothing of the wall is shown, and the reason is, in the wall's language
    const refusal = handshakeRefusal(err);
    const text = accessRefusal(refusal);
    if (text && refusal!.code !== 'rate_limited' && !ended) store().setAccess({ ended: false, text });
    // A refusal by the server's middleware is not retried by Socket.IO; keep trying slowly (a token
    // given back by the environment, a server fixed), not so often that an address gets locked out.
    if (!socket.active) setTimeout(() => socket.connect(), text ? 30_000 : 10_000);
  });

  // A new wall state starts at its effectiveAt on every screen: wait for that instant on the server's clock.
  const pending = new Set<ReturnType<typeof setTimeout>>();
  socket.on('wallState', (state) => {
    const wait = state.effectiveAt - (Date.now() + store().clockOffsetMs);
    if (wait <= 0) return store().wallStateStarted(state);
    const timer = setTimeout(() => {
      pending.delete(timer);
      store().wallStateStarted(state);
    }, wait);
    pending.add(timer);
  });

  const onKey = (e: KeyboardEvent) => {
    const command = KEYS[e.key];
    if (!command || e.repeat || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    socket.emit('command', command, (result) => {
      if (!result.ok) store().setNotice(result.message, Date.now());
    });
  };
  if (options.keyboard) window.addEventListener('keydown', onKey);

  socket.on('snapshot', (s) => {
    if (s.geoVersion !== geo.version) {
      store().setError(`geography changed on the server (${s.geoVersion}); reloading`);
      setTimeout(() => location.reload(), 3000);
      return;
    }
    logId = s.logId;
    store().setPlaybackAt(s.playbackAt);
    resetHeat(geo.gridCount, s.heat);
    setWorkerCount(s.workerIds.length);
    applyPositionFrame(s.positions);
    resetWorkerStates(s.workerStates);
    store().trendsUpdated(s.trends);
    store().alertsUpdated(s.alerts);
    if (s.resumedFrom !== null)
      store().resumed(s.scopeSeq, s.kpis, s.ticker); // exactly what was missed
    else store().snapshotLoaded(s.scopeSeq, s.kpis, s.ticker);
    touch();
  });
  socket.on('transitions', (message) => {
    const batch = decodeTransitions(message);
    if (batch.prev !== store().seq && batch.prev > 0) {
      // a gap: something was not received; reconnect and resume after the last line seen
      socket.disconnect().connect();
      return;
    }
    store().transitions(batch.lines);
    touch();
  });
  socket.on('heat', (delta) => {
    applyHeat(delta.changes);
    store().heatChanged();
    touch();
  });
  socket.on('kpis', (kpis) => {
    store().kpisUpdated(kpis);
    touch();
  });
  socket.on('roster', (delta) => {
    setWorkerCount(delta.from + delta.ids.length);
    touch();
  });
  socket.on('positions', (frame) => {
    applyPositionFrame(frame);
    store().positionsChanged();
    touch();
  });
  socket.on('workerStates', (changes) => {
    applyWorkerStates(changes);
    store().workerStatesChanged();
    touch();
  });
  socket.on('trends', (trends) => {
    store().trendsUpdated(trends);
    touch();
  });
  socket.on('alerts', (alerts) => {
    store().alertsUpdated(alerts);
    touch();
  });
  return Object.assign(socket, {
    dispose() {
      window.removeEventListener('keydown', onKey);
      pending.forEach(clearTimeout);
      socket.disconnect();
    },
  });
}
