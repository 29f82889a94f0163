// The console's state: one Zustand store made of slices (connection, wall, command log, commands in
// flight, the presenter's UI). The socket client (consoleSocket.ts) and the command path
// (consoleCommands.ts) write through the actions; components select what they show.
import { create, type StateCreator } from 'zustand';
import type { RehearsalBoard } from '../../shared/rehearsal.ts';
import type { CommandLogEntry, CommandResult, ScreenPresence, WallCommand, WallState } from '../../shared/wallControl.ts';
import type { WallLayout } from '../../shared/wallLayout.ts';
import type { ConsoleTab } from './consoleMessages.ts';
import type { RegionIndex } from './regionIndex.ts';

/** The log the console keeps (a console may stay open all day: bounded). */
export const LOG_KEPT = 200;

export type ConnectionStatus = 'connecting' | 'connected' | 'lost' | 'refused';

export interface ConnectionSlice {
  status: ConnectionStatus;
  /** When the connection was lost (local time), for the banner. */
  lostSince: number | null;
  /** The server's reason for refusing the handshake, or the last connection error. */
  error: string | null;
  /** Server time − local time. */
  clockOffsetMs: number;
  connected(): void;
  disconnected(at: number, error?: string): void;
  refused(message: string): void;
  setClockOffset(ms: number): void;
}

export interface WallSlice {
  layout: WallLayout | null;
  state: WallState | null;
  screens: ScreenPresence[];
  /** The region tree, once the geography is loaded (names for the log, the miniature, the drill-down). */
  regions: RegionIndex | null;
  layoutLoaded(layout: WallLayout, regions: RegionIndex): void;
  /** A state pushed by the server, or returned by a command's ack (taken only if newer). */
  stateReceived(state: WallState, from: 'push' | 'ack'): void;
  screensReceived(screens: ScreenPresence[]): void;
  /** The scenarios and the rehearsal running (null before the server has said). */
  rehearsal: RehearsalBoard | null;
  rehearsalReceived(board: RehearsalBoard): void;
}

export interface LogSlice {
  /** Oldest first, by id; at most LOG_KEPT. */
  log: CommandLogEntry[];
  logReceived(entries: CommandLogEntry[]): void;
}

export interface Notice {
  id: number;
  ok: boolean;
  text: string;
  /** A wall command's type, or `rehearse` (a rehearsal started or stopped). */
  command: WallCommand['type'] | 'rehearse';
}

export interface CommandSlice {
  /** Commands sent and not yet answered (a playback takes seconds to prepare). */
  pending: { id: number; command: WallCommand }[];
  /** The latest answer worth saying: a refusal (with the server's message) or a done. */
  notice: Notice | null;
  commandSent(id: number, command: WallCommand): void;
  /** `text`: what the notice says (the command done, or why it was refused, in words). */
  commandAnswered(id: number, command: WallCommand, result: CommandResult, text: string): void;
  dismissNotice(): void;
  /** Says a rehearsal's start or stop was done or refused (it is no wall command: no pending entry). */
  noticeShown(ok: boolean, text: string): void;
}

export interface UiSlice {
  tab: ConsoleTab;
  presenterName: string;
  /** The case the presenter is looking at (before or after spotlighting it). */
  caseDraft: string;
  setTab(tab: ConsoleTab): void;
  setPresenterName(name: string): void;
  setCaseDraft(id: string): void;
}

export type ConsoleState = ConnectionSlice & WallSlice & LogSlice & CommandSlice & UiSlice;
type Slice<T> = StateCreator<ConsoleState, [], [], T>;

const connectionSlice: Slice<ConnectionSlice> = (set) => ({
  status: 'connecting',
  lostSince: null,
  error: null,
  clockOffsetMs: 0,
  connected: () => set({ status: 'connected', lostSince: null, error: null }),
  disconnected: (at, error) => set((s) => ({ status: s.status === 'refused' ? 'refused' : 'lost', lostSince: s.lostSince ?? at, error: error ?? s.error })),
  refused: (message) => set((s) => ({ status: 'refused', error: message, lostSince: s.lostSince ?? Date.now() })),
  setClockOffset: (ms) => set({ clockOffsetMs: ms }),
});

const wallSlice: Slice<WallSlice> = (set) => ({
  layout: null,
  state: null,
  screens: [],
  regions: null,
  layoutLoaded: (layout, regions) => set({ layout, regions }),
  stateReceived: (state, from) =>
    set((s) => {
      // a push is the server's word in order; an ack may arrive after a newer push
      if (from === 'ack' && s.state && s.state.version >= state.version) return {};
      return { state };
    }),
  screensReceived: (screens) => set({ screens }),
  rehearsal: null,
  rehearsalReceived: (rehearsal) => set({ rehearsal }),
});

const logSlice: Slice<LogSlice> = (set) => ({
  log: [],
  logReceived: (entries) =>
    set((s) => {
      // on every (re)connect the server sends its latest entries again: merge by id
      const byId = new Map(s.log.map((e) => [e.id, e]));
      for (const e of entries) byId.set(e.id, e);
      return { log: [...byId.values()].sort((a, b) => a.id - b.id).slice(-LOG_KEPT) };
    }),
});

/** Notices that answer no wall command count down, apart from the commands' ids. */
let nextNotice = -1;

const commandSlice: Slice<CommandSlice> = (set) => ({
  pending: [],
  notice: null,
  commandSent: (id, command) => set((s) => ({ pending: [...s.pending, { id, command }] })),
  commandAnswered: (id, command, result, text) =>
    set((s) => ({
      pending: s.pending.filter((p) => p.id !== id),
      notice: { id, ok: result.ok, text, command: command.type },
    })),
  dismissNotice: () => set({ notice: null }),
  noticeShown: (ok, text) => set({ notice: { id: nextNotice--, ok, text, command: 'rehearse' } }),
});

const uiSlice: Slice<UiSlice> = (set) => ({
  tab: 'regions',
  presenterName: '',
  caseDraft: '',
  setTab: (tab) => set({ tab }),
  setPresenterName: (presenterName) => set({ presenterName }),
  setCaseDraft: (caseDraft) => set({ caseDraft }),
});

export const useConsoleStore = create<ConsoleState>()((...a) => ({
  ...connectionSlice(...a),
  ...wallSlice(...a),
  ...logSlice(...a),
  ...commandSlice(...a),
  ...uiSlice(...a),
}));

/** Whether a command of this type is waiting for its answer. */
export const isPending = (s: ConsoleState, type: WallCommand['type']) => s.pending.some((p) => p.command.type === type);
