// A small TCP proxy for fault tests (node:net): listens on a port of its own and forwards every
// connection to the server. `cut()` destroys every open connection (a network drop: both ends see a
// reset), `pause()` stops forwarding server -> client (a stalled client: the proxy stops reading the
// server's side, so what the server sends piles up in its buffers, as behind a screen that no longer
// reads), `resume()` carries on; `retarget()` points new connections at another port (a restarted
// server) and `refuse()` / `accept()` turn new connections away while a server is down. It counts bytes.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  /** The URL to give a client (http://127.0.0.1:port). */
  url: string;
  port: number;
  /** Bytes forwarded so far, each way. */
  bytes: { toServer: number; toClient: number };
  /** Connections accepted so far, and open now. */
  connections: { total: number; open: number };
  /** Drops every open connection at once; new ones are still accepted. */
  cut(): void;
  /** Stops forwarding server -> client on open and new connections (client -> server still flows). */
  pause(): void;
  resume(): void;
  /** New connections go to this port from now on. */
  retarget(port: number): void;
  /** New connections are closed at once (the server is down); `accept()` undoes it. */
  refuse(): void;
  accept(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, host = '127.0.0.1'): Promise<TcpProxy> {
  let target = targetPort;
  let paused = false;
  let refusing = false;
  const pairs = new Set<{ client: Socket; server: Socket }>();
  const bytes = { toServer: 0, toClient: 0 };
  const connections = { total: 0, open: 0 };

  const listener: Server = createServer((client) => {
    if (refusing) return void client.destroy();
    connections.total += 1;
    connections.open += 1;
    client.setNoDelay(true);
    const server = connect({ host, port: target });
    server.setNoDelay(true);
    const pair = { client, server };
    pairs.add(pair);
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      pairs.delete(pair);
      connections.open -= 1;
      client.destroy();
      server.destroy();
    };
    // by hand rather than pipe(): a paused direction must stop reading at once, with nothing in between
    client.on('data', (chunk: Buffer) => {
      bytes.toServer += chunk.length;
      if (!server.write(chunk)) client.pause();
    });
    server.on('drain', () => client.resume());
    server.on('data', (chunk: Buffer) => {
      bytes.toClient += chunk.length;
      if (!client.write(chunk)) server.pause();
    });
    client.on('drain', () => {
      if (!paused) server.resume();
    });
    if (paused) server.pause();
    for (const s of [client, server]) {
      s.on('error', close);
      s.on('close', close);
      s.on('end', close);
    }
  });
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(0, host, resolve);
  });
  const port = (listener.address() as AddressInfo).port;

  const cut = () => {
    for (const { client, server } of [...pairs]) {
      client.resetAndDestroy();
      server.resetAndDestroy();
    }
  };
  return {
    url: `http://${host}:${port}`,
    port,
    bytes,
    connections,
    cut,
    pause() {
      paused = true;
      for (const { server } of pairs) server.pause();
    },
    resume() {
      paused = false;
      for (const { server } of pairs) server.resume();
    },
    retarget(p: number) {
      target = p;
    },
    refuse() {
      refusing = true;
    },
    accept() {
      refusing = false;
    },
    async close() {
      cut();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}
