// The feed worker's live buffers: written in place, handed over as copies of exactly what the page
// needs, each only when it changed.
import { describe, expect, it } from 'vitest';
import { HEAT_STRIDE, createFeedBuffers } from '../../client/feed/feedBuffers.ts';
import { encodePositionFrame } from '../../shared/positionFrame.ts';

describe('feed buffers', () => {
  it('hand over a copy of each buffer that changed, of the length the page needs, and nothing when nothing did', () => {
    const b = createFeedBuffers();
    b.resetHeat(3, [[1, 4, 2, 1]]);
    b.setWorkerCount(2);
    b.applyPositionFrame(encodePositionFrame(1, [0, 1, 5], [117.1, 39.1, 117.2, 39.2, 118, 40])); // index 5: not on the roster yet
    const first = b.take();
    expect([...first.heat!]).toEqual([0, 0, 0, 4, 2, 1, 0, 0, 0].slice(0, 3 * HEAT_STRIDE));
    expect(first.positions!.length).toBe(4);
    expect([...first.positions!]).toEqual([117.1, 39.1, 117.2, 39.2].map(Math.fround));
    expect(first.workerStates!.length).toBe(2);
    expect(first.transfer).toHaveLength(3);
    expect(b.dirty()).toBe(false);
    expect(b.take()).toEqual({ transfer: [] });

    // a heat delta: only the heat goes, and the copy handed over before is not touched
    b.applyHeat([[2, 1, 0, 0]]);
    const second = b.take();
    expect(second.positions).toBeUndefined();
    expect([...second.heat!.slice(2 * HEAT_STRIDE)]).toEqual([1, 0, 0]);
    expect([...first.heat!.slice(2 * HEAT_STRIDE)]).toEqual([0, 0, 0]);
  });

  it('grow with the roster, keeping what they hold', () => {
    const b = createFeedBuffers();
    b.setWorkerCount(1);
    b.applyPositionFrame(encodePositionFrame(1, [0], [117.5, 39.5]));
    b.applyWorkerStates([[0, 2]]);
    b.setWorkerCount(3);
    const taken = b.take();
    expect([...taken.positions!]).toEqual([117.5, 39.5, 0, 0, 0, 0].map(Math.fround));
    expect([...taken.workerStates!]).toEqual([2, 0, 0]);
  });
});
