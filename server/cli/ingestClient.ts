// The ingest API as the command-line tools use it (`import`, `replay`): each NDJSON line checked
// before anything is sent, batches posted with retries, and a refused batch split: the lines the
// server names are taken out (with its reason) and the rest sent again, since the server stores a
// batch whole or not at all.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { caseEventSchema, positionFixSchema, type CaseEventInput, type PositionFixInput } from '../../shared/caseEvent.ts';

/** What the ingest routes answer (a result, or the error shape); only the counts are read. */
interface IngestAnswer {
  stored?: number;
  duplicates?: string[];
  accepted?: number;
  error?: { code: string; message: string; details?: unknown };
}

export type IngestKind = 'events' | 'fixes';
const PATHS: Record<IngestKind, string> = { events: '/api/v1/events', fixes: '/api/v1/positions' };

/** A line the tool or the server refused, by its number in the file. */
export interface Rejection {
  line: number;
  reason: string;
}

export type CheckedLine =
  | { kind: 'blank' }
  /** Raised by the server that wrote the file: a receiving server raises its own. */
  | { kind: 'overdue'; caseId: string | null }
  /** `value`: the JSON it held, where it was JSON at all. */
  | { kind: 'rejected'; reason: string; value?: unknown }
  | { kind: 'events'; value: CaseEventInput }
  | { kind: 'fixes'; value: PositionFixInput };

/** Checks one line as the server would (a line with `workerId` is a fix), before anything is sent. */
export function checkLine(text: string): CheckedLine {
  if (!text.trim()) return { kind: 'blank' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { kind: 'rejected', reason: `not JSON: ${(err as Error).message}` };
  }
  if (typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'overdue') {
    const caseId = (value as { caseId?: unknown }).caseId;
    return { kind: 'overdue', caseId: typeof caseId === 'string' ? caseId : null };
  }
  const isFix = typeof value === 'object' && value !== null && 'workerId' in value;
  const parsed = (isFix ? positionFixSchema : caseEventSchema).safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { kind: 'rejected', reason: `invalid_payload: ${issue.path.join('.') || 'line'}: ${issue.message}`, value };
  }
  return isFix ? { kind: 'fixes', value: parsed.data as PositionFixInput } : { kind: 'events', value: parsed.data as CaseEventInput };
}

/** A file's lines with their numbers (from 1) and sizes in bytes, streamed: a day's file need not fit in memory twice. */
export async function* readLines(file: string): AsyncGenerator<{ no: number; text: string; bytes: number }> {
  let no = 0;
  for await (const text of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    yield { no: ++no, text, bytes: Buffer.byteLength(text) + 1 };
  }
}

/** The server could not be reached, or kept failing, after every retry. */
export class DeliveryError extends Error {}
/** The key itself was refused: nothing more can be sent with it. */
export class KeyRefusedError extends Error {}

const RETRIES = 3;
/** Waits a rate limit asks for are not failures, but are not endless either. */
const MAX_WAITS = 20;
/** Refusals that say "send it again", not "this line is wrong". */
const TRANSIENT_CODES = new Set(['rate_limited', 'version_conflict']);

export interface Outcome<L> {
  /** Events newly stored, and ids that were already there. */
  stored: number;
  duplicates: number;
  /** Fixes accepted. */
  accepted: number;
  /** The lines the server refused, each with its reason; the rest of the batch was delivered. */
  refused: { line: L; reason: string }[];
}

