// A ticker line as the server pushes it: a garbage report in 和平区, numbered by its sequence.
// Light (no geography loaded), for the client's pure tests and the codec's.
import type { TickerLine } from '../../shared/protocol.ts';

export function tickerLine(seq: number, over: Partial<TickerLine> = {}): TickerLine {
  return {
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
    ...over,
  };
}
