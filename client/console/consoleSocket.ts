// The one place the console talks to the server's /console namespace: a typed Socket.IO client
// that writes what arrives into the console store and carries commands. Components never touch it;
// they call send() (consoleCommands.ts).
import { handshakeRefusal } from '../../shared/refusal.ts';
import type { RehearsalCommand, RehearsalResult } from '../../shared/rehearsal.ts';
import type { ConsoleClientToServer, ConsoleServerToClient } from '../../shared/socketEvents.ts';
import { io, type Socket } from 'socket.io-client';
import { CONSOLE_NAMESPACE, type CommandResult, type ConsoleHandshake, type WallCommand } from '../../shared/wallControl.ts';
import { ct } from './consoleMessages.ts';
import { useConsoleStore } from './consoleStore.ts';

type ConsoleSocket = Socket<ConsoleServerToClient, ConsoleClientToServer>;

/** A playback is answered once the server has prepared it (seconds); anything longer is a dead link. */
const COMMAND_TIMEOUT_MS = 60_000;
/** The clock offset is measured again this often (a tablet's clock drifts, and sleeps). */
const CLOCK_PROBE_MS = 60_000;

let current: ConsoleSocket | null = null;

function measureClock(socket: ConsoleSocket) {
  const sentAt = Date.now();
  socket.timeout(10_000).emit('clock', (err, serverTime) => {
    if (err || typeof serverTime !== 'number') return;
    const receivedAt = Date.now();
    useConsoleStore.getState().setClockOffset(serverTime - (sentAt + receivedAt) / 2);
  });
}

/** Connects to the wall's console channel; returns the way to disconnect. The name is read at every (re)connect. */
export function connectConsole(handshake: Omit<ConsoleHandshake, 'name'>): () => void {
  const store = () => useConsoleStore.getState();
  const auth = (cb: (data: object) => void) => cb({ ...handshake, name: store().presenterName || ct.defaultName } satisfies ConsoleHandshake);
  const socket: ConsoleSocket = io(CONSOLE_NAMESPACE, { auth, transports: ['websocket'], reconnectionDelayMax: 5000 });
  current = socket;
  let retry: ReturnType<typeof setTimeout> | undefined;

  socket.on('connect', () => {
    store().connected();
    measureClock(socket);
  });
  // the presenter key was revoked or expired: the console says so and stops (a new key means a new URL)
  let ended = false;
  socket.on('accessEnded', (why) => {
    ended = true;
    store().refused(`unauthorized: ${why.message}`);
  });
  socket.on('disconnect', (reason) => {
    if (ended) return;
    store().disconnected(Date.now());
    // the server dropped us on purpose without a word: Socket.IO does not retry that
    if (reason === 'io server disconnect') retry = setTimeout(() => socket.connect(), 5000);
  });
  socket.on('connect_error', (err) => {
    if (!socket.active) {
      // refused by the server's middleware (a screen token, an unknown wall): its message says why;
      // try again slowly, so a fixed server is picked up without a reload
      const refusal = handshakeRefusal(err);
      store().refused(refusal ? `${refusal.code}: ${refusal.message}` : err.message);
      retry = setTimeout(() => socket.connect(), 15_000);
    } else store().disconnected(Date.now(), err.message);
  });
  socket.on('wallState', (state) => store().stateReceived(state, 'push'));
  socket.on('commandLog', (entries) => store().logReceived(entries));
  socket.on('screens', (screens) => store().screensReceived(screens));
  socket.on('rehearsal', (board) => store().rehearsalReceived(board));
  const probe = setInterval(() => socket.connected && measureClock(socket), CLOCK_PROBE_MS);

  return () => {
    clearInterval(probe);
    clearTimeout(retry);
    socket.disconnect();
    if (current === socket) current = null;
  };
}

/** Reconnects with the handshake as it is now (the presenter changed the name the log records). */
export function reconnectConsole() {
  current?.disconnect().connect();
}

/** Sends one command and resolves with the server's answer (never rejects). */
export function emitCommand(command: WallCommand): Promise<CommandResult> {
  const socket = current;
  if (!socket?.connected) return Promise.resolve({ ok: false, code: 'offline', message: ct.offline });
  return new Promise((resolve) => {
    socket.timeout(COMMAND_TIMEOUT_MS).emit('command', command, (err, result) => {
      resolve(err || !result ? { ok: false, code: 'timeout', message: ct.timeout } : result);
    });
  });
}

/** Starts or stops a rehearsal and resolves with the server's answer (never rejects). */
export function emitRehearse(command: RehearsalCommand): Promise<RehearsalResult> {
  const socket = current;
  if (!socket?.connected) return Promise.resolve({ ok: false, code: 'offline', message: ct.offline });
  return new Promise((resolve) => {
    socket.timeout(COMMAND_TIMEOUT_MS).emit('rehearse', command, (err, result) => {
      resolve(err || !result ? { ok: false, code: 'timeout', message: ct.timeout } : result);
    });
  });
}
