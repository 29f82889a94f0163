// Letting a token in, one way for HTTP routes and socket handshakes: an address over its
// refused-token allowance is refused before anything else (so a guess learns nothing, not even that
// a token is right; the server's own simulator excepted); a refused token counts against its
// address; a token this node does not know is looked up in the store (made on another node a moment
// ago); a usable key comes back as its principal.
import { refusalText, type AccessKeys, type Principal } from './accessKeys.ts';
import type { RateLimits } from './rateLimits.ts';

export type Admission = { ok: true; principal: Principal } | { ok: false; code: 'unauthorized' | 'rate_limited'; message: string; retryAfterS?: number };

/** `what`: the token the caller wants, for the message ("a screen token"). */
export async function admitToken(
  keys: Pick<AccessKeys, 'authenticate' | 'authenticateFresh'>,
  limits: RateLimits,
  address: string,
  token: string | undefined,
  what: string,
): Promise<Admission> {
  let auth = keys.authenticate(token);
  const slowDown = (wait: number): Admission => ({
    ok: false,
    code: 'rate_limited',
    message: `too many refused tokens from ${address}: try again in ${wait} s`,
    retryAfterS: wait,
  });
  if (token && !(auth.ok && auth.principal.internal)) {
    const wait = await limits.blocked('authFailure', address);
    if (wait) return slowDown(wait);
  }
  // a key made on another node a moment ago: looked up only once the address is allowed to try
  if (!auth.ok && auth.reason === 'unknown') auth = await keys.authenticateFresh(token);
  if (auth.ok) return auth;
  if (auth.reason !== 'missing') {
    const wait = await limits.take('authFailure', address);
    if (wait) return slowDown(wait);
  }
  return { ok: false, code: 'unauthorized', message: refusalText(auth.reason, what) };
}
