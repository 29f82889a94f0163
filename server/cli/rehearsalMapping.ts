// How a recorded day becomes a rehearsal (`gridwall replay`), as pure functions: every instant of
// the recording moves by one mapping onto the rehearsal's clock, compressed by the speed, and every
// case and event id gets the rehearsal's tag, so a replay never collides with the recorded cases
// or with another rehearsal's, and the live path's rules (no future stamps, per-case order,
// deadlines after their report) hold for the replayed day as they held for the recorded one.
import { createHash } from 'node:crypto';
import type { CaseEventInput, PositionFixInput } from '../../shared/caseEvent.ts';
import { shanghaiClock, shanghaiDay, shanghaiDayStart } from '../../shared/shanghaiTime.ts';

/** The mapping: the recording's instant `t0` falls on `start`, and `speed` recorded ms pass per rehearsal ms. */
export interface RehearsalClock {
  t0: number;
  start: number;
  speed: number;
}

/**
 * The rehearsal instant of a recorded one (epoch ms), rounded down to the ms: a monotone map, so
 * events keep their order and equal times stay equal. Also when an event falls due to be sent.
 */
export function rehearsalInstant(clock: RehearsalClock, t: number): number {
  return clock.start + Math.floor((t - clock.t0) / clock.speed);
}

/**
 * A deadline (a report's, an extension's `until`), rounded up: so a deadline that was after its
 * report stays strictly after it however fast the replay (the server refuses one that is not).
 */
export function rehearsalDeadline(clock: RehearsalClock, t: number): number {
  return clock.start + Math.ceil((t - clock.t0) / clock.speed);
}

const iso = (ms: number) => new Date(ms).toISOString();
const mapAt = (clock: RehearsalClock, at: string) => iso(rehearsalInstant(clock, Date.parse(at)));
const mapDeadline = (clock: RehearsalClock, at: string) => iso(rehearsalDeadline(clock, Date.parse(at)));

/** What a tag may be: id characters, short enough to leave most of the 64 an id may have for the original. */
export const TAG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,23}$/;
const MAX_ID = 64;
/** Hex digits of the digest that stands for the cut end of an overlong id (64 bits: no collision in any real day). */
const DIGEST_CHARS = 16;

/** The default tag: R and the start's date and time in Shanghai (`R1124-093012`), a new one for every rehearsal. */
export function defaultTag(start: number): string {
  return `R${shanghaiDay(start).slice(5).replace('-', '')}-${shanghaiClock(start).replaceAll(':', '')}`;
}

/**
 * `<tag>-<id>`. Where that would pass 64 characters, the id's end is replaced by a digest of the
 * whole id (`<tag>-<head>.<digest>`): the same id always gives the same rehearsal id (a case's
 * events still name it), two ids give two, and the head keeps it readable.
 */
export function rehearsalId(tag: string, id: string): string {
  const plain = `${tag}-${id}`;
  if (plain.length <= MAX_ID) return plain;
  const digest = createHash('sha256').update(id).digest('hex').slice(0, DIGEST_CHARS);
  return `${plain.slice(0, MAX_ID - DIGEST_CHARS - 1)}.${digest}`;
}

/**
 * A recorded case event as the rehearsal sends it: ids tagged, instants mapped. `caseVersion` is
 * dropped: the recorded numbering counted the recorded server's overdue marks, which are not
 * replayed (this server raises its own, maybe at another place in the case's history).
 */
export function rehearsalEvent(event: CaseEventInput, clock: RehearsalClock, tag: string): CaseEventInput {
  const { caseVersion: _version, ...rest } = event;
  const moved = { ...rest, eventId: rehearsalId(tag, event.eventId), caseId: rehearsalId(tag, event.caseId), at: mapAt(clock, event.at) };
  if (moved.type === 'reported' && moved.deadline !== undefined) return { ...moved, deadline: mapDeadline(clock, moved.deadline) };
  if (moved.type === 'extension_granted') return { ...moved, until: mapDeadline(clock, moved.until) };
  return moved;
}

/** A recorded fix as the rehearsal sends it: its instant mapped; the worker is the hall's real roster's, so his id stays. */
export function rehearsalFix(fix: PositionFixInput, clock: RehearsalClock): PositionFixInput {
  return { ...fix, at: mapAt(clock, fix.at) };
}

/**
 * `--from` / `--to`: `HH:MM` (or `HH:MM:SS`) on the Shanghai day of the recording's first instant,
 * or an ISO 8601 instant with its offset. Throws a message that says what it accepts.
 */
export function windowBound(value: string, firstInstant: number, flag: string): number {
  const clock = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (clock) {
    const [h, m, s] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)];
    if (h > 23 || m > 59 || s > 59) throw new Error(`${flag} ${value}: not a time of day`);
    return shanghaiDayStart(firstInstant) + ((h * 60 + m) * 60 + s) * 1000;
  }
  const t = /(?:Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(t)) throw new Error(`${flag} ${value}: give HH:MM (Shanghai time, on the recording's first day) or an ISO 8601 instant with its offset`);
  return t;
}
