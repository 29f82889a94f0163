// `gridwall replay FILE --speed 60`: a rehearsal. A recorded day (what `export` writes: case events
// in log order, maybe worker fixes) is fed through a running server's live ingest API, compressed in
// time, so the wall shows that day's rhythm live. The recording's first instant (or `--from`) falls
// on the start, and a line recorded at t is sent, and stamped, at start + (t - t0) / speed; every
// instant moves by that one mapping (deadlines too, so they fall due in rehearsal time and the server
// raises its overdue marks as they were raised, compressed) and every case and event id gets the
// rehearsal's tag (rehearsalMapping.ts). Each kind has its own lane: every tick it sends what has
// fallen due as one request (up to the API's batch size), in order, one request at a time (a
// case's events must arrive in order); a slow request delays what follows, which then goes out at
// once: the schedule never slips, and the lag (how late the latest request left) is shown.
import { writeFileSync } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { MAX_EVENTS_PER_BATCH, MAX_FIXES_PER_BATCH, type CaseEventInput, type PositionFixInput } from '../../shared/caseEvent.ts';
import { shanghaiClock } from '../../shared/shanghaiTime.ts';
import { createIngestClient, type IngestKind, type Rejection } from './ingestClient.ts';
import { TAG_PATTERN, defaultTag, rehearsalEvent, rehearsalFix, rehearsalInstant, windowBound, type RehearsalClock } from './rehearsalMapping.ts';
import { endAt, readRecording, type RecordedLine } from './replayRecording.ts';

/** How often each lane looks for what has fallen due: 5 requests a second per kind at most, well within the ingest rate limit. */
const TICK_MS = 200;
/** A client clock this far from the server's is corrected for (the server refuses stamps 5 minutes ahead, and deadlines would fall due early or late). */
const SKEW_TOLERANCE_MS = 2000;
const MAX_SPEED = 100_000;

export interface ReplayOptions {
  file: string;
  url: string;
  key: string;
  speed: number;
  from?: string;
  to?: string;
  tag?: string;
  report: string;
  /** Aborting stops the replay after the requests in flight, with a summary. */
  signal?: AbortSignal;
  quiet?: boolean;
}

