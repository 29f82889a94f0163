import { describe, expect, it } from 'vitest';
import { decodePositionFrame, encodePositionFrame } from '../../shared/positionFrame.ts';

describe('position frame', () => {
  it('round-trips indices and coordinates to within a metre', () => {
    const frame = encodePositionFrame(7, [0, 5, 14999], [117.20001, 39.13337, 116.9, 38.9, 117.8, 40.1]);
    expect(frame.byteLength).toBe(12 + 3 * 12);
    const { tick, indices, coords } = decodePositionFrame(frame);
    expect(tick).toBe(7);
    expect([...indices]).toEqual([0, 5, 14999]);
    [117.20001, 39.13337, 116.9, 38.9, 117.8, 40.1].forEach((v, i) => expect(Math.abs(coords[i]! - v)).toBeLessThan(1e-5));
  });

  it('decodes from a Node Buffer view as the socket client delivers it', () => {
    const frame = encodePositionFrame(1, [3], [117, 39]);
    const buffer = Buffer.concat([Buffer.alloc(5), Buffer.from(frame)]).subarray(5);
    expect([...decodePositionFrame(buffer).indices]).toEqual([3]);
  });

  it('refuses a truncated or foreign frame', () => {
    const frame = encodePositionFrame(1, [1, 2], [117, 39, 117, 39]);
    expect(() => decodePositionFrame(frame.slice(0, 20))).toThrow(/cannot hold/);
    expect(() => decodePositionFrame(new ArrayBuffer(12))).toThrow(/not a position frame/);
  });
});
