// This document and its page (server/http/openapi/docsRoutes.ts). No key: they describe the API's
// shape, the same for every installation, and no data (docs/http-api.md).
import { open, type PathGroup } from '../common.ts';
import { z } from '../zod.ts';

const TAG = 'Docs';

export const docsPaths: PathGroup = {
  tag: { name: TAG, description: 'This description of the HTTP API: no key (it holds no data).' },
  register(r) {
    r.registerPath(
      open({
        method: 'get',
        path: '/api/openapi.json',
        tags: [TAG],
        operationId: 'openApiDocument',
        summary: 'This OpenAPI 3.1 document',
        responses: { 200: { description: 'The document.', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } } },
      }),
    );
    r.registerPath(
      open({
        method: 'get',
        path: '/api/docs',
        tags: [TAG],
        operationId: 'apiDocsPage',
        summary: 'This document, rendered (Swagger UI, served by this server)',
        responses: { 200: { description: 'The page.', content: { 'text/html': { schema: z.string() } } } },
      }),
    );
  },
};
