import { describe, expect, it } from 'vitest';
import { decodeGridGeometry, encodeGridGeometry } from '../../shared/gridGeometry.ts';

describe('grid geometry binary layout', () => {
  it('round-trips grids of one and of two parts, to 1e-5 degree', () => {
    const grids: [number, number][][][] = [
      [
        [
          [117.1, 39.1],
          [117.2, 39.1],
          [117.2, 39.2],
        ],
      ],
      [
        [
          [117.3, 39.3],
          [117.4, 39.3],
          [117.4, 39.4],
          [117.3, 39.4],
        ],
        [
          [117.5, 39.5],
          [117.6, 39.5],
          [117.55, 39.6],
        ],
      ],
    ];
    const bytes = encodeGridGeometry(grids);
    const g = decodeGridGeometry(bytes.buffer as ArrayBuffer);
    expect(g.gridCount).toBe(2);
    expect([...g.polygonGrid]).toEqual([0, 1, 1]);
    expect([...g.polygonStart]).toEqual([0, 3, 7, 10]);
    expect(g.positions[14]).toBeCloseTo(117.5, 9);
    expect(g.positions[19]).toBeCloseTo(39.6, 9);
  });

  it('refuses a file that is not one, or is cut short', () => {
    expect(() => decodeGridGeometry(new TextEncoder().encode('{"grids": []}   ').buffer as ArrayBuffer)).toThrow(/not a grid geometry file/);
    const bytes = encodeGridGeometry([
      [
        [
          [117, 39],
          [117.1, 39],
          [117.1, 39.1],
        ],
      ],
    ]);
    expect(() => decodeGridGeometry(bytes.buffer.slice(0, bytes.length - 8) as ArrayBuffer)).toThrow(/its header says/);
  });
});
