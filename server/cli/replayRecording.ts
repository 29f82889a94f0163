// A recorded day as `gridwall replay` plays it: every line checked up front (as `import` checks),
// the recorded server's overdue marks and the events of cases reported before the recording began
// left out and counted, and each kind put in time order. The sort is stable (file order among equal
// times), and a case's events are in time order in any log (the lifecycle refuses an older one), so
// each case keeps its order. Lines are kept as text and parsed again when sent: a day's file (half a
// million events) as parsed objects would take several times the memory.
import { checkLine, readLines, type Rejection } from './ingestClient.ts';

export interface RecordedLine {
  no: number;
  t: number;
  text: string;
}

export interface Recording {
  lines: number;
  /** Case events, in time order. */
  events: RecordedLine[];
  /** Worker fixes, in time order. */
  fixes: RecordedLine[];
  rejections: Rejection[];
  /** A case whose report was refused, with that line's number: its later events are not sent. */
  refusedReports: Map<string, number>;
  /** `overdue` lines: raised by the recorded server; the rehearsal's server raises its own. */
  serverRaised: number;
  /** Events of cases with no report in the file (reported before the recording began): nothing to apply them to. */
  withoutReport: number;
  /** Reports without a deadline (not written by `export`): the server's rules give them one, in real time, not compressed. */
  serverDeadlines: number;
  /** The earliest instant of any line, null for a file with none. */
  first: number | null;
}

const byTime = (a: RecordedLine, b: RecordedLine) => a.t - b.t;

export async function readRecording(file: string): Promise<Recording> {
  const r: Recording = {
    lines: 0,
    events: [],
    fixes: [],
    rejections: [],
    refusedReports: new Map(),
    serverRaised: 0,
    withoutReport: 0,
    serverDeadlines: 0,
    first: null,
  };
  const reported = new Set<string>();
  for await (const { no, text } of readLines(file)) {
    r.lines = no;
    const line = checkLine(text);
    if (line.kind === 'blank') continue;
    if (line.kind === 'overdue') {
      r.serverRaised += 1;
      continue;
    }
    if (line.kind === 'rejected') {
      r.rejections.push({ line: no, reason: line.reason });
      const v = line.value as { type?: unknown; caseId?: unknown } | undefined;
      if (v?.type === 'reported' && typeof v.caseId === 'string' && !r.refusedReports.has(v.caseId)) r.refusedReports.set(v.caseId, no);
      continue;
    }
    const t = Date.parse(line.value.at);
    if (line.kind === 'events') {
      const event = line.value;
      const refused = r.refusedReports.get(event.caseId);
      if (refused !== undefined && event.type !== 'reported') {
        r.rejections.push({ line: no, reason: `not sent: the report of case ${event.caseId} (line ${refused}) was refused` });
        continue;
      }
      if (event.type === 'reported') {
        reported.add(event.caseId);
        if (event.deadline === undefined) r.serverDeadlines += 1;
      } else if (!reported.has(event.caseId)) {
        r.withoutReport += 1;
        continue;
      }
    }
    (line.kind === 'events' ? r.events : r.fixes).push({ no, t, text });
    if (r.first === null || t < r.first) r.first = t;
  }
  r.events.sort(byTime);
  r.fixes.sort(byTime);
  return r;
}

/** Leaves out the lines at or after `to` (the end of the played part); returns how many. */
export function endAt(r: Recording, to: number): number {
  const before = r.events.length + r.fixes.length;
  r.events = r.events.filter((l) => l.t < to);
  r.fixes = r.fixes.filter((l) => l.t < to);
  return before - r.events.length - r.fixes.length;
}
