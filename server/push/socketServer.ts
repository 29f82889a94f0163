// The one Socket.IO server on the HTTP port and its three namespaces, typed with their event maps
// (shared/socketEvents.ts) and what each keeps per socket: the wall screens (`/`), the presenter
// consoles (`/console`) and the grid workers' phones (`/device`). A browser page from another site
// may not open a socket here; scaled out, Socket.IO's Redis adapter carries what crosses nodes.
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server, type Namespace, type ServerOptions } from 'socket.io';
import { DEVICE_NAMESPACE } from '../../shared/device.ts';
import type {
  ConsoleClientToServer,
  ConsoleServerToClient,
  DeviceClientToServer,
  DeviceServerToClient,
  ScreenClientToServer,
  ScreenServerToClient,
} from '../../shared/socketEvents.ts';
import { CONSOLE_NAMESPACE } from '../../shared/wallControl.ts';
import type { Principal } from '../auth/accessKeys.ts';
import { originAllowed } from '../auth/origins.ts';
import type { Refusals } from '../observability/refusals.ts';

/** What a wall screen's socket keeps. */
export interface ScreenData {
  /** The feed it is served from: 'live' or a playing wall's. */
  feed: string;
  wall: string;
  screen: string;
  scope: string;
  /** The region whose KPIs and alerts it receives: its scope, or a region inside it it drilled down to (shared/screenView.ts). */
  view: string;
  /** Skipped on a tick because its buffer was full: owes it a fresh state. */
  stale: boolean;
  /** What the screen asked to resume after, if it came from this log. */
  resumeAfter: number | undefined;
  /** The key it was let in by (disconnected when that key is revoked or expires). */
  principal: Principal;
}

/** What a presenter console's socket keeps. */
export interface ConsoleData {
  wall: string;
  name: string;
  principal: Principal;
}

/** What a phone's socket keeps. */
export interface DeviceData {
  principal: Principal;
}

type NoInterServer = Record<string, never>;
export type ScreenServer = Server<ScreenClientToServer, ScreenServerToClient, NoInterServer, ScreenData>;
export type ScreenNamespace = Namespace<ScreenClientToServer, ScreenServerToClient, NoInterServer, ScreenData>;
export type ConsoleNamespace = Namespace<ConsoleClientToServer, ConsoleServerToClient, NoInterServer, ConsoleData>;
export type DeviceNamespace = Namespace<DeviceClientToServer, DeviceServerToClient, NoInterServer, DeviceData>;

export interface SocketServer {
  io: ScreenServer;
  screens: ScreenNamespace;
  consoles: ConsoleNamespace;
  devices: DeviceNamespace;
  /** Every socket of every namespace with the key it was let in by. */
  socketsByKey(): Iterable<{ keyId: string; emitAccessEnded(why: { reason: 'revoked' | 'expired'; message: string }): void; disconnect(): void }>;
  close(): Promise<void>;
}

export function createSocketServer(
  httpServer: HttpServer,
  deps: {
    /** Origins besides the server's own that may open sockets (browsers send Origin; other clients do not). */
    allowedOrigins: readonly string[];
    clientAddress(req: IncomingMessage): string;
    refusals?: Refusals;
    /** Scale-out: Socket.IO's adapter between nodes (server/bus/socketAdapter.ts); absent in one process. */
    adapter?: ServerOptions['adapter'];
  },
): SocketServer {
  const io: ScreenServer = new Server(httpServer, {
    serveClient: false,
    // scale-out: what crosses nodes (the consoles' command log and screen presence); every node
    // pushes its own screens' data from its own projections (io.local)
    ...(deps.adapter && { adapter: deps.adapter }),
    maxHttpBufferSize: 16 * 1024,
    // no per-connection compression: large transition batches are deflated once per room instead
    perMessageDeflate: false,
    allowRequest: (req, callback) => {
      const ok = originAllowed(req.headers.origin, req.headers.host, deps.allowedOrigins);
      const message = `origin ${req.headers.origin} may not open sockets on this server`;
      if (!ok) deps.refusals?.socket('engine', deps.clientAddress(req), { code: 'origin', message });
      callback(ok ? null : message, ok);
    },
  });
  // Socket.IO types a namespace with its server's event maps: each of ours has its own
  const consoles = io.of(CONSOLE_NAMESPACE) as unknown as ConsoleNamespace;
  const devices = io.of(DEVICE_NAMESPACE) as unknown as DeviceNamespace;
  const screens = io.of('/');
  return {
    io,
    screens,
    consoles,
    devices,
    *socketsByKey() {
      for (const nsp of [screens, consoles, devices] as Namespace[]) {
        for (const socket of nsp.sockets.values()) {
          const keyId = (socket.data as { principal?: Principal }).principal?.keyId;
          if (keyId) yield { keyId, emitAccessEnded: (why) => socket.emit('accessEnded', why), disconnect: () => socket.disconnect(true) };
        }
      }
    },
    close: () => io.close(),
  };
}
