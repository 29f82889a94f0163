// The document's examples are written on one day (server/http/openapi/paths/); served, they are
// moved by whole days so that the newest of them lies within the day before the server's clock. A
// reader's "Try it out" then posts a report made today or yesterday, not one long overdue, and a
// year from now the examples are as good as on the day they were written. Whole days keep every example's clock time (10:00
// Beijing time stays 10:00) and the order and gaps between them.
const DAY_MS = 86_400_000;

/** An ISO 8601 date-time with its offset, or a calendar day: what an example may hold. */
const DATED = /^(\d{4})-(\d{2})-(\d{2})((?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?)$/;

/** The instant a dated example stands for (a day: its start in UTC), or NaN. */
function instantOf(text: string): number {
  const m = DATED.exec(text);
  return m ? (m[4] ? Date.parse(text) : Date.parse(`${text}T00:00:00Z`)) : Number.NaN;
}

/** The same text, its day moved by `days` (its clock time and offset kept). */
export function shiftDay(text: string, days: number): string {
  const m = DATED.exec(text);
  if (!m || days === 0) return text;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + days * DAY_MS);
  return `${day.toISOString().slice(0, 10)}${m[4]}`;
}

/** Dates that are what they are whatever the day: a year's holiday schedule (they never move, nor move the others). */
const FIXED_KEYS = new Set(['holidays', 'workdays', 'coveredThrough', 'provisionalFrom']);

/** Every string under an `example` or `examples` key, wherever it is in the document (but under FIXED_KEYS). */
function visitExamples(node: unknown, visit: (text: string) => string, inExample = false): unknown {
  if (typeof node === 'string') return inExample ? visit(node) : node;
  if (Array.isArray(node)) return node.map((item) => visitExamples(item, visit, inExample));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      inExample && FIXED_KEYS.has(key) ? value : visitExamples(value, visit, inExample || key === 'example' || key === 'examples'),
    ]),
  );
}

/** The newest dated example of a document (NaN if it has none). */
export function newestExample(document: unknown): number {
  let newest = -Infinity;
  visitExamples(document, (text) => {
    const t = instantOf(text);
    if (t > newest) newest = t;
    return text;
  });
  return newest === -Infinity ? Number.NaN : newest;
}

/** Whole days to move the examples by, so that the newest lies in the day before `now`. */
export function exampleShiftDays(newest: number, now: number): number {
  return Number.isNaN(newest) ? 0 : Math.floor((now - newest) / DAY_MS);
}

/** A copy of the document with every dated example moved by `days`. */
export function shiftExamples<T>(document: T, days: number): T {
  return days === 0 ? document : (visitExamples(document, (text) => shiftDay(text, days)) as T);
}
