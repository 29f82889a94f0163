// One bound Zustand store made of slices: the connection (and how fresh the feed is) and the
// live picture (KPIs, ticker, versions of the typed-array buffers). Only the socket client writes.
import { create, type StateCreator } from 'zustand';
import type { Kpis, TickerLine } from '../../shared/protocol.ts';

export const TICKER_KEEP = 40;
/** More new lines than this at once are a burst: they appear without sliding in, so the ticker never blanks. */
export const ANIMATE_AT_MOST = 3;

export interface ConnectionSlice {
  connected: boolean;
  everConnected: boolean;
  /** When the feed was lost (epoch ms), null while connected. */
  lostSince: number | null;
  /** Last time any message arrived (local clock). */
  lastMessageAt: number | null;
  /** serverTime - localTime, measured over the socket. */
  clockOffsetMs: number;
  error: string | null;
  setConnected(connected: boolean, at: number): void;
  setError(message: string): void;
  touch(at: number): void;
  setClockOffset(ms: number): void;
}

export interface LiveSlice {
  /** The seq of the last transition of this screen's scope that it has. */
  seq: number;
  kpis: Kpis | null;
  ticker: TickerLine[];
  /** Lines from this seq on slide in; a burst (more than a few lines at once) appears without. */
  animateFrom: number;
  heatVersion: number;
  positionsVersion: number;
  snapshotLoaded(seq: number, kpis: Kpis, ticker: TickerLine[]): void;
  /** A resumed connection: `missed` are the lines after the last one seen; `seq` the scope's latest. */
  resumed(seq: number, kpis: Kpis, missed: TickerLine[]): void;
  transitions(lines: TickerLine[]): void;
  kpisUpdated(kpis: Kpis): void;
  heatChanged(): void;
  positionsChanged(): void;
}

const createConnectionSlice: StateCreator<WallState, [], [], ConnectionSlice> = (set) => ({
  connected: false,
  everConnected: false,
  lostSince: null,
  lastMessageAt: null,
  clockOffsetMs: 0,
  error: null,
  setConnected: (connected, at) =>
    set((s) => ({
      connected,
      everConnected: s.everConnected || connected,
      lostSince: connected ? null : (s.lostSince ?? at),
      error: connected ? null : s.error,
      lastMessageAt: connected ? at : s.lastMessageAt,
    })),
  setError: (error) => set({ error }),
  touch: (at) => set({ lastMessageAt: at }),
  setClockOffset: (clockOffsetMs) => set({ clockOffsetMs }),
});

const createLiveSlice: StateCreator<WallState, [], [], LiveSlice> = (set) => ({
  seq: 0,
  kpis: null,
  ticker: [],
  animateFrom: Infinity,
  heatVersion: 0,
  positionsVersion: 0,
  snapshotLoaded: (seq, kpis, ticker) =>
    set((s) => ({ seq, kpis, ticker: ticker.slice(-TICKER_KEEP), animateFrom: Infinity, heatVersion: s.heatVersion + 1, positionsVersion: s.positionsVersion + 1 })),
  resumed: (seq, kpis, missed) =>
    set((s) => {
      const fresh = missed.filter((l) => l.seq > s.seq);
      return { seq: Math.max(s.seq, seq), kpis, ticker: [...s.ticker, ...fresh].slice(-TICKER_KEEP), heatVersion: s.heatVersion + 1, positionsVersion: s.positionsVersion + 1 };
    }),
  transitions: (lines) =>
    set((s) => {
      const fresh = lines.filter((l) => l.seq > s.seq); // a line already seen is never shown twice
      if (!fresh.length) return {};
      return { seq: fresh.at(-1)!.seq, ticker: [...s.ticker, ...fresh].slice(-TICKER_KEEP), animateFrom: fresh.length <= ANIMATE_AT_MOST ? fresh[0]!.seq : Infinity };
    }),
  kpisUpdated: (kpis) => set({ kpis }),
  heatChanged: () => set((s) => ({ heatVersion: s.heatVersion + 1 })),
  positionsChanged: () => set((s) => ({ positionsVersion: s.positionsVersion + 1 })),
});

export type WallState = ConnectionSlice & LiveSlice;

export const useWallStore = create<WallState>()((...a) => ({
  ...createConnectionSlice(...a),
  ...createLiveSlice(...a),
}));
