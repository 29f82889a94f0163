// Which browser pages may open sockets: the server's own (Origin's host equals the Host the browser
// asked for) and the configured others. A request without an Origin is not from a browser page
// (socket.io-client in Node, a device): its token alone decides.
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return true;
  if (allowed.includes('*') || allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
