// How a ranking fits its panel (pure, testable): as few columns as keep every row at least
// MIN_ROW_REM tall, and the bars scaled to the range of the rates shown, so that 31.5 % and 34.5 %
// do not both draw as a bar 85 % long.

/** A row is at least this tall (its type 0.55 of it: 0.6 rem, above the wall's 0.5 rem floor). */
export const MIN_ROW_REM = 1.1;
export const MAX_ROW_REM = 1.6;
/** A column is at least this wide (rank, a four-character name, a bar, two rates). */
export const MIN_COLUMN_REM = 12;

/** A row's cells take this many ems: rank 1.2, name 4.2, bar at least 5, two rates of 3.4, four gaps of 0.4. */
export const ROW_EMS = 19;
/** Between columns (the CSS's column-gap). */
export const COLUMN_GAP_REM = 1.2;

export interface RankingFit {
  columns: number;
  /** Rows per column. */
  perColumn: number;
  rowPx: number;
  /** The rows' type: 0.55 of a row, less where a column is too narrow for the cells at that size. */
  fontPx: number;
  /** The rows that fit; the rest are counted in the title's aside. */
  shown: number;
}

export function rankingFit(rows: number, width: number, height: number, rem: number): RankingFit {
  const maxColumns = Math.max(1, Math.floor(width / (MIN_COLUMN_REM * rem)));
  const minRow = MIN_ROW_REM * rem;
  let columns = 1;
  while (columns < maxColumns && height / Math.ceil(rows / columns) < minRow) columns++;
  const perColumn = Math.max(1, Math.min(Math.ceil(rows / columns), Math.floor(height / minRow)));
  const rowPx = Math.min(MAX_ROW_REM * rem, height / perColumn);
  const columnPx = (width - (columns - 1) * COLUMN_GAP_REM * rem) / columns;
  return { columns, perColumn, rowPx, fontPx: Math.min(rowPx * 0.55, columnPx / ROW_EMS), shown: Math.min(rows, columns * perColumn) };
}

/** Bar length (0–1) of each rate: the lowest shown draws short (0.15), the highest full. */
export function barScale(rates: (number | null)[]): { from: number; length(rate: number | null): number } {
  const known = rates.filter((r): r is number => r !== null);
  if (!known.length) return { from: 0, length: () => 0 };
  const hi = Math.max(...known);
  const lo = Math.min(...known);
  // start the axis a little below the lowest, on a whole 5 %, so equal rates draw equal and none vanishes
  const from = hi - lo < 1e-9 ? Math.max(0, hi - 0.1) : Math.max(0, Math.floor(((lo - (hi - lo) * 0.2) * 100) / 5) * 5) / 100;
  const span = Math.max(1e-9, hi - from);
  return { from, length: (rate) => (rate === null ? 0 : 0.08 + 0.92 * ((rate - from) / span)) };
}
