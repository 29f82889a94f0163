// The wire protocol between server and wall screens: typed Socket.IO event maps used by both
// sides (types do not replace validation: the server still validates what clients send).
import type { CaseEventType, EscalationLevel, SourceChannel, Urgency } from './caseEvent.ts';
import type { CaseStatus } from './caseLifecycle.ts';
import type { ActiveRehearsal } from './rehearsal.ts';

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
  /** The region the figures cover (the screen's scope, or the district or street it drilled down to); set on what a screen is sent. */
  region?: string;
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
  /** 按期办结率 over today and the 29 days before (docs/kpi-rulebook.md); null with no deadline fallen due. */
  onTimeRate30d: number | null;
  /** 回访满意率 over today and the 29 days before; null with no return visit. */
  satisfaction30d: number | null;
  /** Present while a new demo's history is being written: the days written so far of how many (comparisons with yesterday mean nothing yet). */
  historyLoading?: { day: number; days: number };
}

/** What the map's choropleth can show per grid; the order is the order of the values in a HeatEntry. */
export const HEAT_METRICS = ['open', 'newLastHour', 'overdue'] as const;
export type HeatMetric = (typeof HEAT_METRICS)[number];
/**
 * A sparse list of [grid index, open cases, cases reported in the last hour, open cases past their
 * deadline]; each entry replaces all three previous values of that grid.
 */
export type HeatEntries = [gridIndex: number, open: number, newLastHour: number, overdue: number][];

/** A worker's state on the map, by its index in this list (one byte on the wire). */
export const WORKER_STATES = ['patrolling', 'idle', 'offline', 'off_duty'] as const;
export type WorkerState = (typeof WORKER_STATES)[number];
/** Sparse [wire index, index in WORKER_STATES]: each replaces that worker's previous state. */
export type WorkerStateChanges = [workerIndex: number, state: number][];

export const TREND_PERIODS = ['24h', '7d', '30d'] as const;
export type TrendPeriod = (typeof TREND_PERIODS)[number];

/** Counts per time bucket, oldest first; the last bucket is the one still filling. */
export interface TrendSeries {
  /** A major category code (e.g. `appearance`), or `other`. */
  key: string;
  counts: number[];
}

export interface TrendWindow {
  /** Start of the first bucket (epoch ms) and the bucket width (a street's 24 h window has 1-hour buckets: its counters are hourly). */
  from: number;
  bucketMs: number;
  /** Reports per bucket by major category, largest first (every major category with any report). */
  categories: TrendSeries[];
  /** All reports per bucket. */
  total: number[];
}

/** A category or street whose reports rose: `now` in the last 24 h against `before`, the daily mean of the comparison days. */
export interface RisingItem {
  /** A sub-category code (`appearance.vendor`) or a street code. */
  key: string;
  now: number;
  before: number;
  /** now / before - 1 (null when before is 0). */
  change: number | null;
}

export interface RankingRow {
  /** A district code (city walls) or a street code (district walls). */
  code: string;
  reported: number;
  closed: number;
  /** Of the cases reported in the period, the share closed by now; null without reports. */
  closureRate: number | null;
  /** Of the cases closed in the period, the share closed by their deadline; null without closures. */
  onTimeRate: number | null;
}

/** Hot-issue trends of a scope, computed on the server from time-bucketed counters. */
export interface Trends {
  scope: string;
  /** Server time they were computed at. */
  at: number;
  periods: Record<TrendPeriod, TrendWindow>;
  /** How the rising lists compare: the last 24 h against the daily mean of this many previous days (up to 7; fewer when the history is shorter; 0: no whole day yet, and the rising lists are empty). */
  risingBaselineDays: number;
  risingCategories: RisingItem[];
  /** Streets of the scope (empty on a street wall). */
  risingStreets: RisingItem[];
  /** Reports in the last 24 h by source channel. */
  sources: Record<SourceChannel, number>;
  /** The scope's districts (city) or streets (district), last 7 days, best closure rate first (a street wall: no rows). */
  ranking: { period: '7d'; level: 'district' | 'street'; rows: RankingRow[] };
}

/** Why an alert fired, as data: the screen words it in its language. */
export type AlertReason =
  | { kind: 'overdue'; caseId: string; category: string; gridCode: string; urgency: Urgency; deadline: number; overdueMinutes: number }
  | { kind: 'escalated'; caseId: string; category: string; gridCode: string; level: EscalationLevel; escalatedAt: number }
  | {
      kind: 'spike';
      /** A sub-category code. */
      category: string;
      /** The district or street where it rose. */
      regionCode: string;
      /** Reports in the last `windowMinutes`. */
      count: number;
      windowMinutes: number;
      /** The usual level: mean and standard deviation of the same window on the comparison days/hours. */
      baselineMean: number;
      baselineSd: number;
      /** `same_hour_previous_days`: the same clock hour on each of the previous `baselineSamples` days; `previous_hours`: each of the previous `baselineSamples` hours (short history). */
      baseline: 'same_hour_previous_days' | 'previous_hours';
      baselineSamples: number;
      z: number;
    };

export interface Alert {
  /** Stable while the alert holds (e.g. `overdue:<caseId>`), so a screen can keep its row. */
  id: string;
  /** When it started to hold (epoch ms). */
  since: number;
  severity: 'critical' | 'warning';
  reason: AlertReason;
}

/** A scope's current alerts; replaces the previous list whole. */
export interface AlertList {
  scope: string;
  at: number;
  /** The most pressing first, at most ALERTS_SHOWN. */
  alerts: Alert[];
  /** How many hold in all, by kind (more may hold than are listed). */
  counts: { overdue: number; escalated: number; spike: number };
}
export const ALERTS_SHOWN = 30;

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
  /** Set when the wall is playing back the past: the data describe this moment, not serverTime. */
  playbackAt: number | null;
  geoVersion: string;
  heat: HeatEntries;
  kpis: Kpis;
  /** Latest ticker lines, newest last (bounded). */
  ticker: TickerLine[];
  /** Worker ids by wire index; positions arrive in binary frames keyed by that index. */
  workerIds: string[];
  positions: ArrayBuffer;
  /** Every worker's state by wire index (one byte each, an index in WORKER_STATES). */
  workerStates: ArrayBuffer;
  trends: Trends;
  alerts: AlertList;
  /** The rehearsal (演练) running now, shown on every screen whatever its scope; null: none. */
  rehearsal: ActiveRehearsal | null;
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

/** Sent just before the server closes a socket whose key was revoked or expired (then nothing more comes). */
export interface AccessEnded {
  reason: 'revoked' | 'expired';
  message: string;
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
export const TRENDS_TICK_MS = 10_000;
export const ALERTS_TICK_MS = 5_000;
