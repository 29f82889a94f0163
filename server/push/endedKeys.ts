// A key revoked or past its expiry: every socket it let in (screens, consoles, phones) is told why
// and closed at once, on this node (each node does the same for its own sockets).
import type { EndedKey } from '../auth/accessKeys.ts';
import type { Logger } from '../observability/logger.ts';
import type { SocketServer } from './socketServer.ts';

export function closeSocketsOfEndedKeys(sockets: Pick<SocketServer, 'socketsByKey'>, keys: readonly EndedKey[], logger: Logger): number {
  const ended = new Map(keys.map((k) => [k.id, k.reason]));
  let count = 0;
  for (const socket of [...sockets.socketsByKey()]) {
    const reason = ended.get(socket.keyId);
    if (!reason) continue;
    socket.emitAccessEnded({
      reason,
      message: reason === 'revoked' ? 'the key of this screen was revoked' : 'the key of this screen expired (it was rotated)',
    });
    socket.disconnect();
    count += 1;
  }
  if (count) logger.info({ keys: keys.map((k) => k.id), sockets: count }, 'sockets of ended keys told and disconnected');
  return count;
}
