// The server as a separate OS process (node + tsx), for tests that kill it with SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  ingestKey: string;
  screenToken: string;
  presenterToken: string;
  adminToken: string;
  /** Everything the process wrote so far (stdout and stderr), for a failure message. */
  output(): string;
}

/** The environment that starts a server with these keys again (the store keeps only their hashes, so a restart does not print them). */
export function keysEnv(p: Pick<ServerProcess, 'ingestKey' | 'screenToken' | 'presenterToken' | 'adminToken'>): Record<string, string> {
  return {
    GRIDWALL_INGEST_KEY: p.ingestKey,
    GRIDWALL_SCREEN_TOKEN: p.screenToken,
    GRIDWALL_PRESENTER_TOKEN: p.presenterToken,
    GRIDWALL_ADMIN_TOKEN: p.adminToken,
  };
}

/**
 * Starts the server on a data folder. On a new store it prints the keys it made; on a restart pass
 * `keysEnv(first)` so it prints them again. Traffic limits are off unless `env` sets them (they are
 * tested on their own; benchmarks measure the pipeline, not the limiter).
 */
/** Far beyond any start seen, so only a hung process fails here (under load a start took 30 s). */
const START_TIMEOUT_MS = 180_000;

export function spawnServer(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--no-simulator', '--port', '0'], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_INGEST: '0',
      RATE_LIMIT_READ: '0',
      RATE_LIMIT_ADMIN: '0',
      RATE_LIMIT_SOCKET: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    // a start is waited for as long as the process lives (a busy machine stretches a tsx start a
    // long way); the test's own timeout is the net for one that hangs
    const timer = setTimeout(() => reject(new Error(`server did not start within ${START_TIMEOUT_MS} ms:\n${out}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const url = /serving on (http:\/\/\S+)/.exec(out)?.[1];
      // the banner shows a token only when it was made now or given by the environment (else <…>)
      // (keys given in the environment are known without it)
      const ingestKey = env.GRIDWALL_INGEST_KEY ?? /Ingest key:\s+([^<\s]\S*)/.exec(out)?.[1];
      const screenToken = env.GRIDWALL_SCREEN_TOKEN ?? /token=([^<\s]\S*)/.exec(out)?.[1];
      const presenterToken = env.GRIDWALL_PRESENTER_TOKEN ?? /\/console\/\S+?\?token=([^<\s]\S*)/.exec(out)?.[1];
      const adminToken = env.GRIDWALL_ADMIN_TOKEN ?? /Admin key:\s+([^<\s]\S*)/.exec(out)?.[1];
      if (url && ingestKey && screenToken && presenterToken && adminToken) {
        clearTimeout(timer);
        resolve({ child, url: url.replace('localhost', '127.0.0.1'), ingestKey, screenToken, presenterToken, adminToken, output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
}

export function killHard(p: ServerProcess): Promise<void> {
  return new Promise((resolve) => {
    p.child.once('exit', () => resolve());
    p.child.kill('SIGKILL');
  });
}
