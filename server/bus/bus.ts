// The bus carries what was committed to every node's projections: in-process in the embedded
// shape (memoryBus.ts), a Redis Stream and two Redis channels when the server is scaled out
// (redisBus.ts). Subscribers see committed case events in log order, each once.
import type { PositionFix, StoredCaseEvent } from '../../shared/caseEvent.ts';
import type { WorkerSignal } from '../../shared/device.ts';
import type { RehearsalStatus } from '../../shared/rehearsal.ts';
import type { WallState } from '../../shared/wallControl.ts';

export type { WorkerSignal };

/** What one node tells the others besides the log and positions. */
export type ControlMessage =
  /** A wall command was accepted here: show its state on this node's screens and consoles too. */
  | { type: 'wallState'; state: WallState }
  /** Access keys were made, rotated or revoked here: read them again now (a revoked key's sockets close). */
  | { type: 'keysChanged' }
  /** A rehearsal was started or stopped here (at `changedAt`, this node's clock): hold it here too. */
  | { type: 'rehearsal'; rehearsal: RehearsalStatus | null; changedAt: number }
  /** A node that (re)started asks what rehearsal runs: a node holding one tells it again. */
  | { type: 'rehearsalAsk' };

export interface BusStatus {
  kind: 'memory' | 'redis';
  /** This node's name among the others. */
  node: string;
  /** Whether the connection to the other nodes is up (always, in one process). */
  connected: boolean;
  /** The seq of the last case event applied to this node's projections (redis only). */
  applied?: number;
  /** Whether the log could not be read since the last catch-up (redis only). */
  behind?: boolean;
}

export interface Bus {
  /** Begins delivering other nodes' events (once this node's subscribers are in place). */
  start(): Promise<void>;
  /** Committed events (in seq order): resolves once this node's projections have them; every other node gets them too. */
  publishCaseEvents(events: StoredCaseEvent[]): Promise<void>;
  /** Accepted position fixes: this node's projections at once, the other nodes' latest-wins (a lost fix is overtaken by the next). */
  publishPositions(fixes: PositionFix[]): void;
  /** Workers' heartbeats and patrols: this node's projections at once, the other nodes' latest-wins. */
  publishWorkerSignals(signals: WorkerSignal[]): void;
  /** A message to the other nodes (nobody in one process). */
  publishControl(message: ControlMessage): void;
  onCaseEvents(handler: (events: StoredCaseEvent[]) => void): () => void;
  onPositions(handler: (fixes: PositionFix[]) => void): () => void;
  onWorkerSignals(handler: (signals: WorkerSignal[]) => void): () => void;
  /** Messages from the other nodes. */
  onControl(handler: (message: ControlMessage) => void): () => void;
  status(): BusStatus;
  close(): Promise<void>;
}
