// A private PostgreSQL cluster for one test (initdb + pg_ctl as the postgres OS user, in a temp
// folder, on a free port), so that a test can stop and start it mid-ingest without touching the
// machine's shared PostgreSQL, which other suites use at the same time. Where initdb is missing (or
// this user cannot run it as postgres) the suite is skipped with the reason.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { freePort } from '../../support/freePort.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivatePostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it (if running) and deletes its folder. */
  destroy(): Promise<void>;
}

function findBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0]!, 'bin') : null;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres | { skipped: string }> {
  const bin = findBin();
  if (!bin)
    return { skipped: 'skipped: no initdb under /usr/lib/postgresql/*/bin (install the postgresql server package to run the PostgreSQL restart fault)' };
  let uid: number;
  let gid: number;
  try {
    [uid, gid] = execFileSync('id', ['-u', 'postgres'])
      .toString()
      .trim()
      .split('\n')
      .map(Number)
      .concat(Number(execFileSync('id', ['-g', 'postgres']).toString().trim())) as [number, number];
  } catch {
    return { skipped: 'skipped: no postgres OS user to run a private PostgreSQL as' };
  }
  const dir = mkdtempSync(join(tmpdir(), 'gridwall-pg-'));
  const data = join(dir, 'data');
  const asPostgres = (args: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'pipe', timeout: 60_000 });
  try {
    chownSync(dir, uid, gid);
    asPostgres([join(bin, 'initdb'), '-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    return {
      skipped: `skipped: cannot initdb a private PostgreSQL (${String((err as { stderr?: Buffer }).stderr ?? (err as Error).message)
        .trim()
        .slice(0, 300)})`,
    };
  }
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=40 -c shared_buffers=16MB`;
  // pg_ctl without pipes, waited for by its exit: the server it starts would hold a pipe open for
  // ever (a synchronous call would then block this process's event loop until its timeout)
  const pgCtl = (args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn('runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', data, ...args], { stdio: 'ignore' });
      child.once('error', reject);
      child.once('exit', (code) => {
        if (code === 0) return resolve();
        let log = '';
        try {
          log = readFileSync(join(dir, 'log'), 'utf8').slice(-500);
        } catch {
          // no log yet
        }
        reject(new Error(`pg_ctl ${args.at(-1)} exited with ${code}: ${log}`));
      });
    });
  let running = false;
  const pg: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      await pgCtl(['-o', options, '-l', join(dir, 'log'), '-w', '-t', '30', 'start']);
      running = true;
    },
    async stop() {
      // fast: sessions are ended at once (57P01 admin_shutdown), as in a restart by an operator
      await pgCtl(['-m', 'fast', '-w', '-t', '30', 'stop']);
      running = false;
    },
    async destroy() {
      try {
        if (running) await pg.stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  try {
    await pg.start();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    return {
      skipped: `skipped: a private PostgreSQL did not start (${String((err as { stderr?: Buffer }).stderr ?? (err as Error).message)
        .trim()
        .slice(0, 300)})`,
    };
  }
  return pg;
}
