// The HTTP side of the one port: an Express app behind the configured proxies (TRUST_PROXY), with
// the security headers and, only where origins are configured, CORS on the API; the Node server the
// sockets share; and the client's address as Express sees it, for the sockets' limits and logs.
import { createServer, type IncomingMessage } from 'node:http';
import cors from 'cors';
import express from 'express';
import helmet from 'helmet';
import proxyaddr from 'proxy-addr';
import type { Config } from '../config/config.ts';
import { securityHeaders } from './securityHeaders.ts';

export type HttpApp = ReturnType<typeof createHttpApp>;

export function createHttpApp(config: Pick<Config, 'trustProxy' | 'mapStyleUrl' | 'allowedOrigins'>) {
  const app = express();
  app.disable('x-powered-by');
  if (config.trustProxy !== undefined) app.set('trust proxy', /^\d+$/.test(config.trustProxy) ? Number(config.trustProxy) : config.trustProxy);
  app.use(helmet(securityHeaders(config.mapStyleUrl)));
  // CORS stays closed (no headers: a browser keeps other sites' pages out) unless origins are configured
  if (config.allowedOrigins.length) app.use('/api', cors({ origin: config.allowedOrigins, maxAge: 600 }));
  return {
    app,
    server: createServer(app),
    /** The client's address behind the configured proxies, the way Express's req.ip has it. */
    clientAddress: (req: IncomingMessage): string => proxyaddr(req, app.get('trust proxy fn') as Parameters<typeof proxyaddr>[1]),
  };
}
