// Socket.IO helpers for hostile clients: a handshake with any `auth` (answered by connect_error,
// a closed connection, or — a failure for invalid input — a connection), and a connected socket's
// acknowledged emit with a timeout (no answer at all is an outcome too).
import { io, type Socket } from 'socket.io-client';
import { refusalError } from '../../support/socketRefusal.ts';

export type HandshakeOutcome = { kind: 'refused'; message: string } | { kind: 'closed'; why: string } | { kind: 'connected' } | { kind: 'timeout' };

export function handshake(url: string, nsp: string, auth: unknown, timeoutMs = 5000): Promise<HandshakeOutcome> {
  const socket = io(`${url}${nsp}`, {
    auth: auth as Record<string, unknown>,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: timeoutMs,
  });
  return new Promise<HandshakeOutcome>((resolve) => {
    const timer = setTimeout(() => done({ kind: 'timeout' }), timeoutMs);
    let settled = false;
    const done = (o: HandshakeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.io.removeAllListeners();
      socket.disconnect();
      resolve(o);
    };
    socket.on('connect', () => done({ kind: 'connected' }));
    socket.on('connect_error', (err) => done({ kind: 'refused', message: refusalError(err).message }));
    // the client closes its connection just before it emits connect_error: give that a turn first
    socket.io.on('close', (why) => setTimeout(() => done({ kind: 'closed', why: String(why) }), 20));
  });
}

/** Opens a socket (resolves once connected; rejects with the refusal). */
export function open(url: string, nsp: string, auth: Record<string, unknown>): Promise<Socket> {
  const socket = io(`${url}${nsp}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(refusalError(err)));
  });
}

export type AckOutcome = { kind: 'answered'; args: unknown[] } | { kind: 'no_answer' } | { kind: 'disconnected' };

/** Emits `event` with `args` and an ack; waits for the answer, a disconnect or the timeout. */
export function emitAck(socket: Socket, event: string, args: unknown[], timeoutMs = 2000): Promise<AckOutcome> {
  return new Promise((resolve) => {
    if (!socket.connected) return resolve({ kind: 'disconnected' });
    const onDisconnect = () => finish({ kind: 'disconnected' });
    const timer = setTimeout(() => finish({ kind: 'no_answer' }), timeoutMs);
    const finish = (o: AckOutcome) => {
      clearTimeout(timer);
      socket.off('disconnect', onDisconnect);
      resolve(o);
    };
    socket.once('disconnect', onDisconnect);
    socket.emit(event, ...args, (...answer: unknown[]) => finish({ kind: 'answered', args: answer }));
  });
}

/** The refusal code of a connect_error message ("bad_handshake: …" -> "bad_handshake"). */
export const refusalKind = (message: string) => message.split(':')[0]!.trim();
