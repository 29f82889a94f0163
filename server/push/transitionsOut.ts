// Case transitions to the screens of every scope they belong to (a grid's street, district and the
// city), as soon as they are folded. Each batch names its scope's previous seq (`prev`) so a screen
// sees a gap; it is encoded (and, when large, deflated) once per scope and broadcast as the same
// bytes to that scope's room on this node.
import type { TickerLine } from '../../shared/protocol.ts';
import { encodeTransitions } from '../../shared/transitionCodec.ts';
import { scopesOf } from '../projections/caseProjection.ts';
import type { Feed } from './feeds.ts';
import { activeScopes, scopeRoom } from './rooms.ts';
import type { ScreenNamespace } from './socketServer.ts';

export function publishTransitions(screens: ScreenNamespace, feed: Feed, lines: TickerLine[]): void {
  if (!lines.length) return;
  const active = new Set(activeScopes(screens, feed.id));
  const batches = new Map<string, { prev: number; lines: TickerLine[] }>();
  for (const line of lines) {
    for (const scope of scopesOf(line.gridCode)) {
      let batch = batches.get(scope);
      if (!batch) {
        batch = { prev: feed.published.get(scope) ?? 0, lines: [] };
        batches.set(scope, batch);
      }
      feed.published.set(scope, line.seq);
      if (active.has(scope)) batch.lines.push(line);
    }
  }
  for (const [scope, batch] of batches) if (batch.lines.length) screens.local.to(scopeRoom(feed.id, scope)).emit('transitions', encodeTransitions(batch));
}
