// A server's refusal of this screen's token (from the socket handshake or the wall's layout
// request), by its code, in the wall's language, followed by the server's own sentence for the
// operator; null when it is no refusal of access (a network error, a bad handshake).
import type { RefusalBody } from '../../shared/refusal.ts';
import { t } from './messages.ts';

export function accessRefusal(refusal: RefusalBody | null | undefined): string | null {
  const why = refusal ? t.refused[refusal.code] : undefined;
  return why ? `${why} · ${refusal!.message}` : null;
}
