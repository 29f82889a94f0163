// Every Socket.IO event of every namespace, in one place: the wall screens' (the default namespace),
// the presenter consoles' (/console) and the grid workers' phones' (/device), each as
// <Namespace>ServerToClient and <Namespace>ClientToServer. The server types its namespaces with
// them and the clients their sockets (in the reverse order); payloads are still validated at run time.
import type { DeviceAck, FixesAnswer, HeartbeatAnswer, ReportAnswer } from './device.ts';
import type { AccessEnded, AlertList, HeatDelta, Kpis, RosterDelta, TransitionBatch, Trends, WallSnapshot, WorkerStateChanges } from './protocol.ts';
import type { ActiveRehearsal, RehearsalBoard, RehearsalResult } from './rehearsal.ts';
import type { ScreenViewRequest, ScreenViewResult } from './screenView.ts';
import type { CommandLogEntry, CommandResult, ScreenPresence, WallCommand, WallState } from './wallControl.ts';

export interface ScreenServerToClient {
  accessEnded: (why: AccessEnded) => void;
  snapshot: (snapshot: WallSnapshot) => void;
  /** Case transitions as they happen, in log order (appended to the ticker); large batches deflated (transitionCodec.ts). */
  transitions: (batch: TransitionBatch | ArrayBuffer | Uint8Array) => void;
  heat: (delta: HeatDelta) => void;
  /** Sent every second even when unchanged: it doubles as the feed heartbeat. */
  kpis: (kpis: Kpis, serverTime: number) => void;
  roster: (delta: RosterDelta) => void;
  /** Binary position frame (see positionFrame.ts): latest-wins, only workers that moved. */
  positions: (frame: ArrayBuffer) => void;
  /** Workers whose state changed (patrolling / idle / offline). */
  workerStates: (changes: WorkerStateChanges) => void;
  /** The scope's trends, recomputed every TRENDS_TICK_MS (replaces the previous). */
  trends: (trends: Trends) => void;
  /** The scope's alerts whenever they change, and at least every ALERTS_TICK_MS (replaces the previous). */
  alerts: (alerts: AlertList) => void;
  /** The wall's presenter-held state (wallControl.ts): on connect, before the snapshot, and whenever it changes. */
  wallState: (state: WallState) => void;
  /** The rehearsal (演练) that started, or null when it stopped or ran out (it is in every snapshot too). */
  rehearsal: (rehearsal: ActiveRehearsal | null) => void;
}

export interface ScreenClientToServer {
  /** Clock probe: the server answers with its time so the screen can measure its offset. */
  clock: (ack: (serverTime: number) => void) => void;
  /** A keyboard command (only KEYBOARD_COMMANDS, only on walls with `keyboard: true`; screens are otherwise read-only). */
  command: (command: WallCommand, ack: (result: CommandResult) => void) => void;
  /**
   * The region whose KPIs and alerts this screen receives from now on (a drill-down, shared/screenView.ts:
   * `{region}`, null for its own scope); refused outside the screen's scope. Answered with the region.
   */
  view: (request: ScreenViewRequest, ack: (result: ScreenViewResult) => void) => void;
}

export interface ConsoleServerToClient {
  /** Sent just before the server closes a console whose key was revoked or expired. */
  accessEnded: (why: { reason: 'revoked' | 'expired'; message: string }) => void;
  wallState: (state: WallState) => void;
  /** The latest commands (newest last) on connect, then one at a time. */
  commandLog: (entries: CommandLogEntry[]) => void;
  /** Which screens of the wall have a browser connected (and how many), whenever it changes. */
  screens: (screens: ScreenPresence[]) => void;
  /** The scenarios and the rehearsal running (with who started it): on connect, and at every start, stop and end. */
  rehearsal: (board: RehearsalBoard) => void;
  /** Server time with every state, for the console's clock offset. */
}

export interface ConsoleClientToServer {
  command: (command: WallCommand, ack: (result: CommandResult) => void) => void;
  /** Starts or stops a rehearsal (shared/rehearsal.ts: rehearsalCommandSchema); audited like a command. */
  rehearse: (command: unknown, ack: (result: RehearsalResult) => void) => void;
  clock: (ack: (serverTime: number) => void) => void;
}

export interface DeviceClientToServer {
  fixes: (body: unknown, ack: DeviceAck<FixesAnswer>) => void;
  heartbeat: (body: unknown, ack: DeviceAck<HeartbeatAnswer>) => void;
  patrol: (body: unknown, ack: DeviceAck<{ onPatrol: boolean }>) => void;
  report: (body: unknown, ack: DeviceAck<ReportAnswer>) => void;
}
export interface DeviceServerToClient {
  /** Sent on connect: who this phone is for. */
  welcome: (info: { worker: string; gridCode: string; serverTime: number; heartbeatMs: number }) => void;
}