export function createIngestClient(o: { url: string; key: string }) {
  const url = o.url.replace(/\/$/, '');

  async function post(kind: IngestKind, body: unknown): Promise<{ status: number; body: IngestAnswer }> {
    for (let attempt = 1, waits = 0; ; ) {
      let failure: string;
      let waitMs = 500 * attempt;
      try {
        const res = await fetch(`${url}${PATHS[kind]}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${o.key}` },
          body: JSON.stringify(body),
        });
        const text = await res.text();
        const answer = text ? JSON.parse(text) : null;
        if (res.status < 500 && !TRANSIENT_CODES.has(answer?.error?.code)) return { status: res.status, body: answer };
        const retryAfter = Number(res.headers.get('retry-after')) * 1000;
        if (retryAfter > 0) waitMs = Math.max(waitMs, retryAfter);
        if (res.status === 429 && waits++ < MAX_WAITS) {
          // too fast for the key's allowance: the server said when to come back, and that is not a failure
          await new Promise((r) => setTimeout(r, waitMs));
          continue;
        }
        failure = `HTTP ${res.status}${answer?.error ? ` ${answer.error.code}: ${answer.error.message}` : ''}`;
      } catch (err) {
        failure = `${(err as Error).message}${(err as { cause?: Error }).cause ? ` (${(err as { cause: Error }).cause.message})` : ''}`;
      }
      if (attempt >= RETRIES) throw new DeliveryError(`cannot deliver to ${url}${PATHS[kind]}: ${failure}, ${RETRIES} tries`);
      await new Promise((r) => setTimeout(r, waitMs));
      attempt += 1;
    }
  }

  /**
   * Sends lines of one kind, in their order. A refused batch is not retried whole: the lines the
   * server's error details name are taken out with its reason (the first line, where it names
   * none) and the rest sent again; a batch over the body limit is halved. `follows(line, refused)`:
   * the reason a line cannot stand once `refused` was refused (a case's events after its report), or
   * null; such lines are taken out with it rather than sent to be refused one round trip at a time.
   */
  async function send<L extends { no: number; value: unknown }>(
    kind: IngestKind,
    lines: L[],
    follows?: (line: L, refused: L) => string | null,
  ): Promise<Outcome<L>> {
    const outcome: Outcome<L> = { stored: 0, duplicates: 0, accepted: 0, refused: [] };
    const deliver = async (batch: L[]): Promise<void> => {
      let pending = batch;
      while (pending.length) {
        const res = await post(kind, { [kind]: pending.map((l) => l.value) });
        if (res.status === 200) {
          outcome.stored += res.body.stored ?? 0;
          outcome.duplicates += res.body.duplicates?.length ?? 0;
          outcome.accepted += res.body.accepted ?? 0;
          return;
        }
        const error: { code?: string; message: string; details?: unknown } = res.body?.error ?? { message: `HTTP ${res.status}` };
        if (res.status === 401 || (res.status === 403 && error.code === 'forbidden')) {
          throw new KeyRefusedError(`the server refused the ingest key (${error.message}); nothing more was sent: check --key`);
        }
        if (res.status === 413 && pending.length > 1) {
          const half = Math.ceil(pending.length / 2);
          await deliver(pending.slice(0, half));
          await deliver(pending.slice(half));
          return;
        }
        const named = new Map<number, string>();
        for (const d of (error.details ?? []) as { path?: string; code?: string; message: string }[]) {
          const index = Number(new RegExp(`^${kind}\\.(\\d+)`).exec(d.path ?? '')?.[1]);
          // each line with its own refusal's code where the server gives one (a batch can be refused for several reasons)
          if (Number.isInteger(index) && index < pending.length && !named.has(index)) named.set(index, `${d.code ?? error.code}: ${d.message}`);
        }
        if (!named.size) named.set(0, `${error.code ?? res.status}: ${error.message}`); // nothing pinpointed: take out the first line
        const gone = [...named].map(([i, reason]) => ({ line: pending[i]!, reason }));
        outcome.refused.push(...gone);
        pending = pending.filter((line, i) => {
          if (named.has(i)) return false;
          const reason = follows && gone.map((g) => follows(line, g.line)).find((r) => r !== null);
          if (reason) outcome.refused.push({ line, reason });
          return !reason;
        });
      }
    };
    await deliver(lines);
    return outcome;
  }

  return { url, send };
}

export type IngestClient = ReturnType<typeof createIngestClient>;