export function replayCommand(program: Command): void {
  program
    .command('replay <file>')
    .description("feed a recorded day (what export writes) through a running server's live ingest, compressed in time, for a rehearsal")
    .option('--url <url>', 'the server', 'http://localhost:3000')
    .option('--key <key>', 'the ingest key (env GRIDWALL_INGEST_KEY)')
    .option('--speed <n>', 'recorded seconds per second of the rehearsal', '60')
    .option(
      '--from <time>',
      "play from this recorded time: HH:MM (Shanghai, on the recording's first day) or ISO 8601; what came before is sent at once at the start",
    )
    .option('--to <time>', 'stop at this recorded time (HH:MM or ISO 8601)')
    .option('--tag <tag>', "prefix of the rehearsal's case and event ids (default R<MMDD>-<HHMMSS>, the start in Shanghai time)")
    .option('--report <file>', 'where rejected lines are listed (NDJSON: line, reason); default FILE.replay-rejected.ndjson')
    .action(async (file: string, opts: { url: string; key?: string; speed: string; from?: string; to?: string; tag?: string; report?: string }) => {
      const key = opts.key ?? process.env.GRIDWALL_INGEST_KEY;
      if (!key) throw new Error('an ingest key is needed: --key or GRIDWALL_INGEST_KEY');
      // Ctrl-C: stop sending, let the requests in flight finish, print the summary; a second one quits at once
      const stop = new AbortController();
      const onSigint = () => (stop.signal.aborted ? process.exit(130) : stop.abort());
      process.on('SIGINT', onSigint);
      try {
        const summary = await replayFile({
          file,
          url: opts.url,
          key,
          speed: Number(opts.speed),
          from: opts.from,
          to: opts.to,
          tag: opts.tag,
          report: opts.report ?? `${file}.replay-rejected.ndjson`,
          signal: stop.signal,
        });
        process.stderr.write(`${JSON.stringify(summary)}\n`);
        process.exitCode = summary.interrupted ? 130 : summary.rejected ? 1 : 0;
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}

/** How far the server's clock is ahead of this machine's (ms), where that matters; 0 otherwise. Also: is there a server at all. */
async function serverClockSkew(url: string): Promise<number> {
  const sent = Date.now();
  let res: Response;
  try {
    res = await fetch(`${url}/healthz`);
  } catch (err) {
    throw new Error(`cannot reach the server at ${url}: ${(err as { cause?: Error }).cause?.message ?? (err as Error).message}`);
  }
  const received = Date.now();
  await res.text();
  if (!res.ok) throw new Error(`no Gridwall server answers at ${url} (GET /healthz: HTTP ${res.status})`);
  // the Date header counts whole seconds: the server's time lay within that second, on average half-way through it
  const date = Date.parse(res.headers.get('date') ?? '');
  const skew = Number.isNaN(date) ? 0 : date + 500 - (sent + received) / 2;
  return Math.abs(skew) > SKEW_TOLERANCE_MS ? Math.round(skew) : 0;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });

const elapsed = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

export async function replayFile(o: ReplayOptions) {
  if (!(o.speed > 0 && o.speed <= MAX_SPEED)) throw new Error(`--speed must be a number above 0 and at most ${MAX_SPEED}, not ${o.speed}`);
  if (o.tag !== undefined && !TAG_PATTERN.test(o.tag))
    throw new Error(`--tag ${o.tag}: at most 24 letters, digits and _ . - (starting with a letter or digit)`);
  const url = o.url.replace(/\/$/, '');
  const recording = await readRecording(o.file);
  const first = recording.first ?? Date.now();
  const t0 = o.from !== undefined ? windowBound(o.from, first, '--from') : first;
  const to = o.to !== undefined ? windowBound(o.to, first, '--to') : Number.POSITIVE_INFINITY;
  if (to <= t0) throw new Error(`--to (${new Date(to).toISOString()}) must be after the start of the played part (${new Date(t0).toISOString()})`);
  const afterWindow = endAt(recording, to);
  const last = Math.max(recording.events.at(-1)?.t ?? t0, recording.fixes.at(-1)?.t ?? t0);

  const skew = await serverClockSkew(url);
  const wallStart = Date.now();
  // stamps are in the server's clock; due times in this machine's
  const clock: RehearsalClock = { t0, start: wallStart + skew, speed: o.speed };
  const due = (line: RecordedLine) => Math.max(wallStart, rehearsalInstant(clock, line.t) - skew);
  const tag = o.tag ?? defaultTag(clock.start);
  const client = createIngestClient({ url, key: o.key });
  const rejections: Rejection[] = [...recording.rejections];
  const refusedReports = new Map(recording.refusedReports);
  const totals = { stored: 0, duplicates: 0, fixes: 0 };
  const lag = { events: 0, fixes: 0, max: 0 };
  const scheduled = recording.events.length + recording.fixes.length;
  let done = 0;
  // Ctrl-C, or a lane that failed (a refused key): every lane stops, a sleeping one at once
  const halt = new AbortController();
  o.signal?.addEventListener('abort', () => halt.abort(), { once: true });

  /** A case's later events cannot stand without its report. */
  const followsReport = (line: { caseId?: string }, refused: { no: number; value: unknown; caseId?: string }) =>
    line.caseId !== undefined && line.caseId === refused.caseId && (refused.value as CaseEventInput).type === 'reported'
      ? `not sent: the report of case ${refused.caseId} (line ${refused.no}) was refused`
      : null;

  async function lane(kind: IngestKind, lines: RecordedLine[], max: number) {
    let next = 0;
    for (let tick = wallStart; next < lines.length && !halt.signal.aborted; ) {
      const now = Date.now();
      /** `caseId`: the recorded one, to know its case's later events if the server refuses its report. */
      const batch: { no: number; value: CaseEventInput | PositionFixInput; caseId?: string }[] = [];
      lag[kind] = Math.max(0, now - due(lines[next]!));
      lag.max = Math.max(lag.max, lag[kind]);
      while (next < lines.length && batch.length < max && due(lines[next]!) <= now) {
        const line = lines[next++]!;
        const value = JSON.parse(line.text) as CaseEventInput | PositionFixInput;
        if (kind === 'fixes') {
          batch.push({ no: line.no, value: rehearsalFix(value as PositionFixInput, clock) });
          continue;
        }
        const event = value as CaseEventInput;
        const refused = refusedReports.get(event.caseId);
        if (refused === undefined) batch.push({ no: line.no, value: rehearsalEvent(event, clock, tag), caseId: event.caseId });
        else {
          rejections.push({ line: line.no, reason: `not sent: the report of case ${event.caseId} (line ${refused}) was refused` });
          done += 1;
        }
      }
      if (batch.length) {
        const outcome = await client.send(kind, batch, followsReport);
        totals.stored += outcome.stored;
        totals.duplicates += outcome.duplicates;
        totals.fixes += outcome.accepted;
        for (const { line, reason } of outcome.refused) {
          rejections.push({ line: line.no, reason });
          if ((line.value as CaseEventInput).type === 'reported') refusedReports.set(line.caseId!, line.no);
        }
        done += batch.length;
      }
      if (next >= lines.length || due(lines[next]!) <= Date.now()) continue; // behind (a slow request, a full batch): at once
      tick = Math.max(tick + TICK_MS, due(lines[next]!));
      lag[kind] = 0;
      await sleep(tick - Date.now(), halt.signal);
    }
  }

  const bar = new SingleBar(
    {
      format: 'replay [{bar}] {percentage}% | recorded {recorded} | wall {wall} | sent {sent} | rejected {rejected} | lag {lag}s',
      noTTYOutput: false,
      stream: process.stderr,
    },
    Presets.shades_classic,
  );
  const payload = () => ({
    recorded: shanghaiClock(Math.min(last, t0 + (Date.now() - wallStart) * o.speed)),
    wall: elapsed(Date.now() - wallStart),
    sent: totals.stored + totals.duplicates + totals.fixes,
    rejected: rejections.length,
    lag: (Math.max(lag.events, lag.fixes) / 1000).toFixed(1),
  });
  if (!o.quiet) {
    process.stderr.write(
      `replay: tag ${tag}, recorded ${shanghaiClock(t0)}–${shanghaiClock(last)} (Shanghai) at ${o.speed}x: about ${elapsed((last - t0) / o.speed)}; Ctrl-C stops with a summary\n`,
    );
    bar.start(scheduled, 0, payload());
  }
  const redraw = setInterval(() => !o.quiet && bar.update(done, payload()), 250);
  let results: PromiseSettledResult<void>[];
  try {
    results = await Promise.allSettled([
      lane('events', recording.events, MAX_EVENTS_PER_BATCH).catch((err) => {
        halt.abort();
        throw err;
      }),
      lane('fixes', recording.fixes, MAX_FIXES_PER_BATCH).catch((err) => {
        halt.abort();
        throw err;
      }),
    ]);
  } finally {
    clearInterval(redraw);
    if (!o.quiet) {
      bar.update(done, payload());
      bar.stop();
    }
  }
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;

  rejections.sort((a, b) => a.line - b.line);
  writeFileSync(o.report, rejections.map((r) => JSON.stringify(r)).join('\n') + (rejections.length ? '\n' : ''));
  return {
    tag,
    speed: o.speed,
    /** The recorded instant that fell on the start, and the start (server clock): stamp = start + (t - from) / speed. */
    from: new Date(t0).toISOString(),
    start: new Date(clock.start).toISOString(),
    to: Number.isFinite(to) ? new Date(to).toISOString() : null,
    lines: recording.lines,
    scheduled,
    ...totals,
    rejected: rejections.length,
    serverRaised: recording.serverRaised,
    withoutReport: recording.withoutReport,
    afterWindow,
    serverDeadlines: recording.serverDeadlines,
    unsent: scheduled - done,
    interrupted: !!o.signal?.aborted && done < scheduled,
    maxLagMs: lag.max,
    clockSkewMs: skew,
    wallSeconds: Math.round((Date.now() - wallStart) / 100) / 10,
    report: o.report,
  };
}
