// Baseline (b) of bench:push: the practical ceiling: a raw `ws` server that broadcasts the same
// bytes (each event and fix as JSON) to every client as they arrive; HTTP ingest as plain Node.
// Usage: tsx bench/push/wsServer.ts  (prints "listening <port>")
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const http = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/rss') {
    res.end(JSON.stringify({ rss: process.memoryUsage().rss, cpu: process.cpuUsage() }));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString()) as { events?: unknown[]; fixes?: unknown[] };
    for (const item of body.events ?? body.fixes ?? []) {
      const bytes = JSON.stringify(item);
      for (const client of wss.clients) client.send(bytes);
    }
    res.end('{"ok":true}');
  });
});
const wss = new WebSocketServer({ server: http });
http.listen(0, '127.0.0.1', () => console.log(`listening ${(http.address() as AddressInfo).port}`));
