// The bus carries what was committed to every projection: in-process now, a Redis Stream when
// the server is scaled out. Subscribers see committed case events in log order.
import type { PositionFix } from '../../shared/caseEvent.ts';
import type { StoredCaseEvent } from '../store/eventStore.ts';

export interface Bus {
  publishCaseEvents(events: StoredCaseEvent[]): void;
  publishPositions(fixes: PositionFix[]): void;
  onCaseEvents(handler: (events: StoredCaseEvent[]) => void): () => void;
  onPositions(handler: (fixes: PositionFix[]) => void): () => void;
  close(): Promise<void>;
}
