// A refusal: why something was not done, as data. The core (ingest, the device API, the handshakes)
// throws one; the HTTP edge maps its code to a status (server/http/refusalStatus.ts) and answers
// {"error": {code, message, details}}; a socket handshake sends it in Socket.IO's `err.data`; a
// command's or a phone message's acknowledgement carries it as it is. Clients act on `code` and show
// `message` to a person; neither side ever parses a code out of the text.

/** A refusal on the wire. `details`: what exactly was wrong, e.g. each offending field as {path, message}. */
export interface RefusalBody {
  code: string;
  message: string;
  details?: unknown;
}

export class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Seconds a client should wait before trying again (a store full or away, a rate limit). */
    readonly retryAfterS?: number,
  ) {
    super(message);
  }

  body(): RefusalBody {
    return { code: this.code, message: this.message, ...(this.details !== undefined && { details: this.details }) };
  }
}

const isBody = (v: unknown): v is RefusalBody =>
  typeof v === 'object' && v !== null && typeof (v as RefusalBody).code === 'string' && typeof (v as RefusalBody).message === 'string';

/** An Error for Socket.IO's middleware `next()`: the client's connect_error gets the refusal in `data`. */
export function handshakeError(refusal: RefusalBody): Error & { data: RefusalBody } {
  return Object.assign(new Error(refusal.message), { data: refusal });
}

/** The refusal a connect_error carries; null when the error is not one (the network, the transport). */
export function handshakeRefusal(err: object): RefusalBody | null {
  const data = (err as { data?: unknown }).data;
  return isBody(data) ? data : null;
}

/** An input that fails its schema: `invalid_payload`, each offending field in `details` as {path, message}. `where`: what the root of the value is called (body, query, a path parameter's name). */
export function validationRefusal(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }, where = 'body'): Refusal {
  const details = error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const first = details[0];
  const message = first ? `${first.path || where}: ${first.message}` : 'invalid payload';
  return new Refusal('invalid_payload', details.length > 1 ? `${message} (and ${details.length - 1} more)` : message, details);
}
