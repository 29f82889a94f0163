// A refused socket handshake as the tests read it: "<code>: <message>" from the refusal Socket.IO's
// connect_error carries in `data` (shared/refusal.ts); other errors (the network) as they are.
import { handshakeRefusal } from '../../shared/refusal.ts';

export function refusalError(err: Error & { data?: unknown }): Error {
  const refusal = handshakeRefusal(err);
  return refusal ? Object.assign(new Error(`${refusal.code}: ${refusal.message}`), { data: refusal }) : err;
}
