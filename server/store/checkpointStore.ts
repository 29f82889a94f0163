// Named checkpoints: an opaque body valid up to a log position (the projections' snapshot, a
// webhook endpoint's delivery cursor). Losing one costs time, never data: the log is the truth.
export interface Checkpoint {
  seq: number;
  createdAt: number;
  body: Uint8Array;
}

export interface CheckpointStore {
  /** Replaces the named checkpoint. */
  save(name: string, seq: number, body: Uint8Array): Promise<void>;
  load(name: string): Promise<Checkpoint | null>;
}
