// The log follower's ordering, over a log held in an array (the follower takes the log as a
// function; the cluster suites run it on PostgreSQL and Redis): batches from the roads in any order
// are applied in seq order, each event once; a gap is read from the log, and a seq missing from the
// log for good (burnt by a rolled-back commit) is passed over; a log that cannot be read leaves the
// follower behind, never out of order, until a catch-up.
import { describe, expect, it } from 'vitest';
import { createLogFollower } from '../../server/bus/logFollower.ts';
import type { StoredCaseEvent } from '../../shared/caseEvent.ts';
import { reported } from '../support/factories.ts';

const ev = (seq: number): StoredCaseEvent => ({ seq, recordedAt: seq, event: reported(`LF-${seq}`) });

function follower(log: StoredCaseEvent[], startSeq = 0) {
  const applied: number[] = [];
  const roads: Record<string, number> = {};
  let failing = false;
  let reads = 0;
  const f = createLogFollower({
    startSeq,
    readEvents: async (after, limit) => {
      reads += 1;
      if (failing) throw new Error('connection refused');
      return log.filter((e) => e.seq > after).slice(0, limit);
    },
    deliver: (events) => {
      // the projection's own rule: in order, each once
      for (const e of events) {
        expect(e.seq).toBeGreaterThan(applied.at(-1) ?? startSeq);
        applied.push(e.seq);
      }
    },
    counted: (road, n) => void (roads[road] = (roads[road] ?? 0) + n),
  });
  return { f, applied, roads, reads: () => reads, fail: (on: boolean) => void (failing = on) };
}

describe('log follower', () => {
  it('applies batches that arrive in seq order without reading the log', async () => {
    const log = [1, 2, 3, 4].map(ev);
    const t = follower(log);
    await t.f.offer(log.slice(0, 2), 'local');
    await t.f.offer(log.slice(2), 'stream');
    expect(t.applied).toEqual([1, 2, 3, 4]);
    expect(t.reads()).toBe(0);
    expect(t.roads).toEqual({ local: 2, stream: 2 });
  });

  it('reads a gap from the log before a batch that overtook it, and drops the late one', async () => {
    const log = [1, 2, 3, 4, 5].map(ev);
    const t = follower(log);
    await t.f.offer([ev(1)], 'local');
    // this node's commit of 4-5 is applied before another node's 2-3 arrive over the stream
    await t.f.offer([ev(4), ev(5)], 'local');
    await t.f.offer([ev(2), ev(3)], 'stream');
    expect(t.applied).toEqual([1, 2, 3, 4, 5]);
    expect(t.roads).toEqual({ local: 3, store: 2 });
  });

  it('passes over a seq burnt by a rolled-back commit', async () => {
    // seq 3 was taken by a commit that rolled back: the log never has it
    const log = [1, 2, 4, 5].map(ev);
    const t = follower(log, 2);
    await t.f.offer([ev(4)], 'stream');
    await t.f.offer([ev(5)], 'stream');
    expect(t.applied).toEqual([4, 5]);
    // one read, for the gap before 4 (it found nothing): none before 5
    expect(t.reads()).toBe(1);
  });

  it('stays behind when the log cannot be read, and catches up in order once it can', async () => {
    const log = [1, 2, 3, 4].map(ev);
    const t = follower(log);
    await t.f.offer([ev(1)], 'local');
    t.fail(true);
    // 2 is missing here and the log is away: 3-4 must not be applied before it
    await t.f.offer([ev(3), ev(4)], 'stream');
    expect(t.applied).toEqual([1]);
    expect(t.f.behind()).toBe(true);
    await t.f.catchUp();
    expect(t.f.behind()).toBe(true);
    t.fail(false);
    await t.f.catchUp();
    expect(t.applied).toEqual([1, 2, 3, 4]);
    expect(t.f.behind()).toBe(false);
    expect(t.f.applied()).toBe(4);
  });

  it('reads a long absence a page at a time', async () => {
    const log = Array.from({ length: 12_345 }, (_, i) => ev(i + 1));
    const t = follower(log);
    await t.f.offer([log.at(-1)!], 'stream');
    expect(t.applied.length).toBe(12_345);
    expect(t.roads).toEqual({ store: 12_344, stream: 1 });
    expect(t.reads()).toBeGreaterThanOrEqual(3);
  });
});
