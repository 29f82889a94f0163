// Several server nodes as separate OS processes on one PostgreSQL log and one Redis (the scale-out
// shape), for the cluster suites and the cluster benchmark. Each cluster gets a schema of its own
// and a Redis key prefix of its own, so suites running at once never see each other. Where
// PostgreSQL or Redis does not answer the suites are skipped with the reason, except under CI=true.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createClient } from 'redis';
import { faultTokens, type FaultTokens } from '../faults/lib/tokens.ts';
import { PG_URL } from './engines.ts';
import { killHard, spawnServer, type ServerProcess } from './serverProcess.ts';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Why the cluster suites cannot run here (no PostgreSQL or no Redis), or null; under CI=true a missing service throws. */
export async function clusterUnavailable(redisUrl = REDIS_URL): Promise<string | null> {
  const missing: string[] = [];
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    missing.push(`no PostgreSQL at ${PG_URL.replace(/\/\/[^@]*@/, '//')} (${(err as Error).message})`);
  } finally {
    await client.end().catch(() => undefined);
  }
  const reason = await redisUnreachable(redisUrl);
  if (reason) missing.push(reason);
  if (!missing.length) return null;
  const why = missing.join('; ');
  if (process.env.CI === 'true') throw new Error(`CI=true and ${why}`);
  return `skipped: ${why}`;
}

/** Why Redis at this URL does not answer a PING, or null. */
export async function redisUnreachable(url: string): Promise<string | null> {
  const client = createClient({ url, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (err) {
    return `no Redis at ${url} (${(err as Error).message})`;
  } finally {
    await client.close().catch(() => undefined);
  }
}

export interface Cluster {
  nodes: ServerProcess[];
  tokens: FaultTokens;
  /** The PostgreSQL schema and Redis prefix of this cluster. */
  schema: string;
  prefix: string;
  /** The environment every node starts with (NODE_NAME added per node). */
  env: Record<string, string>;
  /** Starts node i (again, after a kill): same name, a new port. */
  startNode(i: number): Promise<ServerProcess>;
  /** Whether node i's process is running. */
  alive(i: number): boolean;
  /** Kills every node still running, drops the schema and deletes the Redis keys. */
  destroy(): Promise<void>;
}

export async function startCluster(size: number, opts: { redisUrl?: string; env?: Record<string, string> } = {}): Promise<Cluster> {
  const tokens = faultTokens();
  const id = `c_${process.pid}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const env = {
    ...tokens.env,
    DATABASE_URL: PG_URL,
    DATABASE_SCHEMA: id,
    REDIS_URL: opts.redisUrl ?? REDIS_URL,
    REDIS_PREFIX: id,
    ...opts.env,
  };
  const nodes: ServerProcess[] = [];
  const startNode = async (i: number) => {
    nodes[i] = await spawnServer(mkdtempSync(join(tmpdir(), 'gridwall-node-')), { ...env, NODE_NAME: `node${i + 1}` });
    return nodes[i]!;
  };
  // the first node makes the schema; the others start together
  await startNode(0);
  await Promise.all(Array.from({ length: size - 1 }, (_, i) => startNode(i + 1)));
  const alive = (i: number) => nodes[i] !== undefined && nodes[i]!.child.exitCode === null && nodes[i]!.child.signalCode === null;
  return {
    nodes,
    tokens,
    schema: id,
    prefix: id,
    env,
    startNode,
    alive,
    async destroy() {
      await Promise.all(nodes.map((n, i) => (alive(i) ? killHard(n) : undefined)));
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${id} CASCADE`).finally(() => client.end());
      await deleteRedisKeys(opts.redisUrl ?? REDIS_URL, id).catch(() => undefined);
    },
  };
}

async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const client = createClient({ url, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `${prefix}:*`, COUNT: 500 })) keys.push(...batch);
    if (keys.length) await client.del(keys);
  } finally {
    await client.close();
  }
}

/** The whole log of a cluster, read from PostgreSQL, in seq order. */
export async function readClusterLog(schema: string) {
  const { openPostgresStores } = await import('../../server/store/postgresStores.ts');
  const store = await openPostgresStores(PG_URL, schema);
  try {
    const all = [];
    for (let page = await store.log.readEvents(0, 10_000); page.length; page = await store.log.readEvents(page.at(-1)!.seq, 10_000)) all.push(...page);
    return all;
  } finally {
    await store.close();
  }
}

/** What a node's /healthz says. */
export interface NodeHealth {
  status: 'ok' | 'degraded';
  seq: number;
  node: string;
  bus: { kind: string; connected: boolean; applied?: number; behind?: boolean };
}
export const health = async (url: string): Promise<NodeHealth> => (await (await fetch(`${url}/healthz`)).json()) as NodeHealth;

/** A node's `gridwall_bus_events_total` by road (local, stream, store). */
export async function busRoads(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Object.fromEntries([...text.matchAll(/^gridwall_bus_events_total\{road="(\w+)"\} (\d+)/gm)].map((m) => [m[1]!, Number(m[2])]));
}

/** Polls until the condition holds (a liveness bound, never a measurement). */
export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
