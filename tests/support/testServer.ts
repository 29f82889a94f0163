// A real Gridwall server on a random port with a temp data folder (simulator off), and real
// socket.io-client screens that record everything they receive.
import type { ConsoleClientToServer, ConsoleServerToClient, ScreenClientToServer, ScreenServerToClient } from '../../shared/socketEvents.ts';
import { io, type Socket } from 'socket.io-client';
import { refusalError } from './socketRefusal.ts';
import { createWaiters } from './waiters.ts';
import { startGridwall, type GridwallOptions, type RunningGridwall } from '../../server/app.ts';
import { newToken } from '../../server/auth/accessKeys.ts';
import { loadConfig } from '../../server/config/config.ts';
import type { Stores } from '../../server/store/stores.ts';
import { decodeTransitions } from '../../shared/transitionCodec.ts';
import { dropStore, newStoreLocation, openStoreAt, type Engine, type StoreLocation } from './engines.ts';
import { CONSOLE_NAMESPACE, type CommandLogEntry, type CommandResult, type ScreenPresence, type WallState } from '../../shared/wallControl.ts';
import type { AlertList, HeatDelta, Kpis, RosterDelta, TickerLine, Trends, WallSnapshot, WorkerStateChanges } from '../../shared/protocol.ts';
import type { ActiveRehearsal, RehearsalBoard, RehearsalResult } from '../../shared/rehearsal.ts';

/** The server's keys in plain text: the test gives them (as the environment would), so they survive a restart. */
export interface TestSecrets {
  ingestKey: string;
  screenToken: string;
  presenterToken: string;
  adminToken: string;
}

