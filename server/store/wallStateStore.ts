// What each wall shows, held for its presenter: the commands given (applied or refused, for the
// console's history) and the wall's latest state, saved only over the version it was made from so
// that two nodes commanding one wall never overwrite each other.
import type { CommandLogEntry } from '../../shared/wallControl.ts';

export interface WallStateStore {
  /** Logs a wall command (applied or refused); returns its id. */
  appendCommand(entry: Omit<CommandLogEntry, 'id'>): Promise<number>;
  /** A wall's newest `limit` commands, oldest first. */
  readCommands(wall: string, limit: number): Promise<CommandLogEntry[]>;
  /**
   * Replaces what a wall shows (an opaque body, the wall-control module's JSON, of this version).
   * With `replaces`, only if the stored state is still that version (or there is none): false when
   * another node saved another state first.
   */
  saveState(wall: string, body: string, version: number, replaces?: number): Promise<boolean>;
  /** Every wall's saved state body, by wall id. */
  loadStates(): Promise<Map<string, string>>;
}
