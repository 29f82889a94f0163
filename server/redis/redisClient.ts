// One way to open a Redis connection for the scale-out parts (the bus, Socket.IO's adapter, the
// shared rate limits): reconnecting by itself with a capped back-off, its errors reported (a client
// without an 'error' listener would end the process when Redis goes away), the URL's password
// kept out of messages.
import { createClient, type RedisClientType } from 'redis';

export type RedisClient = RedisClientType;

export interface RedisConnectOptions {
  /** Queue commands while Redis is away (true: they wait for it; false: they fail at once). */
  offlineQueue: boolean;
  /** The connection was lost (once per outage). */
  down?(err: Error): void;
  /** The connection is back after an outage. */
  up?(): void;
}

export const redactRedisUrl = (url: string) => url.replace(/\/\/[^@]*@/, '//***@');

export async function connectRedis(url: string, opts: RedisConnectOptions): Promise<RedisClient> {
  const client = createClient({
    url,
    disableOfflineQueue: !opts.offlineQueue,
    socket: { connectTimeout: 5000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) },
  }) as RedisClient;
  let down = false;
  client.on('error', (err: Error) => {
    if (!down) opts.down?.(err);
    down = true;
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    opts.up?.();
  });
  await client.connect().catch((err: Error) => {
    throw new Error(`cannot reach Redis at ${redactRedisUrl(url)}: ${err.message}`);
  });
  return client;
}
