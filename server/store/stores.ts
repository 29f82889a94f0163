// The store, one focused interface per concern, over one database handle: embedded SQLite in the
// data folder (default) or PostgreSQL (DATABASE_URL), the same Kysely queries for both (kysely/).
// Each part of the server is given only the stores it uses.
import type { AuditLog } from './auditLog.ts';
import type { CalendarStore } from './calendarStore.ts';
import type { CheckpointStore } from './checkpointStore.ts';
import type { EventLog } from './eventLog.ts';
import type { KeyStore } from './keyStore.ts';
import type { TrackStore } from './trackStore.ts';
import type { WallStateStore } from './wallStateStore.ts';

export interface Stores {
  readonly engine: 'sqlite' | 'postgres';
  log: EventLog;
  tracks: TrackStore;
  checkpoints: CheckpointStore;
  walls: WallStateStore;
  keys: KeyStore;
  audit: AuditLog;
  calendar: CalendarStore;
  close(): Promise<void>;
}
