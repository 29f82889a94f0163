// Socket.IO's Redis Streams adapter (scale-out): what one node's sockets send to another node's
// (the consoles' command log, which screens are connected where). Unlike the plain Redis adapter,
// it resumes its stream after Redis comes back, so no cross-node message is lost to a short outage.
// Its client queues commands while Redis is away (the adapter's stream reads wait for it).
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { ServerOptions } from 'socket.io';
import type { RedisClient } from '../redis/redisClient.ts';

export function socketAdapter(client: RedisClient, prefix: string): ServerOptions['adapter'] {
  return createAdapter(client, { streamName: `${prefix}:socket.io`, channelPrefix: `${prefix}:socket.io`, maxLen: 10_000 }) as ServerOptions['adapter'];
}
