// The server's logger (pino, JSON lines on stdout). No log line carries personal data (invariant 7):
// every string in a line — its fields at any depth, an error's message and stack, the message and
// its interpolated values — goes through the one masking policy (shared/masking.ts) on its way out,
// so a logged event, a refused request's body or a free-text `note` shows as a screen would show it.
import pino from 'pino';
import { maskPersonalData } from '../../shared/masking.ts';

export type Logger = pino.Logger;

/** How deep a logged object is masked; deeper values are left out. */
const MAX_DEPTH = 8;

/** A logged value with every string in it masked; errors as pino serializes them. */
export function maskLogValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPersonalData(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (value instanceof Error) return maskLogValue(pino.stdSerializers.err(value), depth + 1);
  if (Array.isArray(value)) return value.map((v) => maskLogValue(v, depth + 1));
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = maskLogValue(v, depth + 1);
  return out;
}

/** `destination`: where the lines go (stdout unless given; tests pass a stream to read them). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'gridwall' },
    formatters: { log: (object) => maskLogValue(object) as Record<string, unknown> },
    // the message, with its interpolated values (logger.info('… %s', text)) or an error's message
    // (an error was serialized, and masked, by the formatter already: keep its type)
    serializers: { msg: (msg: unknown) => maskLogValue(msg), err: (err: unknown) => (err instanceof Error ? maskLogValue(err) : err) },
  };
  return destination ? pino(options, destination) : pino(options);
}
