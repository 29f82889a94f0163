// One bound Zustand store made of slices: the connection (and how fresh the feed is), the live
// picture (KPIs, ticker, trends, alerts, versions of the typed-array buffers) and the view (what the
// map frames and shows). Only the socket client writes the live picture.
import { create, type StateCreator } from 'zustand';
import type { AlertList, HeatMetric, Kpis, TickerLine, Trends } from '../../shared/protocol.ts';
import type { ActiveRehearsal } from '../../shared/rehearsal.ts';
import { playTime, type WallState as HeldWallState } from '../../shared/wallControl.ts';
import type { FeedStatus } from '../feed/feedMessages.ts';
import { offer, paceFrom, step, type PaceStep, type TickerPace } from './tickerPacing.ts';

export const TICKER_KEEP = 40;
/** New urgent cases pulse on the map for this long. */
export const URGENT_PULSE_MS = 10 * 60_000;
export const URGENT_KEEP = 60;

/** What the ticker's pace did with lines: the row that entered, the lines it summed up. */
export type TickerPaced = Pick<PaceStep, 'entered' | 'summarised'>;
let tickerPaced: ((paced: TickerPaced) => void) | null = null;
/** Tells `listener` each row the ticker's pace shows and each line it sums up (the panel passes it on to the page). */
export function onTickerPaced(listener: ((paced: TickerPaced) => void) | null): void {
  tickerPaced = listener;
}
const tell = (paced: TickerPaced) => {
  if (paced.entered || paced.summarised.length) tickerPaced?.(paced);
};

export interface ConnectionSlice {
  /** The feed as its worker judges it (live, stale, lost), with the last time any message arrived. */
  feed: FeedStatus;
  /** serverTime - localTime, measured over the socket. */
  clockOffsetMs: number;
  error: string | null;
  /** Why this screen may not show the wall (its key was revoked, expired or refused), in words; null: it may. */
  access: { ended: boolean; text: string } | null;
  /** `ended`: the key stopped working while the screen showed the wall; else the token was refused. */
  setAccess(access: { ended: boolean; text: string } | null): void;
  /** A passing message (a refused keyboard command) and when it came. */
  notice: { message: string; at: number } | null;
  setNotice(message: string, at: number): void;
  feedChanged(feed: FeedStatus): void;
  setError(message: string): void;
  setClockOffset(ms: number): void;
}

export interface LiveSlice {
  /** The seq of the last transition of this screen's scope that it has. */
  seq: number;
  kpis: Kpis | null;
  /** The latest lines taken (every one is taken, once), bounded. */
  ticker: TickerLine[];
  /**
   * What the ticker shows and what waits for a row (tickerPacing.ts): every line taken while a ticker
   * panel is up is offered to it; null while none is.
   */
  tickerPace: TickerPace | null;
  heatVersion: number;
  positionsVersion: number;
  workerStatesVersion: number;
  trends: Trends | null;
  alerts: AlertList | null;
  /** Urgent cases reported recently (newest last, bounded): they pulse on the map. */
  urgent: { caseId: string; gridCode: string; at: number }[];
  snapshotLoaded(seq: number, kpis: Kpis, ticker: TickerLine[]): void;
  /** A resumed connection: `missed` are the lines after the last one seen; `seq` the scope's latest. */
  resumed(seq: number, kpis: Kpis, missed: TickerLine[]): void;
  transitions(lines: TickerLine[]): void;
  /** A ticker panel is up (it paces the lines from now on) or gone. */
  showTicker(on: boolean): void;
  /** One look of the ticker's pace at `now` with room for `slots` rows (the panel's timer). */
  tickerStep(now: number, slots: number, chars: (line: TickerLine) => number): void;
  kpisUpdated(kpis: Kpis): void;
  /** New copies of these buffers were taken over: their versions move on. */
  buffersChanged(which: { heat: boolean; positions: boolean; workerStates: boolean }): void;
  trendsUpdated(trends: Trends): void;
  alertsUpdated(alerts: AlertList): void;
}

