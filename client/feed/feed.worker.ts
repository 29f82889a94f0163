/// <reference lib="webworker" />
// A wall screen's feed, off the page's main thread: the Socket.IO connection (its heartbeats are
// answered here whatever the renderer is doing), decoding (inflated transition batches, binary
// position frames) and the live buffers. The page gets one update at a time (feedMessages.ts) and
// acknowledges it; whatever arrives meanwhile is merged into the next. The feed's state — live,
// stale, lost — is judged here, on data actually received.
import { io, type Socket } from 'socket.io-client';
import type { ScreenClientToServer, ScreenServerToClient } from '../../shared/socketEvents.ts';
import { decodeTransitions } from '../../shared/transitionCodec.ts';
import { handshakeRefusal } from '../../shared/refusal.ts';
import type { TickerLine } from '../../shared/protocol.ts';
import { createFeedBuffers } from './feedBuffers.ts';
import type { FeedOp, FeedState, FeedStatus, FeedUpdate, PageToFeed } from './feedMessages.ts';

declare const self: DedicatedWorkerGlobalScope;

/** KPIs arrive every second (the feed's heartbeat): this much silence on an open socket means the feed is stuck. */
export const STALE_AFTER_MS = 5000;
/** Updates are gathered this long before going to the page (a position frame and its heat tick arrive together). */
const GATHER_MS = 16;

const buffers = createFeedBuffers();
let ops: FeedOp[] = [];
/** An update is with the page, not yet acknowledged. */
let inFlight = false;
let timer: ReturnType<typeof setTimeout> | null = null;
let socket: Socket<ScreenServerToClient, ScreenClientToServer> | null = null;

// the connection, judged here
let connected = false;
let everConnected = false;
let lostSince: number | null = null;
let lastMessageAt: number | null = null;
let clockOffsetMs = 0;
let error: string | null = null;
let drops = 0;
let shown: { state: FeedState; since: number | null } = { state: 'connecting', since: null };

/** The last transition line this screen has (the resume point), its log's id, and whether the access ended. */
let seq = 0;
let logId: string | undefined;
let ended = false;
/** The region this screen drilled down to, whose KPIs and alerts it asks for (asked again on every connection); null: its scope. */
let view: string | null = null;

function askView(): void {
  socket?.emit('view', { region: view }, (result) => {
    // the page asks only within its scope: a refusal is a fault to see in the console, the panels say what they show
    if (!result.ok) console.warn(`gridwall: view ${view} refused: ${result.message}`);
  });
}

function judge(now: number): { state: FeedState; since: number | null } {
  const server = (local: number | null) => (local === null ? null : local + clockOffsetMs);
  if (!connected && everConnected) return { state: 'lost', since: server(lostSince) };
  if (!connected) return { state: 'connecting', since: null };
  if (lastMessageAt !== null && now - lastMessageAt > STALE_AFTER_MS) return { state: 'stale', since: server(lastMessageAt) };
  return { state: 'live', since: null };
}

function status(): FeedStatus {
  return { ...shown, lastMessageAt, error: connected ? null : error, drops };
}

/** Something changed: send it soon, unless the page still has the last update (then with the next). */
function changed(op?: FeedOp): void {
  if (op) {
    // a newer copy replaces an older one still waiting (KPIs every second while the page is busy)
    const last = ops.at(-1);
    if (last && last.op === op.op && (op.op === 'kpis' || op.op === 'trends' || op.op === 'alerts')) ops[ops.length - 1] = op;
    else ops.push(op);
  }
  if (inFlight || timer) return;
  timer = setTimeout(flush, GATHER_MS);
}

function flush(): void {
  timer = null;
  if (inFlight) return;
  const taken = buffers.take();
  const update: FeedUpdate = {
    type: 'update',
    ops,
    ...(taken.heat && { heat: taken.heat }),
    ...(taken.positions && { positions: taken.positions }),
    ...(taken.workerStates && { workerStates: taken.workerStates }),
    workerCount: buffers.count(),
    feed: status(),
  };
  ops = [];
  inFlight = true;
  self.postMessage(update, taken.transfer);
}

function touch(): void {
  lastMessageAt = Date.now();
  const now = judge(lastMessageAt);
  if (now.state !== shown.state) shown = now;
}

/** Re-judged every second (a feed goes stale by silence, with nothing arriving to say so). */
setInterval(() => {
  const now = judge(Date.now());
  if (now.state !== shown.state || now.since !== shown.since) {
    shown = now;
    changed();
  }
}, 1000);

function connectionChanged(isConnected: boolean): void {
  const at = Date.now();
  if (connected && !isConnected) drops += 1;
  connected = isConnected;
  everConnected ||= isConnected;
  lostSince = isConnected ? null : (lostSince ?? at);
  if (isConnected) {
    lastMessageAt = at;
    error = null;
  }
  shown = judge(at);
  changed();
}

