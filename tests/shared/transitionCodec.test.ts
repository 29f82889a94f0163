import { describe, expect, it } from 'vitest';
import type { TransitionBatch } from '../../shared/protocol.ts';
import { DEFLATE_OVER_CHARS, decodeTransitions, encodeTransitions } from '../../shared/transitionCodec.ts';
import { tickerLine } from '../support/tickerLines.ts';

const line = (seq: number) => tickerLine(seq);

describe('transition batches on the wire', () => {
  it('sends a small batch as it is', () => {
    const batch: TransitionBatch = { prev: 4, lines: [line(5)] };
    expect(encodeTransitions(batch)).toBe(batch);
    expect(decodeTransitions(batch)).toBe(batch);
  });

  it('deflates a large batch to a fraction, and gives it back whole from a Uint8Array or an ArrayBuffer', () => {
    const batch: TransitionBatch = { prev: 0, lines: Array.from({ length: 500 }, (_, i) => line(i + 1)) };
    const encoded = encodeTransitions(batch) as Uint8Array;
    expect(encoded).toBeInstanceOf(Uint8Array);
    expect(JSON.stringify(batch).length).toBeGreaterThan(DEFLATE_OVER_CHARS);
    expect(encoded.byteLength).toBeLessThan(Buffer.byteLength(JSON.stringify(batch)) / 5);
    expect(decodeTransitions(encoded)).toEqual(batch);
    expect(decodeTransitions(encoded.slice().buffer)).toEqual(batch);
  });
});
