// `gridwall rehearse rainstorm --minutes 60`: starts a rehearsal (演练) on a running server, as the
// presenter console does: every wall screen shows 演练：<title> and the built-in simulator adds the
// scenario's reports until it ends by itself. `--stop` stops it, `--list` lists the scenarios and
// what runs. It speaks /api/v1/rehearsal with a presenter key of the whole city (docs/console.md).
import type { Command } from 'commander';
import { minutesLeft, type RehearsalBoard, type RehearsalStatus } from '../../shared/rehearsal.ts';
import { shanghaiClock } from '../../shared/shanghaiTime.ts';

interface RehearseOptions {
  url: string;
  key?: string;
  minutes?: string;
  by?: string;
  stop?: boolean;
  list?: boolean;
}

const describeActive = (r: RehearsalStatus, now: number) =>
  `演练：${r.title} (${r.name}) by ${r.by}, ${shanghaiClock(r.startedAt)} – ${shanghaiClock(r.until)}, ${minutesLeft(r, now)} min left`;

/** One call of the API: its JSON, or an error with the server's code and message. */
async function call<T>(url: string, key: string, method: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url.replace(/\/+$/, '')}/api/v1/rehearsal`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch((err: Error) => {
    throw new Error(`${url}: ${(err.cause as Error | undefined)?.message ?? err.message}`);
  });
  const answer = (await res.json().catch(() => null)) as (T & { error?: { code: string; message: string } }) | null;
  if (!res.ok) throw new Error(answer?.error ? `${answer.error.code}: ${answer.error.message}` : `HTTP ${res.status}`);
  return answer as T;
}

export function rehearseCommand(program: Command): void {
  program
    .command('rehearse [scenario]')
    .description('start a rehearsal (演练) on a running server: every wall shows it, the simulator adds its reports; --stop, --list')
    .option('--minutes <n>', "how long it runs (1–720; default the scenario's own)")
    .option('--by <name>', "who starts it, for the consoles and the audit log (default the key's label)")
    .option('--stop', 'stop the rehearsal running')
    .option('--list', 'list the scenarios and the rehearsal running')
    .option('--url <url>', 'the server', 'http://localhost:3000')
    .option('--key <key>', 'a presenter key of the whole city (env GRIDWALL_PRESENTER_TOKEN)')
    .action(async (scenario: string | undefined, opts: RehearseOptions) => {
      const key = opts.key ?? process.env.GRIDWALL_PRESENTER_TOKEN;
      if (!key) throw new Error('a presenter key is needed: --key or GRIDWALL_PRESENTER_TOKEN');
      const out = (line: string) => process.stdout.write(`${line}\n`);
      if (opts.list) {
        const board = await call<RehearsalBoard>(opts.url, key, 'GET');
        for (const s of board.scenarios) out(`${s.name.padEnd(20)} ${s.title}  ${s.defaultMinutes} min  ${s.description}`);
        out(board.active ? `running: ${describeActive(board.active, Date.now())}` : 'running: none');
        return;
      }
      if (opts.stop) {
        if (scenario) throw new Error('--stop takes no scenario: it stops the one running');
        const { stopped } = await call<{ stopped: RehearsalStatus }>(opts.url, key, 'DELETE');
        out(`stopped: 演练：${stopped.title} (${stopped.name})`);
        return;
      }
      if (!scenario) throw new Error('name a scenario (gridwall rehearse --list shows them), or --stop');
      let minutes = opts.minutes === undefined ? undefined : Number(opts.minutes);
      if (minutes === undefined) {
        const board = await call<RehearsalBoard>(opts.url, key, 'GET');
        minutes = board.scenarios.find((s) => s.name === scenario)?.defaultMinutes ?? 60; // an unknown name: the server says which there are
      }
      const { rehearsal } = await call<{ rehearsal: RehearsalStatus }>(opts.url, key, 'POST', {
        scenario,
        minutes,
        ...(opts.by && { by: opts.by }),
      });
      out(`running: ${describeActive(rehearsal, Date.now())}`);
    });
}
