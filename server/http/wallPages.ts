// Serves the built wall (vite build output) and the static geography. Every wall route is the
// single-page app; without a build it says how to make one instead of a blank page. The geography
// (about 5 MB, fetched by every screen at start) is sent compressed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import compression from 'compression';
import express, { Router } from 'express';

export function wallPages(clientDir: string, publicDir: string, settings: { mapStyleUrl?: string }): Router {
  const router = Router();
  const indexHtml = join(clientDir, 'index.html');
  router.get('/config.json', (_req, res) => {
    res.set('cache-control', 'no-cache').json({ mapStyleUrl: settings.mapStyleUrl ?? null });
  });
  router.use('/geo', compression({ filter: () => true }), express.static(join(publicDir, 'geo'), { maxAge: '1h' }));
  router.use(express.static(clientDir, { index: false, maxAge: '1h' }));
  router.get(['/', '/wall/{*rest}', '/console/{*rest}', '/admin'], (_req, res) => {
    if (!existsSync(indexHtml)) {
      res.status(503).type('text/plain').send('The wall is not built yet: run `npm run build` (npm start does it for you).');
      return;
    }
    res.sendFile(indexHtml, { maxAge: 0 });
  });
  return router;
}
