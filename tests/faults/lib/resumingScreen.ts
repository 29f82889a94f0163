// A wall screen as the browser runs it (client/feed/feed.worker.ts): a real socket.io-client with
// reconnection on, whose every (re)connection says the last transition seq it has and the log it
// came from, that reconnects on a gap in a batch's `prev` chain, and that keeps the heat and KPIs as
// the wall does (a snapshot replaces them, deltas update them). It records what the server delivered
// so a test can prove every transition arrived exactly once, in order, or was covered by a snapshot.
import { refusalError } from '../../support/socketRefusal.ts';
import type { ScreenClientToServer, ScreenServerToClient } from '../../../shared/socketEvents.ts';
import { io, type Socket } from 'socket.io-client';
import type { Kpis, TickerLine, WallSnapshot } from '../../../shared/protocol.ts';
import { decodeTransitions } from '../../../shared/transitionCodec.ts';
import { createWaiters } from '../../support/waiters.ts';

export interface ResumingScreen {
  socket: Socket<ScreenServerToClient, ScreenClientToServer>;
  /** The seq of the last transition of its scope it has (the wall store's `seq`). */
  seq(): number;
  /** Lines the server delivered and the screen took, in arrival order (batches and resumed snapshots). */
  delivered: TickerLine[];
  /** Lines delivered a second time (seq not above what the screen had): must stay 0. */
  duplicates: number;
  /** Every snapshot, in order (the first is the initial one; a later one with resumedFrom null is a fresh state). */
  snapshots: WallSnapshot[];
  /** Batches whose `prev` did not follow on: the screen reconnected to resume. */
  gaps: number;
  /** Connections made (1 + reconnects). */
  connects: number;
  /** The wall's heat by grid index (open, newLastHour, overdue) and its latest KPIs. */
  heat: Map<number, [number, number, number]>;
  kpis: Kpis | null;
  /** KPI messages received (the feed's heartbeat). */
  kpiCount: number;
  /** The last connection error (a refused handshake says why). */
  lastError: string | null;
  until(predicate: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): void;
}

export function connectResumingScreen(url: string, token: string, opts: { scope?: string; wall?: string; screen?: string } = {}): ResumingScreen {
  const handshake = { token, wall: opts.wall ?? 'demo', screen: opts.screen ?? '1-1', ...(opts.scope && { scope: opts.scope }) };
  let seq = 0;
  let logId: string | undefined;
  // as the browser: the last seq only once a snapshot said which log it belongs to
  const auth = (cb: (data: object) => void) => cb({ ...handshake, ...(logId && { lastSeq: seq, logId }) });
  const socket: Socket<ScreenServerToClient, ScreenClientToServer> = io(url, {
    auth,
    transports: ['websocket'],
    forceNew: true,
    reconnection: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 400,
    randomizationFactor: 0,
  });
  const waits = createWaiters(
    (what, ms) =>
      new Error(
        `screen did not see ${what} within ${ms} ms (seq ${seq}, ${screen.delivered.length} lines, ${screen.snapshots.length} snapshots, ${screen.gaps} gaps, last error ${screen.lastError})`,
      ),
    undefined,
    20_000,
  );
  const notify = waits.notify;
  const screen: ResumingScreen = {
    socket,
    seq: () => seq,
    delivered: [],
    duplicates: 0,
    snapshots: [],
    gaps: 0,
    connects: 0,
    heat: new Map(),
    kpis: null,
    kpiCount: 0,
    lastError: null,
    until: (predicate, what, timeoutMs) => waits.until(predicate, what, timeoutMs),
    close: () => {
      socket.io.opts.reconnection = false;
      socket.disconnect();
    },
  };
  const take = (lines: TickerLine[]) => {
    for (const line of lines) {
      if (line.seq <= seq) {
        screen.duplicates += 1;
        continue;
      }
      screen.delivered.push(line);
      seq = line.seq;
    }
  };
  socket.on('connect', () => {
    screen.connects += 1;
    notify();
  });
  // a refusal by the server's middleware is not retried by Socket.IO: try again, as the browser does
  socket.on('connect_error', (err) => {
    screen.lastError = refusalError(err).message;
    if (!socket.active) setTimeout(() => socket.connect(), 300);
  });
  socket.on('snapshot', (s) => {
    screen.snapshots.push(s);
    logId = s.logId;
    screen.heat = new Map(s.heat.map(([i, ...v]) => [i, v]));
    screen.kpis = s.kpis;
    if (s.resumedFrom !== null) {
      take(s.ticker); // exactly what was missed
      seq = Math.max(seq, s.scopeSeq);
    } else seq = s.scopeSeq; // a fresh state: covers everything up to scopeSeq
    notify();
  });
  socket.on('transitions', (message) => {
    const batch = decodeTransitions(message);
    if (batch.prev !== seq && batch.prev > 0) {
      screen.gaps += 1;
      socket.disconnect().connect(); // resume after the last line seen
      return;
    }
    take(batch.lines);
    notify();
  });
  socket.on('heat', (delta) => {
    for (const [i, ...v] of delta.changes) screen.heat.set(i, v);
    notify();
  });
  socket.on('kpis', (kpis) => {
    screen.kpis = kpis;
    screen.kpiCount += 1;
    notify();
  });
  return screen;
}
