// The wire protocol between server and wall screens: typed Socket.IO event maps used by both
// sides (types do not replace validation: the server still validates what clients send).
import type { CaseEventType, SourceChannel, Urgency } from './caseEvent.ts';
import type { CaseStatus } from './caseLifecycle.ts';

/** One line of the case-status ticker; personal data already masked by the server. */
export interface TickerLine {
  /** Sequence number of the event in the log: strictly increasing, per-case order preserved. */
  seq: number;
  caseId: string;
  type: CaseEventType;
  status: CaseStatus;
  at: number;
  gridCode: string;
  districtCode: string;
  category: string;
  urgency: Urgency;
  source: SourceChannel;
  summary: string;
}

export interface Kpis {
  /** Shanghai calendar day the "today" figures belong to. */
  day: string;
  reportedToday: number;
  closedToday: number;
  /** Share of today's reported cases already closed; null before the first report of the day. */
  closureRate: number | null;
  overdueNow: number;
  openCases: number;
  workersOnline: number;
}

/** A sparse list of [grid index, open cases]; each entry replaces that grid's previous value. */
export type HeatEntries = [gridIndex: number, openCases: number][];

export interface WallSnapshot {
  /** Sequence number of the last case event folded into this snapshot. */
  seq: number;
  serverTime: number;
  geoVersion: string;
  heat: HeatEntries;
  kpis: Kpis;
  /** Latest ticker lines, newest last (bounded). */
  ticker: TickerLine[];
  /** Worker ids by wire index; positions arrive in binary frames keyed by that index. */
  workerIds: string[];
  positions: ArrayBuffer;
}

export interface HeatDelta {
  tick: number;
  /** Grids whose value changed since the previous tick; each replaces the old value. */
  changes: HeatEntries;
}

export interface RosterDelta {
  /** Index of the first id in `ids`; the roster only grows by appending. */
  from: number;
  ids: string[];
}

export interface ServerToClientEvents {
  snapshot: (snapshot: WallSnapshot) => void;
  /** Case transitions as they happen, in log order (appended to the ticker). */
  transitions: (lines: TickerLine[]) => void;
  heat: (delta: HeatDelta) => void;
  /** Sent every second even when unchanged: it doubles as the feed heartbeat. */
  kpis: (kpis: Kpis, serverTime: number) => void;
  roster: (delta: RosterDelta) => void;
  /** Binary position frame (see positionFrame.ts): latest-wins, only workers that moved. */
  positions: (frame: ArrayBuffer) => void;
}

export interface ClientToServerEvents {
  /** Clock probe: the server answers with its time so the screen can measure its offset. */
  clock: (ack: (serverTime: number) => void) => void;
}

/** What a screen sends in the Socket.IO handshake's `auth`. */
export interface ScreenHandshake {
  token: string;
  wall: string;
  screen: string;
}

export const HEAT_TICK_MS = 250;
export const POSITION_TICK_MS = 1000;
export const KPI_TICK_MS = 1000;
export const TICKER_SIZE = 50;
