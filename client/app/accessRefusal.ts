// A server's refusal of this screen's token ("unauthorized: …", "forbidden: …", "outside_scope: …",
// "rate_limited: …", from the socket handshake or the wall's layout request), in the wall's language
// followed by the server's own sentence for the operator; null when the message is not a refusal.
import { t } from '../i18n/messages.ts';

export function accessRefusal(message: string): string | null {
  const code = /^(\w+):/.exec(message)?.[1];
  const why = code ? t.refused[code] : undefined;
  return why ? `${why} · ${message}` : null;
}
