// A slow screen never slows the others (invariant 6): a screen whose socket has more than
// SLOW_SOCKET_BYTES waiting to go out is skipped on the ticks (heat, KPIs, positions, trends and
// alerts are latest-wins) and, once it has drained, gets a fresh state instead of what it missed.
// Its case transitions are never skipped: they wait in its buffer, in order.
import type { Metrics } from '../observability/metrics.ts';
import type { ScreenNamespace } from './socketServer.ts';

/** A socket with more than this many bytes waiting to be sent is skipped on the ticks. */
export const SLOW_SOCKET_BYTES = 1 << 20;

type ScreenSocket = ScreenNamespace extends { sockets: Map<string, infer S> } ? S : never;

/**
 * Bytes waiting to go out on a socket: packets engine.io holds back while the WebSocket has not
 * finished its previous write (that is where a stalled reader's data piles up), plus the
 * WebSocket's own buffer. Read from engine.io's connection: Socket.IO has no public measure of it.
 */
export function backlog(socket: ScreenSocket): number {
  const conn = socket.conn as unknown as {
    writeBuffer?: { data?: string | ArrayBufferLike | ArrayBufferView }[];
    transport: { socket?: { bufferedAmount?: number } };
  };
  let bytes = conn.transport.socket?.bufferedAmount ?? 0;
  for (const packet of conn.writeBuffer ?? []) {
    const data = packet.data;
    bytes += typeof data === 'string' ? data.length : ((data as ArrayBufferView | undefined)?.byteLength ?? 0);
  }
  return bytes;
}

/** `refresh`: sends a drained screen a fresh state. */
export function createBackpressure(screens: ScreenNamespace, metrics: Metrics, refresh: (socket: ScreenSocket) => void) {
  return {
    /** The sockets to skip this tick; a skipped socket that has drained gets a fresh state instead (and is skipped too: it has this tick's state). */
    slowSockets(): string[] {
      const slow: string[] = [];
      for (const socket of screens.sockets.values()) {
        if (backlog(socket) > SLOW_SOCKET_BYTES) {
          if (!socket.data.stale) metrics.screensSkipped.inc();
          socket.data.stale = true;
          slow.push(socket.id);
        } else if (socket.data.stale) {
          socket.data.stale = false;
          refresh(socket);
          slow.push(socket.id);
        }
      }
      return slow;
    },
  };
}
