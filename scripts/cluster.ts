// `npm run cluster`: a scale-out on this machine. N nodes (separate processes) on the local
// PostgreSQL and Redis, on loopback ports base+1..base+N, with nginx in front on the base port
// (config/nginx/gridwall.conf, filled in by scripts/cluster/nginxConfig.ts) when nginx is installed.
// Node 1 runs the built-in simulator. One set of keys is made per run and given to every node.
// Each node's output is prefixed with its name. Ctrl-C (or SIGTERM) stops them all.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { newToken } from '../server/auth/accessKeys.ts';
import { findNginx, startNginx, type RunningNginx } from './cluster/nginxConfig.ts';

const HOST = '127.0.0.1';
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const integer = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`a whole number from ${min} to ${max}`);
  return n;
};
const schemaName = (value: string) => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value)) throw new InvalidArgumentError('a lower-case SQL identifier');
  return value;
};
const opts = new Command('cluster')
  .description('run a local Gridwall cluster: N nodes on PostgreSQL and Redis, behind nginx')
  .option('-n, --nodes <n>', 'how many nodes', integer(1, 32), 3)
  .option('-p, --port <base>', 'nginx listens on this port, the nodes on the next ones', integer(1, 65_000), 3000)
  .option('-s, --schema <name>', 'PostgreSQL schema, also the Redis key prefix', schemaName, 'gridwall_cluster')
  .option('--nginx', 'require nginx in front (default: when nginx is installed)')
  .option('--no-nginx', 'no load balancer: use the nodes directly')
  .option('--no-restart', 'leave a node that exits down (by default it is started again, as a supervisor would)')
  .parse()
  .opts<{ nodes: number; port: number; schema: string; nginx?: boolean; restart: boolean }>();

const nginxBin = opts.nginx === false ? null : findNginx();
if (opts.nginx && !nginxBin) {
  process.stderr.write('cluster: --nginx, but there is no nginx on PATH (Debian: apt-get install nginx-light)\n');
  process.exit(1);
}

const tokens = { ingest: newToken('ingest'), screen: newToken('screen'), presenter: newToken('presenter'), admin: newToken('admin') };
const sharedEnv = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  DATABASE_SCHEMA: opts.schema,
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  REDIS_PREFIX: opts.schema,
  HOST,
  GRIDWALL_INGEST_KEY: tokens.ingest,
  GRIDWALL_SCREEN_TOKEN: tokens.screen,
  GRIDWALL_PRESENTER_TOKEN: tokens.presenter,
  GRIDWALL_ADMIN_TOKEN: tokens.admin,
  // behind nginx on this machine: rate limits and the audit log see the client's address
  ...(nginxBin && { TRUST_PROXY: process.env.TRUST_PROXY ?? 'loopback' }),
};

const nodes = Array.from({ length: opts.nodes }, (_, i) => ({ name: `node${i + 1}`, port: opts.port + i + 1, child: undefined as ChildProcess | undefined }));
const width = Math.max(...nodes.map((n) => n.name.length), 'nginx'.length);
const say = (line: string) => process.stdout.write(`[${'cluster'.padEnd(width)}] ${line}\n`);
let nginx: RunningNginx | undefined;
let stopping = false;

function startNode(node: (typeof nodes)[number], simulator: boolean): ChildProcess {
  const args = ['--import', 'tsx', 'server/main.ts', 'start', '--port', String(node.port), ...(simulator ? [] : ['--no-simulator'])];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...sharedEnv, NODE_NAME: node.name }, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${node.name.padEnd(width)}] ${line}\n`));
  }
  child.once('exit', (code, signal) => {
    if (stopping) return;
    if (!opts.restart) return say(`${node.name} exited (${signal ?? `code ${code}`}); the others go on`);
    // as systemd's Restart=always would: the node folds the log again and follows the others
    say(`${node.name} exited (${signal ?? `code ${code}`}); the others go on; starting it again in 2 s`);
    setTimeout(() => {
      if (!stopping) startNode(node, simulator);
    }, 2000).unref();
  });
  return (node.child = child);
}

/** Waits until GET url/healthz answers 200, or the process has exited. */
async function healthy(url: string, child: ChildProcess, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited before it answered ${url}/healthz`);
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not answer ${url}/healthz within ${timeoutMs / 1000} s`);
}

async function stopAll(code: number): Promise<never> {
  if (stopping) {
    // a second Ctrl-C: no more waiting
    for (const n of nodes) n.child?.kill('SIGKILL');
    nginx?.child.kill('SIGKILL');
    process.exit(code || 130);
  }
  stopping = true;
  say('stopping every node and nginx');
  const exited = (child: ChildProcess) =>
    child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
  await Promise.all([
    nginx?.stop(),
    ...nodes.map(async ({ child }) => {
      if (!child) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.kill('SIGTERM'); // a node stops gracefully (closes its sockets and store)
      await exited(child);
      clearTimeout(timer);
    }),
  ]);
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stopAll(0));

try {
  // node 1 first: it creates the schema; then the others together
  const [first, ...others] = nodes;
  await healthy(`http://${HOST}:${first!.port}`, startNode(first!, true), first!.name);
  await Promise.all(others.map((n) => healthy(`http://${HOST}:${n.port}`, startNode(n, false), n.name)));
  if (nginxBin) {
    nginx = await startNginx({ nginx: nginxBin, host: HOST, port: opts.port, upstreams: nodes.map((n) => `${HOST}:${n.port}`) });
    nginx.child.once('exit', () => {
      if (!stopping) say(`nginx exited:\n${nginx!.errorLog()}`);
    });
    await healthy(nginx.url, nginx.child, 'nginx');
  }
} catch (err) {
  say(`could not start: ${(err as Error).message}`);
  await stopAll(1);
}

const wall = nginx?.url ?? `http://${HOST}:${nodes[0]!.port}`;
process.stdout.write(
  `${[
    '',
    `  Gridwall cluster: ${nodes.length} node${nodes.length > 1 ? 's' : ''} on PostgreSQL (schema ${opts.schema}) and Redis (prefix ${opts.schema})${nginx ? ', behind nginx' : ''}`,
    `  Hall wall:     ${wall}/wall/hall-3x2?screen=1-1&token=${tokens.screen}   (screens 1-1 to 2-3: change screen=)`,
    `  Console:       ${wall}/console/hall-3x2?token=${tokens.presenter}   (commands the hall wall)`,
    `  All walls:     ${wall}/?token=${tokens.screen}   (every wall and its screens' URLs)`,
    `  Admin:         ${wall}/admin?token=${tokens.admin}`,
    `  Ingest key:    ${tokens.ingest}   (POST ${wall}/api/v1/events)`,
    nginx
      ? `  nginx:         ${wall} -> ${nodes.map((n) => `${HOST}:${n.port}`).join(', ')}   (config and logs: ${nginx.dir})`
      : "  nginx:         none (not installed, or --no-nginx): the URLs above are node 1's",
    ...nodes.map((n, i) => `  ${n.name.padEnd(13)}  http://${HOST}:${n.port}${i === 0 ? '   (runs the simulator)' : ''}`),
    nginx
      ? "  Give screens and consoles the nginx URL: a node's own URL does not fail over to the others."
      : '  Without a load balancer a screen stays on its node: if that node stops, so does the screen.',
    opts.restart ? '  A node that exits is started again after 2 s (--no-restart leaves it down).' : '  A node that exits stays down (--no-restart).',
    '  These keys are for this run only (given to every node by the environment, never stored).',
    '  Ctrl-C stops them all.',
    '',
  ].join('\n')}\n`,
);