/**
 * What the wall shows: the presenter-held state in effect on this screen (the server's, started at
 * its effectiveAt, the same instant on every screen), and a desk's own drill-down on top of it.
 */
export interface ViewSlice {
  /** The wall's state in effect (null before the first arrives). */
  wallState: HeldWallState | null;
  /** The latest state that moved the maps (its flight), and the one before: a flight starts where that one's was. */
  move: HeldWallState | null;
  previousMove: HeldWallState | null;
  /** The moment the data on screen describe when the wall plays back the past; null when live. */
  playbackAt: number | null;
  /** A desk's own click-through (overrides the wall's frame until the wall's state next changes). */
  focus: string | null;
  /** A desk's own choice of metric (overrides the wall's until it next changes). */
  heatMetric: HeatMetric | null;
  /** The rehearsal (演练) running in the city, whatever this screen shows: every screen says so. */
  rehearsal: ActiveRehearsal | null;
  wallStateStarted(state: HeldWallState): void;
  setRehearsal(rehearsal: ActiveRehearsal | null): void;
  setPlaybackAt(at: number | null): void;
  setFocus(code: string | null): void;
  setHeatMetric(metric: HeatMetric | null): void;
}

const createConnectionSlice: StateCreator<WallState, [], [], ConnectionSlice> = (set) => ({
  feed: { state: 'connecting', since: null, lastMessageAt: null, error: null, drops: 0 },
  clockOffsetMs: 0,
  error: null,
  access: null,
  setAccess: (access) => set({ access }),
  notice: null,
  setNotice: (message, at) => set({ notice: { message, at } }),
  feedChanged: (feed) =>
    set((s) => {
      const same =
        s.feed.state === feed.state &&
        s.feed.since === feed.since &&
        s.feed.lastMessageAt === feed.lastMessageAt &&
        s.feed.error === feed.error &&
        s.feed.drops === feed.drops;
      return same ? {} : { feed, error: feed.error ?? (feed.state === 'live' ? null : s.error) };
    }),
  setError: (error) => set({ error }),
  setClockOffset: (clockOffsetMs) => set({ clockOffsetMs }),
});

const createLiveSlice: StateCreator<WallState, [], [], LiveSlice> = (set) => ({
  seq: 0,
  kpis: null,
  ticker: [],
  tickerPace: null,
  heatVersion: 0,
  positionsVersion: 0,
  workerStatesVersion: 0,
  trends: null,
  alerts: null,
  urgent: [],
  snapshotLoaded: (seq, kpis, ticker) =>
    set((s) => ({
      // its ticker may run past the scope's published seq (lines folded, not yet published): those come again
      seq: Math.max(seq, ticker.at(-1)?.seq ?? 0),
      kpis,
      ticker: ticker.slice(-TICKER_KEEP),
      // a fresh start (a new scope, a playback, a reload): the ticker shows the snapshot's lines at once
      tickerPace: s.tickerPace && paceFrom(ticker, TICKER_KEEP),
      urgent: withUrgent([], ticker, dataNow(s)),
      heatVersion: s.heatVersion + 1,
      positionsVersion: s.positionsVersion + 1,
      workerStatesVersion: s.workerStatesVersion + 1,
    })),
  resumed: (seq, kpis, missed) => {
    let summarised: TickerLine[] = [];
    set((s) => {
      const fresh = missed.filter((l) => l.seq > s.seq);
      const paced = s.tickerPace && offer(s.tickerPace, fresh, Date.now());
      summarised = paced?.summarised ?? [];
      return {
        seq: Math.max(s.seq, seq, fresh.at(-1)?.seq ?? 0),
        kpis,
        ticker: [...s.ticker, ...fresh].slice(-TICKER_KEEP),
        tickerPace: paced ? paced.pace : null,
        urgent: withUrgent(s.urgent, fresh, dataNow(s)),
        heatVersion: s.heatVersion + 1,
        positionsVersion: s.positionsVersion + 1,
        workerStatesVersion: s.workerStatesVersion + 1,
      };
    });
    tell({ entered: null, summarised });
  },
  transitions: (lines) => {
    let summarised: TickerLine[] = [];
    set((s) => {
      const fresh = lines.filter((l) => l.seq > s.seq); // a line already seen is never shown twice
      if (!fresh.length) return {};
      const urgent = withUrgent(s.urgent, fresh, dataNow(s));
      const paced = s.tickerPace && offer(s.tickerPace, fresh, Date.now());
      summarised = paced?.summarised ?? [];
      return {
        seq: fresh.at(-1)!.seq,
        ticker: [...s.ticker, ...fresh].slice(-TICKER_KEEP),
        ...(paced && { tickerPace: paced.pace }),
        ...(urgent !== s.urgent && { urgent }),
      };
    });
    tell({ entered: null, summarised });
  },
  showTicker: (on) => set((s) => ({ tickerPace: on ? (s.tickerPace ?? paceFrom(s.ticker, TICKER_KEEP)) : null })),
  tickerStep: (now, slots, chars) => {
    let paced: TickerPaced = { entered: null, summarised: [] };
    set((s) => {
      if (!s.tickerPace) return {};
      const next = step(s.tickerPace, now, slots, chars);
      paced = next;
      return next.pace === s.tickerPace ? {} : { tickerPace: next.pace };
    });
    tell(paced);
  },
  kpisUpdated: (kpis) => set({ kpis }),
  buffersChanged: (which) =>
    set((s) =>
      which.heat || which.positions || which.workerStates
        ? {
            heatVersion: s.heatVersion + (which.heat ? 1 : 0),
            positionsVersion: s.positionsVersion + (which.positions ? 1 : 0),
            workerStatesVersion: s.workerStatesVersion + (which.workerStates ? 1 : 0),
          }
        : {},
    ),
  trendsUpdated: (trends) => set({ trends }),
  alertsUpdated: (alerts) => set({ alerts }),
});

