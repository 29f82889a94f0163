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
  /** Reported and closed yesterday up to this time of day (city and district walls; null where not kept): the day-over-day change. */
  yesterdaySameTime: { reported: number; closed: number } | null;
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
  /** The identity of the server's event log: a screen resumes by seq only against the same log. */
  logId: string;
  /** The region the screen shows: the city (1201), a district or a street code. */
  scope: string;
  /**
   * The log sequence number of the last case transition in this scope that the snapshot covers:
   * the `prev` the next transitions message for this scope will carry.
   */
  scopeSeq: number;
  /**
   * Set when the screen asked to resume after `lastSeq` and the server still had everything since:
   * `ticker` then holds exactly the missed lines (to append), not the latest ones.
   */
  resumedFrom: number | null;
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

/**
 * Case transitions in one scope, in log order. `prev` is the seq of the scope's previous
 * transition: a screen whose last seen seq differs has missed something and resumes.
 */
export interface TransitionBatch {
  prev: number;
  lines: TickerLine[];
}

export interface RosterDelta {
  /** Index of the first id in `ids`; the roster only grows by appending. */
  from: number;
  ids: string[];
}

export interface ServerToClientEvents {
  snapshot: (snapshot: WallSnapshot) => void;
  /** Case transitions as they happen, in log order (appended to the ticker); large batches deflated (transitionCodec.ts). */
  transitions: (batch: TransitionBatch | ArrayBuffer | Uint8Array) => void;
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
  /** The region shown: 1201 (the city, default), a district or a street code. */
  scope?: string;
  /** The last transition seq this screen has seen in its scope: resume after it if possible. */
  lastSeq?: number;
  /** The log that `lastSeq` belongs to (from the snapshot): without a match there is no resume. */
  logId?: string;
}

/** How far back (in transitions) a reconnecting screen can resume instead of taking a fresh snapshot. */
export const RESUME_WINDOW = 20_000;

export const HEAT_TICK_MS = 250;
export const POSITION_TICK_MS = 1000;
export const KPI_TICK_MS = 1000;
export const TICKER_SIZE = 50;
