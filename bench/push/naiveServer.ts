// Baseline (a) of bench:push: the naive real-time server: Express + Socket.IO, no store, every
// inbound event and fix emitted as JSON to every client the moment it arrives.
// Usage: tsx bench/push/naiveServer.ts  (prints "listening <port>")
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Server } from 'socket.io';

const app = express();
app.use(express.json({ limit: '16mb' }));
const http = createServer(app);
const io = new Server(http, { serveClient: false });
app.post('/api/v1/events', (req, res) => {
  for (const e of (req.body as { events: unknown[] }).events) io.emit('event', e);
  res.json({ ok: true });
});
app.post('/api/v1/positions', (req, res) => {
  for (const f of (req.body as { fixes: unknown[] }).fixes) io.emit('fix', f);
  res.json({ ok: true });
});
app.get('/rss', (_req, res) => {
  res.json({ rss: process.memoryUsage().rss, cpu: process.cpuUsage() });
});
http.listen(0, '127.0.0.1', () => console.log(`listening ${(http.address() as AddressInfo).port}`));
