// The scale-out bus (REDIS_URL): several nodes on one PostgreSQL log.
// - Committed case events go onto a Redis Stream (`<prefix>:events`, trimmed to about `maxLen`
//   entries) that every node tails; a node applies its own commits at once. A log follower
//   (logFollower.ts) puts every road in seq order and fills any gap from PostgreSQL: a node that
//   starts late, falls behind the stream's retention, or lost Redis for a while reads the log.
// - Positions go on a Redis channel (`<prefix>:positions`): latest wins, a lost message is
//   overtaken by the worker's next fix; so do the phones' heartbeats and patrols (`<prefix>:workers`,
//   a lost heartbeat is overtaken by the next). Messages between nodes (a wall's new state, keys changed)
//   go on `<prefix>:control`. A node ignores its own messages.
// Publishing never waits on Redis: the commit is durable in PostgreSQL before it is published, so
// Redis being away delays the other nodes (they read the log every CATCH_UP_MS and on reconnect)
// but never an acknowledgement.
import type { PositionFix } from '../../shared/caseEvent.ts';
import type { StoredCaseEvent } from '../../shared/caseEvent.ts';
import type { Bus, ControlMessage, WorkerSignal } from './bus.ts';
import { handlerSet } from './handlers.ts';
import { connectRedis, type RedisClient } from '../redis/redisClient.ts';
import { createLogFollower, type Road } from './logFollower.ts';

/** Every node reads the log this often for what neither its commits nor the stream brought (a node that died between its commit and its XADD). */
export const CATCH_UP_MS = 2000;
/** A blocking stream read returns after this long without entries (and a closing bus stops within it). */
const BLOCK_MS = 1000;
/** After a failed Redis call, wait this long before the next (Redis restarting). */
const RETRY_MS = 250;

export interface RedisBusOptions {
  url: string;
  /** Key prefix: several clusters (or test runs) share one Redis. */
  prefix: string;
  node: string;
  /** Stream entries kept (approximately): a node further behind reads the log instead. */
  maxLen: number;
  /** The seq this node's projections hold after the start-up fold. */
  startSeq: number;
  readEvents(afterSeq: number, limit: number): Promise<StoredCaseEvent[]>;
  /** Problems worth a log line (throttled by the caller). */
  warn(message: string, err?: Error): void;
  counted?(road: Road, events: number): void;
}

type Client = RedisClient;

export async function createRedisBus(opts: RedisBusOptions): Promise<Bus> {
  const keys = { events: `${opts.prefix}:events`, positions: `${opts.prefix}:positions`, workers: `${opts.prefix}:workers`, control: `${opts.prefix}:control` };
  const caseEvents = handlerSet<StoredCaseEvent[]>();
  const positions = handlerSet<PositionFix[]>();
  const signals = handlerSet<WorkerSignal[]>();
  const control = handlerSet<ControlMessage>();
  let closed = false;

  const follower = createLogFollower({
    startSeq: opts.startSeq,
    readEvents: opts.readEvents,
    deliver: (events) => caseEvents.emit(events),
    counted: opts.counted,
    failed: (err) => opts.warn('the log could not be read to fill a gap; this node catches up when it can', err),
  });

  const connect = (name: string): Promise<Client> =>
    connectRedis(opts.url, {
      // a command while Redis is away fails at once (publishing is best effort; the reader retries)
      offlineQueue: false,
      down: (err) => {
        if (!closed) opts.warn(`Redis (${name}) connection lost; reconnecting`, err);
      },
      // back after an outage: what was committed meanwhile is in the log
      up: () => void follower.catchUp(),
    });

  const pub = await connect('publisher');
  const reader = await connect('stream reader');
  const sub = await connect('subscriber');

  // tail the stream from its current end: what came before is in the start-up fold or the log
  const last = await pub.xRevRange(keys.events, '+', '-', { COUNT: 1 });
  let offset = last?.[0]?.id ?? '0-0';

  await sub.subscribe([keys.positions, keys.workers, keys.control], (message: string, channel: string) => {
    let parsed: { node: string; body: unknown };
    try {
      parsed = JSON.parse(message) as typeof parsed;
    } catch {
      return;
    }
    if (parsed.node === opts.node) return;
    if (channel === keys.positions) positions.emit(parsed.body as PositionFix[]);
    else if (channel === keys.workers) signals.emit(parsed.body as WorkerSignal[]);
    else control.emit(parsed.body as ControlMessage);
  });

  let tail: Promise<void> = Promise.resolve();
  let poll: ReturnType<typeof setInterval> | undefined;
  const tailStream = async () => {
    while (!closed) {
      try {
        const reply = await reader.xRead({ key: keys.events, id: offset }, { BLOCK: BLOCK_MS, COUNT: 200 });
        for (const stream of streamsOf(reply)) {
          for (const entry of stream.messages) {
            offset = entry.id;
            if (entry.message.node === opts.node) continue; // applied when committed
            const events = JSON.parse(entry.message.events!) as StoredCaseEvent[];
            void follower.offer(events, 'stream');
          }
        }
      } catch {
        if (closed) break;
        // Redis away: the client reconnects by itself; try again shortly
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
  };

  const send = (what: string, run: () => Promise<unknown>) => {
    if (!pub.isReady) return;
    run().catch((err: Error) => opts.warn(`${what} not published to the other nodes (they read the log)`, err));
  };

  return {
    async start() {
      await follower.catchUp();
      tail = tailStream();
      poll = setInterval(() => void follower.catchUp(), CATCH_UP_MS);
      poll.unref();
    },
    async publishCaseEvents(events) {
      if (!events.length) return;
      send('committed events', () =>
        pub.xAdd(
          keys.events,
          '*',
          { node: opts.node, events: JSON.stringify(events) },
          {
            TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: opts.maxLen },
          },
        ),
      );
      await follower.offer(events, 'local');
    },
    publishPositions(fixes) {
      positions.emit(fixes);
      send('positions', () => pub.publish(keys.positions, JSON.stringify({ node: opts.node, body: fixes })));
    },
    publishWorkerSignals(list) {
      signals.emit(list);
      send('worker signals', () => pub.publish(keys.workers, JSON.stringify({ node: opts.node, body: list })));
    },
    publishControl(message) {
      send(`a ${message.type} message`, () => pub.publish(keys.control, JSON.stringify({ node: opts.node, body: message })));
    },
    onCaseEvents: caseEvents.on,
    onPositions: positions.on,
    onWorkerSignals: signals.on,
    onControl: control.on,
    status: () => ({
      kind: 'redis',
      node: opts.node,
      connected: pub.isReady && reader.isReady && sub.isReady,
      applied: follower.applied(),
      behind: follower.behind(),
    }),
    async close() {
      closed = true;
      clearInterval(poll);
      await tail;
      await follower.idle();
      for (const client of [sub, reader, pub]) await client.close().catch(() => undefined);
      caseEvents.clear();
      positions.clear();
      signals.clear();
      control.clear();
    },
  };
}

interface StreamReply {
  messages: { id: string; message: Record<string, string> }[];
}

/** XREAD's reply as a list of streams, whichever shape the client's protocol gives (a list, or a map by key). */
function streamsOf(reply: unknown): StreamReply[] {
  if (!reply) return [];
  if (Array.isArray(reply)) return reply as StreamReply[];
  if (reply instanceof Map) return [...reply.values()].map((messages) => ({ messages })) as StreamReply[];
  return Object.values(reply as Record<string, unknown>).map((v) => (Array.isArray(v) ? { messages: v } : v)) as StreamReply[];
}
