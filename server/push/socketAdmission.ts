// The door of every socket namespace (the wall screens', the consoles', the phones'), one way for
// all: the handshake checked against the namespace's schema, the token admitted (server/auth/
// admit.ts), then the namespace's own word on the key and the handshake. A refusal goes back to the
// client in Socket.IO's `err.data` (shared/refusal.ts), and is counted and, where it says who tried
// what, logged; a socket let in carries what the namespace made of its handshake in `socket.data`.
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { Refusal, handshakeError, type RefusalBody } from '../../shared/refusal.ts';
import type { Principal } from '../auth/accessKeys.ts';
import type { Admission } from '../auth/admit.ts';
import type { Refusals } from '../observability/refusals.ts';

export interface SocketAdmissionDeps {
  /** Lets a handshake's token in, or says why not. */
  admit(token: string, address: string, what: string): Promise<Admission>;
  /** The client's address behind the configured proxies (Express's trust proxy), for limits and logs. */
  clientAddress(req: IncomingMessage): string;
  /** Where refused handshakes are counted and logged. */
  refusals?: Refusals;
}

interface AdmittedSocket<D> {
  handshake: { auth: unknown };
  request: IncomingMessage;
  data: D;
}

/** A handshake the namespace cannot serve (it fails the schema, names no wall of this server, …). */
export const badHandshake = (message: string) => new Refusal('bad_handshake', message);

/**
 * Socket.IO middleware for one namespace. `welcome` returns the socket's data, or the refusal; it
 * may be async (a lookup).
 */
export function socketAdmission<S extends z.ZodType<{ token: string }>, D>(
  namespace: string,
  deps: SocketAdmissionDeps,
  door: { schema: S; what: string; welcome(handshake: z.infer<S>, principal: Principal): D | Refusal | Promise<D | Refusal> },
) {
  return (socket: AdmittedSocket<D>, done: (err?: Error) => void): void => {
    const address = deps.clientAddress(socket.request);
    const refuse = (refusal: RefusalBody) => {
      deps.refusals?.socket(namespace, address, refusal);
      done(handshakeError(refusal));
    };
    const parsed = door.schema.safeParse(socket.handshake.auth ?? {});
    if (!parsed.success) {
      refuse(badHandshake(parsed.error.issues.map((i) => `${i.path.join('.') || 'auth'}: ${i.message}`).join('; ')).body());
      return;
    }
    const hs = parsed.data as z.infer<S>;
    void (async () => {
      const admission = await deps.admit(hs.token, address, door.what);
      if (!admission.ok) return refuse({ code: admission.code, message: admission.message });
      const outcome = await door.welcome(hs, admission.principal);
      if (outcome instanceof Refusal) return refuse(outcome.body());
      socket.data = outcome;
      done();
    })().catch((err: unknown) =>
      refuse(err instanceof Refusal ? err.body() : { code: 'internal', message: `the server could not admit this socket: ${(err as Error).message}` }),
    );
  };
}