/** The moment the screen's data describe: now, or the wall's play time while it plays back the past. */
export function dataNow(s: Pick<WallState, 'playbackAt' | 'wallState' | 'clockOffsetMs'>): number {
  if (s.playbackAt === null) return Date.now();
  return s.wallState?.playback ? playTime(s.wallState.playback, Date.now() + s.clockOffsetMs) : s.playbackAt;
}

/** Adds the urgent reports among `lines` and drops those older than URGENT_PULSE_MS (the same array when nothing changed). */
export function withUrgent(urgent: LiveSlice['urgent'], lines: readonly TickerLine[], now = Date.now()): LiveSlice['urgent'] {
  const added = lines.filter((l) => l.type === 'reported' && l.urgency === 'urgent' && now - l.at < URGENT_PULSE_MS);
  const kept = urgent.filter((u) => now - u.at < URGENT_PULSE_MS);
  if (!added.length && kept.length === urgent.length) return urgent;
  return [...kept, ...added.map((l) => ({ caseId: l.caseId, gridCode: l.gridCode, at: l.at }))].slice(-URGENT_KEEP);
}

const createViewSlice: StateCreator<WallState, [], [], ViewSlice> = (set) => ({
  wallState: null,
  move: null,
  previousMove: null,
  playbackAt: null,
  focus: null,
  heatMetric: null,
  rehearsal: null,
  wallStateStarted: (state) =>
    set((s) =>
      s.wallState && JSON.stringify(s.wallState) === JSON.stringify(state)
        ? {} // the same state again (a reconnect's copy)
        : { wallState: state, focus: null, heatMetric: null, ...(state.flight && { move: state, previousMove: s.move }) },
    ),
  setPlaybackAt: (playbackAt) => set({ playbackAt }),
  setRehearsal: (rehearsal) => set((s) => (JSON.stringify(s.rehearsal) === JSON.stringify(rehearsal) ? {} : { rehearsal })),
  setFocus: (focus) => set({ focus }),
  setHeatMetric: (heatMetric) => set({ heatMetric }),
});

export type WallState = ConnectionSlice & LiveSlice & ViewSlice;

export const useWallStore = create<WallState>()((...a) => ({
  ...createConnectionSlice(...a),
  ...createLiveSlice(...a),
  ...createViewSlice(...a),
}));
