// The embedded bus: synchronous in-process fan-out, so a projection is updated before the ingest
// request that committed the event is answered.
import type { Bus } from './bus.ts';

export function createMemoryBus(): Bus {
  const caseHandlers = new Set<Parameters<Bus['onCaseEvents']>[0]>();
  const positionHandlers = new Set<Parameters<Bus['onPositions']>[0]>();
  return {
    publishCaseEvents(events) {
      for (const h of caseHandlers) h(events);
    },
    publishPositions(fixes) {
      for (const h of positionHandlers) h(fixes);
    },
    onCaseEvents(handler) {
      caseHandlers.add(handler);
      return () => caseHandlers.delete(handler);
    },
    onPositions(handler) {
      positionHandlers.add(handler);
      return () => positionHandlers.delete(handler);
    },
    async close() {
      caseHandlers.clear();
      positionHandlers.clear();
    },
  };
}
