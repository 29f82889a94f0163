// What the fault suites check after each fault, against the event log itself: every acknowledged
// batch is in the log exactly once, nothing half-stored; a screen saw every transition exactly once
// in order (or a fresh snapshot covered the ones it did not); and its heat, KPIs and open cases
// equal a recomputation of the projections from the log.
import { expect } from 'vitest';
import type { CaseEvent } from '../../../shared/caseEvent.ts';
import { createCaseProjection } from '../../../server/projections/caseProjection.ts';
import type { StoredCaseEvent } from '../../../shared/caseEvent.ts';
import { grids } from '../../support/factories.ts';
import type { ResumingScreen } from './resumingScreen.ts';

/** One batch a sender posted, and whether the server acknowledged it (200). */
export interface SentBatch {
  events: CaseEvent[];
  acked: boolean;
}

/** Every acknowledged batch is stored, each event exactly once; no batch is stored in part. */
export function expectAcknowledgedStored(log: StoredCaseEvent[], sent: SentBatch[]): void {
  const count = new Map<string, number>();
  for (const e of log) count.set(e.event.eventId, (count.get(e.event.eventId) ?? 0) + 1);
  expect(
    [...count].filter(([, n]) => n !== 1),
    'event ids stored more than once',
  ).toEqual([]);
  const missing = sent
    .filter((b) => b.acked)
    .flatMap((b) => b.events.map((e) => e.eventId))
    .filter((id) => !count.has(id));
  expect(missing, 'acknowledged events missing from the log').toEqual([]);
  const partial = sent.filter((b) => {
    const stored = b.events.filter((e) => count.has(e.eventId)).length;
    return stored !== 0 && stored !== b.events.length;
  });
  expect(
    partial.map((b) => b.events[0]!.caseId),
    'batches stored in part',
  ).toEqual([]);
}

/**
 * The screen (city scope: every event is one of its transitions) got every transition of the log
 * after its first snapshot exactly once and in log order (so in per-case order), except those a
 * later fresh snapshot covered. Returns how many fresh snapshots it took after the first.
 */
export function expectEveryTransitionOnce(screen: ResumingScreen, log: StoredCaseEvent[]): number {
  expect(screen.duplicates, 'transitions delivered twice').toBe(0);
  const seqs = screen.delivered.map((l) => l.seq);
  expect(
    seqs.every((s, i) => i === 0 || s > seqs[i - 1]!),
    'transitions out of log order',
  ).toBe(true);
  const inLog = new Set(log.map((e) => e.seq));
  expect(
    seqs.filter((s) => !inLog.has(s)),
    'transitions shown that the log does not have',
  ).toEqual([]);
  const fresh = screen.snapshots.filter((s) => s.resumedFrom === null);
  const coveredUpTo = Math.max(...fresh.map((s) => s.scopeSeq));
  const seen = new Set(seqs);
  const missed = log.filter((e) => e.seq > coveredUpTo && !seen.has(e.seq)).map((e) => e.seq);
  expect(missed, 'transitions never delivered nor covered by a snapshot').toEqual([]);
  // the lines say what the log says
  const bySeq = new Map(log.map((e) => [e.seq, e.event]));
  expect(screen.delivered.filter((l) => bySeq.get(l.seq)?.caseId !== l.caseId || bySeq.get(l.seq)?.type !== l.type).map((l) => l.seq)).toEqual([]);
  return fresh.length - 1;
}

/** The projections folded again from the log, independently of any server. */
export function recompute(log: StoredCaseEvent[]) {
  const replay = createCaseProjection(grids.grids.length, grids.indexOf);
  replay.apply(log);
  return replay;
}

const heatOf = (screen: ResumingScreen) => new Map([...screen.heat].filter(([, v]) => v.some((x) => x !== 0)));

/** Waits until the screen has the log's last transition and its heat and KPIs equal the recomputation. */
export async function expectScreenConverges(screen: ResumingScreen, log: StoredCaseEvent[], timeoutMs = 20_000): Promise<void> {
  const last = log.at(-1)?.seq ?? 0;
  const replay = recompute(log);
  const expectedHeat = new Map(replay.heatEntries().map(([i, ...v]) => [i, v]));
  const kpisNow = () => {
    const k = screen.kpis!;
    // a city screen's KPIs say which region they cover
    return { ...replay.kpis(Date.now(), k.workersOnline), overdueNow: 0, region: '1201' };
  };
  const same = () =>
    screen.seq() >= last &&
    screen.kpis !== null &&
    JSON.stringify({ ...screen.kpis, overdueNow: 0 }) === JSON.stringify(kpisNow()) &&
    JSON.stringify([...heatOf(screen)].sort((a, b) => a[0] - b[0])) === JSON.stringify([...expectedHeat].sort((a, b) => a[0] - b[0]));
  await screen.until(same, `its heat and KPIs converge to the log (up to seq ${last})`, timeoutMs).catch(() => undefined);
  // on a mismatch these say what differs
  expect(screen.seq()).toBeGreaterThanOrEqual(last);
  expect({ ...screen.kpis!, overdueNow: 0 }).toEqual(kpisNow());
  expect(heatOf(screen)).toEqual(expectedHeat);
  expect(screen.kpis!.openCases).toBe(replay.openCases().length);
}
