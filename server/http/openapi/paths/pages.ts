// The pages (server/http/wallPages.ts): one single-page app, served to anyone (HTTP 200 whatever
// the URL says). The key travels in the URL's `token` and is checked by the page's own socket and
// API calls, which refuse it there; so these describe the URL scheme, not an API.
import { open, type PathGroup } from '../common.ts';
import { z } from '../zod.ts';

const TAG = 'Pages';

const html = { content: { 'text/html': { schema: z.string() } } };
const page = {
  200: { description: 'The page (its script reads the query).', ...html },
  503: { description: 'The wall is not built yet (`npm run build`).', content: { 'text/plain': { schema: z.string() } } },
};
const token = (role: string) =>
  z
    .string()
    .optional()
    .openapi({ description: `${role}; read by the page, which refuses a wrong one itself` });
const lang = z.enum(['zh', 'en']).optional().openapi({ description: '`en` for English' });
const wall = z.object({ wall: z.string().openapi({ description: 'a wall id (config/walls/<id>.json)', example: 'hall-3x2' }) });

export const pagePaths: PathGroup = {
  tag: {
    name: TAG,
    description: 'The wall, the presenter console, the index and the admin page: HTML for a browser, with the key in `token` (docs/walls.md).',
  },
  register(r) {
    r.registerPath(
      open({
        method: 'get',
        path: '/',
        tags: [TAG],
        operationId: 'indexPage',
        summary: "Every wall and its screens' URLs",
        request: { query: z.object({ token: token('a screen token'), lang }) },
        responses: page,
      }),
    );
    r.registerPath(
      open({
        method: 'get',
        path: '/wall/{wall}',
        tags: [TAG],
        operationId: 'wallPage',
        summary: 'One screen of a wall',
        request: {
          params: wall,
          query: z.object({
            screen: z.string().optional().openapi({ description: '`<row>-<col>` on the wall', example: '1-1' }),
            token: token('a screen token (or a presenter, leader or admin key)'),
            lang,
            scope: z.string().optional().openapi({ description: "a district or street code: that region's data only (within the key's scope)" }),
            focus: z.string().optional().openapi({ description: 'a region code the maps frame' }),
          }),
        },
        responses: page,
      }),
    );
    r.registerPath(
      open({
        method: 'get',
        path: '/console/{wall}',
        tags: [TAG],
        operationId: 'consolePage',
        summary: 'The presenter console of a wall',
        request: {
          params: wall,
          query: z.object({
            token: token('a presenter token'),
            lang,
            name: z.string().optional().openapi({ description: 'who presents, for the command log' }),
          }),
        },
        responses: page,
      }),
    );
    r.registerPath(
      open({
        method: 'get',
        path: '/admin',
        tags: [TAG],
        operationId: 'adminPage',
        summary: "The administrator's page",
        request: { query: z.object({ token: token('an admin key'), lang }) },
        responses: page,
      }),
    );
  },
};
