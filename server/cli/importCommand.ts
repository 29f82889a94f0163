// `gridwall import FILE.ndjson`: feeds a file of case events and worker fixes (one JSON object per
// line) to a running server through its ingest API, the live path: validation, placement,
// deadlines, push. Each line is checked here first; a line the server refuses is taken out of its
// batch and the rest is sent again. Rejected lines go to a report (line number and why). The last
// acknowledged line is kept in FILE.import-progress, so `--resume` carries on after an interruption;
// sending a line twice is harmless anyway (event ids are idempotency keys).
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { MAX_EVENTS_PER_BATCH, caseEventSchema, positionFixSchema } from '../../shared/caseEvent.ts';

interface Line { no: number; value: unknown }
interface Rejection { line: number; reason: string }
const RETRIES = 3;

export function importCommand(program: Command): void {
  program
    .command('import <file>')
    .description('send NDJSON case events and worker fixes to a running server, with a report of rejected lines')
    .option('--url <url>', 'the server', 'http://localhost:3000')
    .option('--key <key>', 'the ingest key (env GRIDWALL_INGEST_KEY)')
    .option('--batch <n>', 'case events per request (fixes: 10 times as many)', String(MAX_EVENTS_PER_BATCH))
    .option('--resume', 'skip the lines an earlier run of this file had delivered')
    .option('--report <file>', 'where rejected lines are listed (NDJSON: line, reason); default FILE.rejected.ndjson')
    .action(async (file: string, opts: { url: string; key?: string; batch: string; resume?: boolean; report?: string }) => {
      const key = opts.key ?? process.env.GRIDWALL_INGEST_KEY;
      if (!key) throw new Error('an ingest key is needed: --key or GRIDWALL_INGEST_KEY');
      const summary = await importFile({ file, url: opts.url.replace(/\/$/, ''), key, batch: Number(opts.batch), resume: !!opts.resume, report: opts.report ?? `${file}.rejected.ndjson` });
      process.stderr.write(`${JSON.stringify(summary)}\n`);
      if (summary.rejected) process.exitCode = 1;
    });
}

export async function importFile(o: { file: string; url: string; key: string; batch: number; resume: boolean; report: string; quiet?: boolean }) {
  const progressFile = `${o.file}.import-progress`;
  const skipThrough = o.resume && existsSync(progressFile) ? (JSON.parse(readFileSync(progressFile, 'utf8')) as { line: number }).line : 0;
  const rejections: Rejection[] = [];
  const totals = { lines: 0, skipped: skipThrough, stored: 0, duplicates: 0, fixes: 0, serverRaised: 0, rejected: 0 };
  const bar = new SingleBar({ format: 'import [{bar}] {percentage}% | line {line} | stored {stored} | rejected {rejected}', noTTYOutput: false, stream: process.stderr }, Presets.shades_classic);
  if (!o.quiet) bar.start(statSync(o.file).size, 0, { line: 0, stored: 0, rejected: 0 });

  const post = async (path: string, body: unknown) => {
    for (let attempt = 1; ; attempt++) {
      let failure: string;
      try {
        const res = await fetch(`${o.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${o.key}` }, body: JSON.stringify(body) });
        if (res.status < 500) return { status: res.status, body: (await res.json()) as any };
        failure = `HTTP ${res.status}`;
      } catch (err) {
        failure = `${(err as Error).message}${(err as { cause?: Error }).cause ? ` (${(err as { cause: Error }).cause.message})` : ''}`;
      }
      if (attempt >= RETRIES) throw new Error(`cannot deliver to ${o.url}${path}: ${failure}, ${RETRIES} tries; lines up to ${delivered} are delivered: run again with --resume`);
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  };

  /** Sends a batch; lines the server names are taken out and reported, the rest sent again. */
  async function send(kind: 'events' | 'fixes', lines: Line[]) {
    let pending = lines;
    while (pending.length) {
      const res = await post(kind === 'events' ? '/api/v1/events' : '/api/v1/positions', { [kind]: pending.map((l) => l.value) });
      if (res.status === 200) {
        if (kind === 'events') {
          totals.stored += res.body.stored;
          totals.duplicates += res.body.duplicates.length;
        } else totals.fixes += res.body.accepted;
        return;
      }
      const error = res.body?.error ?? { message: `HTTP ${res.status}` };
      if (res.status === 401) throw new Error(`the server refused the ingest key (${error.message}); nothing more was sent: check --key`);
      const named = new Map<number, string>();
      for (const d of (error.details ?? []) as { path?: string; message: string }[]) {
        const index = Number(new RegExp(`^${kind}\\.(\\d+)`).exec(d.path ?? '')?.[1]);
        if (Number.isInteger(index) && !named.has(index)) named.set(index, `${error.code}: ${d.message}`);
      }
      if (!named.size) named.set(0, `${error.code ?? res.status}: ${error.message}`); // nothing pinpointed: take out the first line
      for (const [i, reason] of named) rejections.push({ line: pending[i]!.no, reason });
      pending = pending.filter((_, i) => !named.has(i));
    }
  }

  const events: Line[] = [];
  const fixes: Line[] = [];
  let delivered = skipThrough;
  const flush = async (all: boolean) => {
    if (events.length && (all || events.length >= o.batch)) await send('events', events.splice(0));
    if (fixes.length && (all || fixes.length >= o.batch * 10)) await send('fixes', fixes.splice(0));
    if (!events.length && !fixes.length) {
      delivered = totals.lines;
      writeFileSync(progressFile, JSON.stringify({ line: delivered }));
    }
  };

  let bytes = 0;
  const input = createInterface({ input: createReadStream(o.file, 'utf8'), crlfDelay: Infinity });
  for await (const text of input) {
    totals.lines += 1;
    bytes += Buffer.byteLength(text) + 1;
    if (totals.lines <= skipThrough || !text.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      rejections.push({ line: totals.lines, reason: `not JSON: ${(err as Error).message}` });
      continue;
    }
    if (typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'overdue') {
      // raised by the server that exported it; the receiving server raises its own
      totals.serverRaised += 1;
      continue;
    }
    const isFix = typeof value === 'object' && value !== null && 'workerId' in value;
    const parsed = (isFix ? positionFixSchema : caseEventSchema).safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      rejections.push({ line: totals.lines, reason: `invalid_payload: ${issue.path.join('.') || 'line'}: ${issue.message}` });
      continue;
    }
    (isFix ? fixes : events).push({ no: totals.lines, value: parsed.data });
    await flush(false);
    if (!o.quiet) bar.update(bytes, { line: totals.lines, stored: totals.stored, rejected: rejections.length });
  }
  await flush(true);
  if (!o.quiet) {
    bar.update(bytes, { line: totals.lines, stored: totals.stored, rejected: rejections.length });
    bar.stop();
  }
  rejections.sort((a, b) => a.line - b.line);
  totals.rejected = rejections.length;
  writeFileSync(o.report, rejections.map((r) => JSON.stringify(r)).join('\n') + (rejections.length ? '\n' : ''));
  return { ...totals, report: o.report };
}
