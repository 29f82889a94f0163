// Letting a token in, one way for HTTP routes and socket handshakes. A usable key comes back as its
// principal, whatever its address has done: the refused-token allowance throttles refused attempts,
// not the valid keys of everyone behind the same address (an office behind one NAT). A refused
// token counts against its address; an address over its allowance is answered rate_limited for
// every token this node cannot admit, and its unknown tokens are not looked up in the store
// meanwhile (a token made on another node a moment ago is otherwise looked up there).
//
// Why "valid gets in, invalid gets 429" is no oracle for a guesser, even though a throttled address
// may go on guessing at the speed of its requests: a token is 192 random bits. At 10,000 requests a
// second for a year (3.15 × 10^11 guesses) against 10,000 live keys, each guess is right with
// probability 10,000 / 2^192 ≈ 1.6 × 10^-54, so the year finds a key with probability ≈ 5 × 10^-43;
// a thousand such addresses change that by a factor of a thousand. Throttling the refused attempts
// keeps the log and the store quiet; it was never what protects the keys — their length is.
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
  if (auth.ok) return auth;
  const slowDown = (wait: number): Admission => ({
    ok: false,
    code: 'rate_limited',
    message: `too many refused tokens from ${address}: try again in ${wait} s`,
    retryAfterS: wait,
  });
  if (token) {
    const wait = await limits.blocked('authFailure', address);
    if (wait) return slowDown(wait);
  }
  // a key made on another node a moment ago: looked up only while the address is allowed to try
  if (auth.reason === 'unknown') auth = await keys.authenticateFresh(token);
  if (auth.ok) return auth;
  if (auth.reason !== 'missing') {
    const wait = await limits.take('authFailure', address);
    if (wait) return slowDown(wait);
  }
  return { ok: false, code: 'unauthorized', message: refusalText(auth.reason, what) };
}
