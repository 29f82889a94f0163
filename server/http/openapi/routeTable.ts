// The routes an Express 5 app really has, read from its router (router 2.x keeps each layer's
// path as written in `rawPath`; a route layer has `route.path` and `route.methods`; a mounted router
// is a layer whose handle has its own `stack`). Static file trees (express.static) and plain
// middleware are not routes and are not listed. tests/integration/openapi.test.ts compares these
// with the document's operations, both ways.

interface RouterLayer {
  route?: { path: string | string[]; methods: Record<string, boolean | undefined> };
  handle?: { stack?: RouterLayer[] };
  rawPath?: string | RegExp | (string | RegExp)[];
}

export interface MountedRoute {
  /** Lower-case, as OpenAPI writes it; `all` for a route of every method. */
  method: string;
  /** The path as Express matches it, mount paths joined (`/api/v1/cases/:id`, `/wall/{*rest}`). */
  path: string;
}

/**
 * A route of every method on a bare wildcard (`/open311/{*rest}`): an API's fallback that answers
 * what no operation takes (404, 405) in that API's error shape — no operation of its own.
 */
export function isFallback(route: MountedRoute): boolean {
  return route.method === 'all' && /\/\{?\*[\w$]+\}?$/.test(route.path);
}

/** Every method and path the app routes, nested routers included. */
export function listRoutes(app: { router: { stack: RouterLayer[] } }): MountedRoute[] {
  const out: MountedRoute[] = [];
  walk(app.router.stack, '', out);
  return out;
}

function walk(stack: readonly RouterLayer[], prefix: string, out: MountedRoute[]): void {
  for (const layer of stack) {
    if (layer.route) {
      for (const path of [layer.route.path].flat()) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on) out.push({ method: method === '_all' ? 'all' : method.toLowerCase(), path: join(prefix, path) });
        }
      }
    } else if (Array.isArray(layer.handle?.stack)) {
      for (const mount of [layer.rawPath ?? '/'].flat()) {
        if (typeof mount !== 'string') throw new Error(`a router mounted on a regular expression (${String(mount)}): its paths cannot be listed`);
        walk(layer.handle.stack, join(prefix, mount), out);
      }
    }
  }
}

function join(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/{2,}/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

/**
 * An Express path as an OpenAPI path template: `:id` and `*rest` become `{id}` and `{rest}`, and an
 * optional group (`{…}` in Express 5) is taken as present, its fullest form being what is documented.
 */
export function toOpenApiPath(expressPath: string): string {
  return expressPath.replace(/[{}]/g, '').replace(/[:*]"?([A-Za-z_$][\w$]*)"?/g, '{$1}');
}

/** A path with its parameters' names left out (`/api/v1/cases/{}`): names are the document's to choose. */
export function pathShape(openApiPath: string): string {
  return openApiPath.replace(/\{[^}]*\}/g, '{}');
}
