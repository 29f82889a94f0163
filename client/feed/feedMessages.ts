// What the feed worker (feed.worker.ts) and the page (wallFeed.ts) say to each other. The worker
// owns the socket and the live buffers; the page gets one update at a time — what changed since the
// last, in order, with fresh copies of the changed buffers handed over by transfer — and asks for
// the next by acknowledging this one, so a busy renderer never builds a queue: the worker merges
// everything that arrives meanwhile into the next update.
import type { AccessEnded, AlertList, Kpis, ScreenHandshake, TickerLine, Trends } from '../../shared/protocol.ts';
import type { RefusalBody } from '../../shared/refusal.ts';
import type { ActiveRehearsal } from '../../shared/rehearsal.ts';
import type { CommandResult, WallCommand, WallState } from '../../shared/wallControl.ts';

/** The feed as the worker judges it on data actually received. `since`: on the server's clock. */
export type FeedState = 'connecting' | 'live' | 'stale' | 'lost';
export interface FeedStatus {
  state: FeedState;
  /** When it was lost, or the last data came (stale); null otherwise. */
  since: number | null;
  /** The last message received (local clock, epoch ms); null before the first. */
  lastMessageAt: number | null;
  /** The transport's or the server's last error, while not connected. */
  error: string | null;
  /** Disconnections since the worker started (for tests and the operator). */
  drops: number;
}

export type FeedOp =
  | {
      op: 'snapshot';
      resumed: boolean;
      seq: number;
      kpis: Kpis;
      ticker: TickerLine[];
      playbackAt: number | null;
      trends: Trends;
      alerts: AlertList;
      rehearsal: ActiveRehearsal | null;
    }
  | { op: 'lines'; lines: TickerLine[] }
  | { op: 'kpis'; kpis: Kpis }
  | { op: 'trends'; trends: Trends }
  | { op: 'alerts'; alerts: AlertList }
  | { op: 'wallState'; state: WallState }
  /** A rehearsal (演练) started, or ended (null). */
  | { op: 'rehearsal'; rehearsal: ActiveRehearsal | null }
  | { op: 'clockOffset'; ms: number }
  | { op: 'accessEnded'; why: AccessEnded }
  | { op: 'refused'; refusal: RefusalBody }
  | { op: 'reload'; geoVersion: string }
  | { op: 'commandResult'; id: number; result: CommandResult };

export interface FeedUpdate {
  type: 'update';
  ops: FeedOp[];
  /** Fresh copies of the buffers that changed (the page takes them over as they are). */
  heat?: Int32Array<ArrayBuffer>;
  /** Worker lon/lat interleaved, `workerCount` of them. */
  positions?: Float32Array<ArrayBuffer>;
  workerStates?: Uint8Array<ArrayBuffer>;
  workerCount: number;
  feed: FeedStatus;
}

export type PageToFeed =
  | { type: 'start'; origin: string; handshake: ScreenHandshake; geo: { version: string; gridCount: number } }
  | { type: 'ack' }
  | { type: 'command'; id: number; command: WallCommand }
  /** The region whose KPIs and alerts this screen receives (a drill-down); null: its scope. */
  | { type: 'view'; region: string | null }
  | { type: 'stop' };
