// The official holiday schedules an administrator loaded (admin API, CLI), kept in the store so that
// every node of a scale-out, and the next start, counts working days by them.
import type { YearScheduleFile } from '../../shared/calendarYear.ts';

export interface StoredYear {
  schedule: YearScheduleFile;
  loadedAt: number;
  /** Who loaded it: a key's label, or `cli`. */
  loadedBy: string;
}

export interface CalendarStore {
  /** Every loaded year, oldest year first. */
  years(): Promise<StoredYear[]>;
  /** Stores a year's schedule; false (nothing changed) when that year is stored already and `replace` is not set. */
  save(entry: StoredYear, replace: boolean): Promise<boolean>;
}
