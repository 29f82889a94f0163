// Letting a token in, one way for HTTP routes and socket handshakes: an address over its
// refused-token allowance is refused before anything else (so a guess learns nothing, not even that
// a token is right; the server's own simulator excepted); a refused token counts against its
// address; a usable key comes back as its principal.
import { refusalText, type AccessKeys, type Principal } from './accessKeys.ts';
import type { RateLimits } from './rateLimits.ts';

export type Admission =
  | { ok: true; principal: Principal }
  | { ok: false; code: 'unauthorized' | 'rate_limited'; message: string; retryAfterS?: number };

/** `what`: the token the caller wants, for the message ("a screen token"). */
export async function admitToken(keys: Pick<AccessKeys, 'authenticate'>, limits: RateLimits, address: string, token: string | undefined, what: string): Promise<Admission> {
  const auth = keys.authenticate(token);
  const slowDown = (wait: number): Admission => ({ ok: false, code: 'rate_limited', message: `too many refused tokens from ${address}: try again in ${wait} s`, retryAfterS: wait });
  if (token && !(auth.ok && auth.principal.internal)) {
    const wait = await limits.blocked('authFailure', address);
    if (wait) return slowDown(wait);
  }
  if (auth.ok) return auth;
  if (auth.reason !== 'missing') {
    const wait = await limits.take('authFailure', address);
    if (wait) return slowDown(wait);
  }
  return { ok: false, code: 'unauthorized', message: refusalText(auth.reason, what) };
}
