// Worker states from fixes: patrolling while moving, idle after 3 minutes within 30 m, offline
// after 5 minutes without a fix (by the clock alone); only changes are drained.
import { describe, expect, it } from 'vitest';
import { createWorkerPositions } from '../../server/projections/workerPositions.ts';
import { IDLE, OFFLINE, PATROLLING, classifyWorker, metresBetween } from '../../server/projections/workerStates.ts';
import { fix, grids } from '../support/factories.ts';

const t0 = Date.parse('2026-11-23T10:00:00+08:00');
const iso = (ms: number) => new Date(ms).toISOString();
const MIN = 60_000;
const g = grids.grids[0]!;
const [lon, lat] = g.centroid;

describe('worker states', () => {
  it('classifies by the last fix and how long he has stood still', () => {
    expect(classifyWorker(t0, t0, t0 + MIN, 5 * MIN)).toBe(PATROLLING);
    expect(classifyWorker(t0 + 3 * MIN, t0, t0 + 3 * MIN, 5 * MIN)).toBe(IDLE);
    expect(classifyWorker(t0, t0, t0 + 5 * MIN + 1, 5 * MIN)).toBe(OFFLINE);
  });

  it('measures metres between nearby points', () => {
    expect(metresBetween(117.2, 39.13, 117.2, 39.13 + 0.001)).toBeCloseTo(110.6, 0);
    expect(metresBetween(117.2, 39.13, 117.2 + 0.001, 39.13)).toBeCloseTo(86.3, 0);
  });

  it('turns a worker idle when he stays within 30 m, patrolling when he walks on, offline when his fixes stop', () => {
    const w = createWorkerPositions();
    const still = (m: number, dLat = 0) => fix('STILL', { gridCode: g.code, lon, lat: lat + dLat, at: iso(t0 + m * MIN) });
    const walker = (m: number) => fix('WALK', { gridCode: g.code, lon, lat: lat + m * 0.001, at: iso(t0 + m * MIN) });
    w.apply([still(0), walker(0)]);
    w.drainRoster();
    expect(w.drainStateChanges(t0)).toEqual([0, 1]); // new workers start offline: both patrolling now
    expect(w.stateChangesOf([0, 1])).toEqual([
      [0, PATROLLING],
      [1, PATROLLING],
    ]);
    for (let m = 1; m <= 4; m++) w.apply([still(m, 0.0001 * (m % 2)), walker(m)]); // 11 m of jitter
    expect(w.drainStateChanges(t0 + 4 * MIN)).toEqual([0]);
    expect(w.stateChangesOf([0])).toEqual([[0, IDLE]]);
    expect(w.drainStateChanges(t0 + 4 * MIN)).toBeNull(); // nothing changed since
    w.apply([still(5, 0.001)]); // he walks off 110 m
    expect(w.drainStateChanges(t0 + 5 * MIN)).toEqual([0]);
    expect(w.stateChangesOf([0])).toEqual([[0, PATROLLING]]);
    // no more fixes from either: the walker offline and the other idle, by the clock alone
    expect(w.drainStateChanges(t0 + 9 * MIN + 1)).toEqual([0, 1]);
    expect([...new Uint8Array(w.stateBytes())]).toEqual([IDLE, OFFLINE]);
  });

  it("shows a scoped screen only its workers' states; the others are offline to it", () => {
    const w = createWorkerPositions();
    const other = grids.grids.find((x) => !x.code.startsWith(g.code.slice(0, 6)))!;
    w.apply([
      fix('MINE', { gridCode: g.code, at: iso(t0) }),
      fix('THEIRS', { gridCode: other.code, lon: other.centroid[0], lat: other.centroid[1], at: iso(t0) }),
    ]);
    w.drainRoster();
    const changed = w.drainStateChanges(t0)!;
    const scope = g.code.slice(0, 6);
    expect(w.stateChangesOf(changed, scope)).toEqual([[0, PATROLLING]]);
    expect([...new Uint8Array(w.stateBytes(scope))]).toEqual([PATROLLING, OFFLINE]);
  });
});
