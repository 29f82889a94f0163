// Socket.IO's Redis Streams adapter (scale-out): what one node's sockets send to another node's
// (the consoles' command log, which screens are connected where). Unlike the plain Redis adapter,
// it resumes its stream after Redis comes back, so no cross-node message is lost to a short outage.
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { ServerOptions } from 'socket.io';

export async function openSocketAdapter(url: string, prefix: string): Promise<{ adapter: ServerOptions['adapter']; close(): Promise<void> }> {
  const client = createClient({ url, socket: { connectTimeout: 5000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) } });
  client.on('error', () => undefined); // the bus logs Redis outages once; this client reconnects by itself
  await client.connect();
  return {
    adapter: createAdapter(client, { streamName: `${prefix}:socket.io`, channelPrefix: `${prefix}:socket.io`, maxLen: 10_000 }) as ServerOptions['adapter'],
    close: () => client.close().catch(() => undefined),
  };
}
