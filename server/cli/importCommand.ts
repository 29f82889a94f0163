// `gridwall import FILE.ndjson`: feeds a file of case events and worker fixes (one JSON object per
// line) to a running server through its ingest API, the live path: validation, placement,
// deadlines, push. Each line is checked here first; a line the server refuses is taken out of its
// batch and the rest is sent again. Rejected lines go to a report (line number and why). The last
// acknowledged line is kept in FILE.import-progress, so `--resume` carries on after an interruption;
// sending a line twice is harmless anyway (event ids are idempotency keys).
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { MAX_EVENTS_PER_BATCH } from '../../shared/caseEvent.ts';
import { DeliveryError, checkLine, createIngestClient, readLines, type IngestKind, type Rejection } from './ingestClient.ts';

interface Line {
  no: number;
  value: unknown;
}

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
      const summary = await importFile({
        file,
        url: opts.url.replace(/\/$/, ''),
        key,
        batch: Number(opts.batch),
        resume: !!opts.resume,
        report: opts.report ?? `${file}.rejected.ndjson`,
      });
      process.stderr.write(`${JSON.stringify(summary)}\n`);
      if (summary.rejected) process.exitCode = 1;
    });
}

export async function importFile(o: { file: string; url: string; key: string; batch: number; resume: boolean; report: string; quiet?: boolean }) {
  const progressFile = `${o.file}.import-progress`;
  const skipThrough = o.resume && existsSync(progressFile) ? (JSON.parse(readFileSync(progressFile, 'utf8')) as { line: number }).line : 0;
  const rejections: Rejection[] = [];
  const totals = { lines: 0, skipped: skipThrough, stored: 0, duplicates: 0, fixes: 0, serverRaised: 0, rejected: 0 };
  const bar = new SingleBar(
    { format: 'import [{bar}] {percentage}% | line {line} | stored {stored} | rejected {rejected}', noTTYOutput: false, stream: process.stderr },
    Presets.shades_classic,
  );
  if (!o.quiet) bar.start(statSync(o.file).size, 0, { line: 0, stored: 0, rejected: 0 });

  const client = createIngestClient({ url: o.url, key: o.key });
  async function send(kind: IngestKind, lines: Line[]) {
    try {
      const outcome = await client.send(kind, lines);
      totals.stored += outcome.stored;
      totals.duplicates += outcome.duplicates;
      totals.fixes += outcome.accepted;
      for (const r of outcome.refused) rejections.push({ line: r.line.no, reason: r.reason });
    } catch (err) {
      if (err instanceof DeliveryError) throw new Error(`${err.message}; lines up to ${delivered} are delivered: run again with --resume`);
      throw err;
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

  /** Cases with a skipped overdue mark: their later events' caseVersion counted it, so it is left out. */
  const renumbered = new Set<string>();
  let bytes = 0;
  for await (const { no, text, bytes: size } of readLines(o.file)) {
    totals.lines = no;
    bytes += size;
    if (no <= skipThrough) continue;
    const line = checkLine(text);
    if (line.kind === 'blank') continue;
    if (line.kind === 'rejected') {
      rejections.push({ line: no, reason: line.reason });
      continue;
    }
    if (line.kind === 'overdue') {
      // raised by the server that exported it; the receiving server raises its own
      totals.serverRaised += 1;
      if (line.caseId) renumbered.add(line.caseId);
      continue;
    }
    if (line.kind === 'events' && line.value.caseVersion !== undefined && renumbered.has(line.value.caseId)) {
      // the exported versions counted the skipped mark: here the case is numbered afresh (the receiving server's own marks fall where they fall)
      const { caseVersion: _, ...rest } = line.value;
      events.push({ no, value: rest as typeof line.value });
    } else (line.kind === 'fixes' ? fixes : events).push({ no, value: line.value });
    await flush(false);
    if (!o.quiet) bar.update(bytes, { line: no, stored: totals.stored, rejected: rejections.length });
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
