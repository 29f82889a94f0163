// A private Redis server for one test (redis-server on a free loopback port, no persistence), so a
// test can kill and restart it mid-ingest without touching the machine's shared Redis.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../support/freePort.ts';
import { redisUnreachable } from '../../support/cluster.ts';

export interface PrivateRedis {
  url: string;
  /** Kills it at once (SIGKILL): every connection drops, the stream is lost (no persistence). */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty). */
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/** A private Redis, or why there cannot be one here (no redis-server; under CI=true that throws). */
export async function startPrivateRedis(): Promise<PrivateRedis | { skipped: string }> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const failed = new Promise<Error>((resolve) => child!.once('error', resolve));
    for (let i = 0; i < 100; i++) {
      const error = await Promise.race([failed, new Promise<null>((r) => setTimeout(() => r(null), 50))]);
      if (error) throw error;
      if (!(await redisUnreachable(url))) return;
    }
    throw new Error(`redis-server did not answer on ${url}`);
  };
  const kill = () =>
    new Promise<void>((resolve) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  try {
    await start();
  } catch (err) {
    const reason = `no redis-server to start a private Redis (${(err as Error).message})`;
    if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}`);
    return { skipped: `skipped: ${reason}` };
  }
  return { url, kill, start, destroy: kill };
}
