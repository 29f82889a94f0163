import { describe, expect, it } from 'vitest';
import type { TickerLine, TransitionBatch } from '../../shared/protocol.ts';
import { DEFLATE_OVER_CHARS, decodeTransitions, encodeTransitions } from '../../shared/transitionCodec.ts';

const line = (seq: number): TickerLine => ({
  seq,
  caseId: `C${seq}`,
  type: 'reported',
  status: 'reported',
  at: 1_795_000_000_000 + seq,
  gridCode: '120101001008003',
  districtCode: '120101',
  category: 'appearance.garbage',
  urgency: 'ordinary',
  source: 'hotline_12345',
  summary: '小区门口生活垃圾堆放未清运',
});

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
