// The trail of what the server refused: every refused request (4xx) and socket handshake is counted
// in /metrics by status and code, and the ones an administrator must see — refused or wrong-role
// tokens, rate limits, foreign origins — are logged (warn) with the path and the address, at most
// one line per kind and address every LOG_EVERY_MS with the count of those not logged between, so
// a flood cannot flood the log.
import type { RefusalBody } from '../../shared/refusal.ts';
import { createLogThrottle } from './logThrottle.ts';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';

const LOG_EVERY_MS = 10_000;
/** Refusals worth a log line: who tried what they may not. */
const SECURITY_CODES = new Set(['unauthorized', 'forbidden', 'outside_scope', 'rate_limited', 'origin']);

export type Refusals = ReturnType<typeof createRefusals>;

export function createRefusals(logger: Logger, metrics: Metrics) {
  const throttle = createLogThrottle(LOG_EVERY_MS);

  function log(kind: string, code: string, address: string, fields: Record<string, unknown>, message: string) {
    if (!SECURITY_CODES.has(code)) return;
    const due = throttle(`${kind}|${code}|${address}`);
    if (!due) return;
    logger.warn({ ...fields, code, address, ...(due.notLoggedSince && { notLoggedSince: due.notLoggedSince }) }, `refused: ${message}`);
  }

  return {
    http(status: number, code: string, path: string, address: string, message: string): void {
      metrics.requestsRefused.inc({ status: String(status), code });
      log('http', code, address, { status, path }, message);
    },
    /** A socket handshake refused (or, code `origin`, a connection from a foreign page). */
    socket(namespace: string, address: string, refusal: RefusalBody): void {
      metrics.socketsRefused.inc({ namespace, code: refusal.code });
      log('socket', refusal.code, address, { namespace }, `${refusal.code}: ${refusal.message}`);
    },
  };
}