function start(message: Extract<PageToFeed, { type: 'start' }>): void {
  const { handshake, geo } = message;
  // every (re)connection says what this screen last saw, so the server sends only what it missed
  const auth = (cb: (data: object) => void) => cb({ ...handshake, ...(logId && { lastSeq: seq, logId }) });
  const s: Socket<ScreenServerToClient, ScreenClientToServer> = io(message.origin, { auth, transports: ['websocket'], reconnectionDelayMax: 5000 });
  socket = s;

  s.on('connect', () => {
    connectionChanged(true);
    if (view !== null) askView();
    const sentAt = Date.now();
    s.emit('clock', (serverTime) => {
      const receivedAt = Date.now();
      clockOffsetMs = serverTime - (sentAt + receivedAt) / 2;
      changed({ op: 'clockOffset', ms: clockOffsetMs });
    });
  });
  // the key of this screen was revoked or expired: the picture goes and stays gone
  s.on('accessEnded', (why) => {
    ended = true;
    changed({ op: 'accessEnded', why });
  });
  s.on('disconnect', (reason) => {
    connectionChanged(false);
    // closed by the server without a word (a restart that dropped the key, say): ask again, so a refusal says why
    if (reason === 'io server disconnect' && !ended) setTimeout(() => s.connect(), 2000);
  });
  s.on('connect_error', (err) => {
    error = err.message;
    connectionChanged(false);
    const refusal = handshakeRefusal(err);
    if (refusal && refusal.code !== 'rate_limited' && !ended) changed({ op: 'refused', refusal });
    // A refusal by the server's middleware is not retried by Socket.IO; keep trying slowly (a token
    // given back by the environment, a server fixed), not so often that an address gets locked out.
    if (!s.active) setTimeout(() => s.connect(), refusal ? 30_000 : 10_000);
  });

  s.on('wallState', (state) => changed({ op: 'wallState', state }));
  s.on('rehearsal', (rehearsal) => changed({ op: 'rehearsal', rehearsal }));
  s.on('snapshot', (snap) => {
    if (snap.geoVersion !== geo.version) {
      changed({ op: 'reload', geoVersion: snap.geoVersion });
      return;
    }
    logId = snap.logId;
    buffers.resetHeat(geo.gridCount, snap.heat);
    buffers.setWorkerCount(snap.workerIds.length);
    buffers.applyPositionFrame(snap.positions);
    buffers.resetWorkerStates(snap.workerStates);
    const resumed = snap.resumedFrom !== null;
    // A snapshot's ticker may hold lines folded but not yet published (after scopeSeq): they come
    // again in the next batch, so the resume point is the newest line held, and a resumed ticker's
    // lines already here are dropped: every line once.
    const ticker = resumed ? snap.ticker.filter((l) => l.seq > seq) : snap.ticker;
    seq = Math.max(resumed ? seq : 0, snap.scopeSeq, ticker.at(-1)?.seq ?? 0);
    if (!resumed) ops = ops.filter((o) => o.op !== 'lines'); // lines not yet shown belong to the picture this snapshot replaces
    touch();
    changed({
      op: 'snapshot',
      resumed,
      seq,
      kpis: snap.kpis,
      ticker,
      playbackAt: snap.playbackAt,
      trends: snap.trends,
      alerts: snap.alerts,
      rehearsal: snap.rehearsal ?? null,
    });
  });
  s.on('transitions', (encoded) => {
    const batch = decodeTransitions(encoded);
    if (batch.prev > seq) {
      // a gap: something was not received; reconnect and resume after the last line seen (a batch
      // from before the newest line held, after a snapshot that had its lines, is no gap)
      s.disconnect().connect();
      return;
    }
    const fresh: TickerLine[] = batch.lines.filter((l) => l.seq > seq); // a line already seen is never shown twice
    touch();
    if (!fresh.length) return changed();
    seq = fresh.at(-1)!.seq;
    changed({ op: 'lines', lines: fresh });
  });
  s.on('heat', (delta) => {
    buffers.applyHeat(delta.changes);
    touch();
    changed();
  });
  s.on('kpis', (kpis) => {
    touch();
    changed({ op: 'kpis', kpis });
  });
  s.on('roster', (delta) => {
    buffers.setWorkerCount(delta.from + delta.ids.length);
    touch();
    changed();
  });
  s.on('positions', (frame) => {
    buffers.applyPositionFrame(frame);
    touch();
    changed();
  });
  s.on('workerStates', (changes) => {
    buffers.applyWorkerStates(changes);
    touch();
    changed();
  });
  s.on('trends', (trends) => {
    touch();
    changed({ op: 'trends', trends });
  });
  s.on('alerts', (alerts) => {
    touch();
    changed({ op: 'alerts', alerts });
  });
}

self.onmessage = (e: MessageEvent<PageToFeed>) => {
  const message = e.data;
  switch (message.type) {
    case 'start':
      if (!socket) start(message);
      return;
    case 'ack':
      inFlight = false;
      if (ops.length || buffers.dirty()) changed();
      return;
    case 'command':
      socket?.emit('command', message.command, (result) => changed({ op: 'commandResult', id: message.id, result }));
      return;
    case 'view':
      if (message.region === view) return;
      view = message.region;
      if (socket?.connected) askView();
      return;
    case 'stop':
      socket?.disconnect();
      self.close();
  }
};
