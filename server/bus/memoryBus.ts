// The embedded bus: synchronous in-process fan-out, so a projection is updated before the ingest
// request that committed the event is answered. One process: no other node to tell anything.
import type { PositionFix } from '../../shared/caseEvent.ts';
import type { StoredCaseEvent } from '../../shared/caseEvent.ts';
import type { Bus, ControlMessage, WorkerSignal } from './bus.ts';
import { handlerSet } from './handlers.ts';

export function createMemoryBus(node = 'embedded'): Bus {
  const caseEvents = handlerSet<StoredCaseEvent[]>();
  const positions = handlerSet<PositionFix[]>();
  const signals = handlerSet<WorkerSignal[]>();
  const control = handlerSet<ControlMessage>();
  return {
    start: () => Promise.resolve(),
    publishCaseEvents(events) {
      caseEvents.emit(events);
      return Promise.resolve();
    },
    publishPositions: (fixes) => positions.emit(fixes),
    publishWorkerSignals: (list) => signals.emit(list),
    publishControl: () => undefined,
    onCaseEvents: caseEvents.on,
    onPositions: positions.on,
    onWorkerSignals: signals.on,
    onControl: control.on,
    status: () => ({ kind: 'memory', node, connected: true }),
    async close() {
      caseEvents.clear();
      positions.clear();
      signals.clear();
      control.clear();
    },
  };
}
