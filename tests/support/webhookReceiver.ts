// A real integrator for the webhook suites: an HTTP server on 127.0.0.1 that checks each request's
// signature the way docs/webhooks.md tells a receiver to (written here from that page, not with the
// server's own code, so a scheme both sides got wrong the same way cannot pass), records every
// request, and answers as the test says: a status, or hang (never answer), or be down (port closed).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createWaiters } from './waiters.ts';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: any;
  /** Why the signature was refused, or null when it verified (fresh, and matching the raw body). */
  signatureProblem: string | null;
  /** What the receiver answered (hang: nothing). */
  answer: number | 'hang';
}

export type Answer = number | 'hang';

export interface WebhookReceiver {
  port: number;
  url(path: string): string;
  /** Every request received, in arrival order. */
  requests: ReceivedRequest[];
  /** The requests on one path that were answered 2xx, in order (what the integrator took). */
  taken(path: string): ReceivedRequest[];
  /** How the receiver answers the next request (default: 200 when the signature verifies, else 401). */
  answer: (request: Omit<ReceivedRequest, 'answer'>) => Answer;
  /** Closes the port (connections refused) until `up`. */
  down(): Promise<void>;
  up(): Promise<void>;
  until(predicate: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Verifies `Gridwall-Signature: t=<unix s>,v1=<hex>` as docs/webhooks.md's receiver does; null when valid. */
export function signatureProblem(secret: string, raw: string, header: string | undefined, toleranceS = 300): string | null {
  const fields = Object.fromEntries((header ?? '').split(',').map((kv) => kv.split('=') as [string, string]));
  const t = Number(fields.t);
  if (!Number.isInteger(t) || !fields.v1) return 'no signature';
  if (Math.abs(Date.now() / 1000 - t) > toleranceS) return 'stale timestamp';
  const expected = createHmac('sha256', secret).update(`${t}.${raw}`).digest();
  const given = Buffer.from(fields.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? null : 'bad signature';
}

export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const sockets = new Set<Socket>();
  const waits = createWaiters(
    (what, ms) =>
      new Error(
        `the receiver did not see ${what} within ${ms} ms; it saw ${JSON.stringify(r.requests.map((q) => [q.path, q.headers['gridwall-delivery'], q.answer]))}`,
      ),
    undefined,
    20_000,
  );
  const notify = waits.notify;
  let server: Server;
  let port = 0;
  const r: WebhookReceiver = {
    port: 0,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests: [],
    taken: (path) => r.requests.filter((q) => q.path === path && typeof q.answer === 'number' && q.answer >= 200 && q.answer < 300),
    answer: (q) => (q.signatureProblem ? 401 : 200),
    async down() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
    up: () => listen(port),
    until: (predicate, what, timeoutMs) => waits.until(predicate, what, timeoutMs),
    close: () => r.down(),
  };
  const listen = (at: number) => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let body: unknown = null;
        try {
          body = JSON.parse(raw);
        } catch {
          // recorded as it came; the test sees body null
        }
        const seen = {
          path: req.url ?? '',
          headers: req.headers,
          raw,
          body,
          signatureProblem: signatureProblem(secret, raw, req.headers['gridwall-signature'] as string | undefined),
        };
        const answer = r.answer(seen);
        r.requests.push({ ...seen, answer });
        notify();
        if (answer !== 'hang') res.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    return new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(at, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port;
        r.port = port;
        resolve();
      });
    });
  };
  await listen(0);
  return r;
}