export interface TestServer extends RunningGridwall {
  secrets: TestSecrets;
  dataDir: string;
  location: StoreLocation;
  /** Opens the server's store again, independently (close it after use). */
  openStore(): Promise<Stores>;
  /** Stops the server and deletes its PostgreSQL schema, if any. */
  dispose(): Promise<void>;
  post(path: string, body: unknown, key?: string | null): Promise<{ status: number; body: any }>;
  postRaw(path: string, raw: string, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** Any method, with a bearer token (or none) and a JSON body (or none); the body answered, parsed. */
  request(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; headers: Headers; body: any }>;
}

export async function startTestServer(
  opts: {
    engine?: Engine;
    location?: StoreLocation;
    env?: Record<string, string>;
    pushTicks?: GridwallOptions['pushTicks'];
    secrets?: TestSecrets;
    /** The rehearsals' clock (a test moves it on to see a rehearsal run out). */
    rehearsalClock?: GridwallOptions['rehearsalClock'];
  } = {},
): Promise<TestServer> {
  const location = opts.location ?? newStoreLocation(opts.engine ?? 'sqlite');
  const dataDir = location.dataDir;
  const secrets: TestSecrets = opts.secrets ?? {
    ingestKey: newToken('ingest'),
    screenToken: newToken('screen'),
    presenterToken: newToken('presenter'),
    adminToken: newToken('admin'),
  };
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SIMULATOR: 'off',
    GRIDWALL_INGEST_KEY: secrets.ingestKey,
    GRIDWALL_SCREEN_TOKEN: secrets.screenToken,
    GRIDWALL_PRESENTER_TOKEN: secrets.presenterToken,
    GRIDWALL_ADMIN_TOKEN: secrets.adminToken,
    // traffic limits are the subject of their own tests (tests/integration/access*.test.ts), not of every test
    RATE_LIMIT_INGEST: '0',
    RATE_LIMIT_READ: '0',
    RATE_LIMIT_ADMIN: '0',
    RATE_LIMIT_SOCKET: '0',
    // a test's unrated case is closed by default as soon as its window has passed
    CASE_WATCH_QUIET_S: '0',
    ...location.env,
    ...opts.env,
  });
  const gw = await startGridwall(config, { pushTicks: opts.pushTicks, rehearsalClock: opts.rehearsalClock });
  const postRaw = async (path: string, raw: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${gw.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return {
    ...gw,
    secrets,
    dataDir,
    location,
    openStore: () => openStoreAt(location),
    async dispose() {
      await gw.stop();
      await dropStore(location);
    },
    postRaw,
    async request(method, path, token, body) {
      const res = await fetch(`${gw.url}${path}`, {
        method,
        headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
    },
    post: (path, body, key = secrets.ingestKey) => postRaw(path, JSON.stringify(body), key ? { authorization: `Bearer ${key}` } : {}),
  };
}

export interface Screen {
  socket: Socket<ScreenServerToClient, ScreenClientToServer>;
  snapshots: WallSnapshot[];
  /** Every transition line received, in order (batches flattened). */
  lines: TickerLine[];
  /** Each transitions batch's `prev` and number of lines, in order. */
  batches: { prev: number; count: number }[];
  heat: HeatDelta[];
  kpis: Kpis[];
  rosters: RosterDelta[];
  frames: ArrayBuffer[];
  workerStates: WorkerStateChanges[];
  trends: Trends[];
  alerts: AlertList[];
  /** The wall's presenter-held states, as they arrived. */
  wallStates: WallState[];
  /** The rehearsal messages (演练; null: none runs), as they arrived (a snapshot's is in the snapshot). */
  rehearsals: (ActiveRehearsal | null)[];
  /** Resolves when `predicate` holds, checking after every message. */
  until(predicate: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** Resolves when `count()` reaches `target`, for as long as it keeps growing (fails after `stallMs` without growth). */
  untilReached(count: () => number, target: number, what: string, stallMs?: number): Promise<void>;
  close(): void;
}

export function connectScreen(
  server: { url: string; secrets: { screenToken: string } },
  opts: string | { token?: string; scope?: string; lastSeq?: number; logId?: string; wall?: string; screen?: string } = {},
): Screen {
  const {
    token = server.secrets.screenToken,
    scope,
    lastSeq,
    logId,
    wall = 'demo',
    screen: screenId = '1-1',
  } = typeof opts === 'string' ? { token: opts } : opts;
  const socket: Socket<ScreenServerToClient, ScreenClientToServer> = io(server.url, {
    auth: { token, wall, screen: screenId, ...(scope && { scope }), ...(lastSeq !== undefined && { lastSeq }), ...(logId && { logId }) },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  // a refused handshake fails every wait with the server's reason
  let refused: Error | null = null;
  const { until, untilReached, notify } = createWaiters(
    (what, ms) => new Error(`screen did not see ${what} within ${ms} ms`),
    () => refused,
  );
  const screen: Screen = {
    socket,
    snapshots: [],
    lines: [],
    batches: [],
    heat: [],
    kpis: [],
    rosters: [],
    frames: [],
    workerStates: [],
    trends: [],
    alerts: [],
    wallStates: [],
    rehearsals: [],
    until,
    untilReached,
    close: () => socket.disconnect(),
  };
  const record =
    <T>(list: T[]) =>
    (item: T) => {
      list.push(item);
      notify();
    };
  socket.on('snapshot', record(screen.snapshots));
  socket.on('transitions', (message) => {
    const batch = decodeTransitions(message);
    screen.batches.push({ prev: batch.prev, count: batch.lines.length });
    screen.lines.push(...batch.lines);
    notify();
  });
  socket.on('heat', record(screen.heat));
  socket.on('kpis', record(screen.kpis));
  socket.on('roster', record(screen.rosters));
  socket.on('positions', record(screen.frames));
  socket.on('workerStates', record(screen.workerStates));
  socket.on('trends', record(screen.trends));
  socket.on('alerts', record(screen.alerts));
  socket.on('wallState', record(screen.wallStates));
  socket.on('rehearsal', record(screen.rehearsals));
  socket.on('connect_error', (err) => {
    refused = refusalError(err);
    notify();
  });
  return screen;
}

export interface PresenterConsole {
  socket: Socket<ConsoleServerToClient, ConsoleClientToServer>;
  states: WallState[];
  log: CommandLogEntry[];
  screens: ScreenPresence[][];
  /** The scenarios and the rehearsal running, as they arrived. */
  boards: RehearsalBoard[];
  send(command: unknown): Promise<CommandResult>;
  /** Starts or stops a rehearsal over the console's socket. */
  rehearse(command: unknown): Promise<RehearsalResult>;
  /** Resolves when `predicate` holds, checking after every message; rejects with the handshake's refusal. */
  until(predicate: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** A real socket.io-client on the console namespace, recording what it receives. */
export function connectConsole(
  server: { url: string; secrets: { presenterToken: string } },
  opts: { token?: string; wall?: string; name?: string } = {},
): PresenterConsole {
  const { token = server.secrets.presenterToken, wall = 'hall-3x2', name = '测试主持人' } = opts;
  const socket: Socket<ConsoleServerToClient, ConsoleClientToServer> = io(`${server.url}${CONSOLE_NAMESPACE}`, {
    auth: { token, wall, name },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  let refused: Error | null = null;
  const { until, notify } = createWaiters(
    (what, ms) => new Error(`console did not see ${what} within ${ms} ms`),
    () => refused,
  );
  const c: PresenterConsole = {
    socket,
    states: [],
    log: [],
    screens: [],
    boards: [],
    send: (command) => socket.timeout(30_000).emitWithAck('command', command as never),
    rehearse: (command) => socket.timeout(30_000).emitWithAck('rehearse', command),
    until,
    close: () => socket.disconnect(),
  };
  socket.on('wallState', (s) => {
    c.states.push(s);
    notify();
  });
  socket.on('commandLog', (entries) => {
    c.log.push(...entries);
    notify();
  });
  socket.on('screens', (s) => {
    c.screens.push(s);
    notify();
  });
  socket.on('rehearsal', (b) => {
    c.boards.push(b);
    notify();
  });
  socket.on('connect_error', (err) => {
    refused = refusalError(err);
    notify();
  });
  return c;
}
