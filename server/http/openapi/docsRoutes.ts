// GET /api/openapi.json (this API's OpenAPI 3.1 document) and /api/docs (the document rendered by
// Swagger UI, served from node_modules/swagger-ui-dist: nothing from a CDN). No key: the document is
// static, the same for every installation, and describes no data (docs/http-api.md). The page
// runs under the server's content security policy: its scripts are files from this server only.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type RequestHandler } from 'express';
import { ApiError } from '../apiError.ts';
import { openApiJson } from './document.ts';

/** What the page loads from swagger-ui-dist; its sample index.html and initializer (the petstore) are never served. */
const SWAGGER_FILES = ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-16x16.png', 'favicon-32x32.png'];
const PAGE_FILES = ['init.js', 'docs.css'];

const swaggerDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const pageDir = fileURLToPath(new URL('./page/', import.meta.url));

/** Lets through the named files only: anything else under the folder is `404 not_found`. */
function only(files: readonly string[]): RequestHandler {
  const allowed = new Set(files.map((f) => `/${f}`));
  return (req, _res, next) => next(allowed.has(req.path) ? undefined : new ApiError(404, 'not_found', `no ${req.originalUrl.split('?')[0]} here`));
}

export function openApiRoutes(): Router {
  const router = Router();
  router.get('/api/openapi.json', (_req, res) => {
    res.set('cache-control', 'no-cache').type('application/json').send(openApiJson());
  });
  router.get('/api/docs', (_req, res) => {
    res.sendFile(join(pageDir, 'index.html'), { maxAge: 0 });
  });
  router.use('/api/docs/assets', only(SWAGGER_FILES), express.static(swaggerDir, { index: false, maxAge: '1h' }));
  router.use('/api/docs/page', only(PAGE_FILES), express.static(pageDir, { index: false, maxAge: 0 }));
  return router;
}
