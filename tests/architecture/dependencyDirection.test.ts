// The dependency rules of the design, checked over every import in the source tree:
// shared <- server, shared <- client; shared imports neither Node nor the DOM libraries;
// server and client never import each other; each server folder imports only the folders below
// it; a client feature never imports another, and a wall panel never imports another panel.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

function importsOf(file: string): { spec: string; target: string | null }[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => {
    const spec = (m[1] ?? m[2] ?? m[3])!;
    return { spec, target: spec.startsWith('.') ? relative('.', resolve(dirname(file), spec)) : null };
  });
}

const violations = (folder: string, rule: (imp: { spec: string; target: string | null }, file: string) => string | null) =>
  sourceFiles(folder).flatMap((file) =>
    importsOf(file)
      .map((imp) => rule(imp, file))
      .filter((v): v is string => v !== null),
  );

describe('dependency direction', () => {
  it('the rule sees imports at all', () => {
    expect(importsOf('server/app.ts').some((i) => i.target === 'server/config/config.ts')).toBe(true);
  });

  it('shared/ imports only shared/, zod, fflate and lunar-typescript (pure JavaScript, no Node or DOM)', () => {
    expect(
      violations('shared', ({ spec, target }, file) =>
        (target ? !target.startsWith('shared/') : !['zod', 'fflate', 'lunar-typescript'].includes(spec)) ? `${file} imports ${spec}` : null,
      ),
    ).toEqual([]);
  });

  it('server/ never imports client/', () => {
    expect(violations('server', ({ spec, target }, file) => (target?.startsWith('client/') ? `${file} imports ${spec}` : null))).toEqual([]);
  });

  it('client/ never imports server/ or Node built-ins', () => {
    expect(
      violations('client', ({ spec, target }, file) => (target?.startsWith('server/') || spec.startsWith('node:') ? `${file} imports ${spec}` : null)),
    ).toEqual([]);
  });

  it('a panel never imports another panel', () => {
    expect(
      violations('client/panels', ({ spec, target }, file) => {
        const own = relative('client/panels', file).split('/')[0];
        const other = target?.startsWith('client/panels/') ? target.split('/')[2] : undefined;
        return other && other !== own ? `${file} imports ${spec}` : null;
      }),
    ).toEqual([]);
  });

  it('panels and shared UI never import the app that composes them', () => {
    const rule = ({ spec, target }: { spec: string; target: string | null }, file: string) =>
      target?.startsWith('client/app/') ? `${file} imports ${spec}` : null;
    expect([...violations('client/panels', rule), ...violations('client/components', rule)]).toEqual([]);
  });

  // Each server folder and the server folders it may import: the layering of the design, made
  // executable. A folder not in the table fails the test until it is placed in it.
  const SERVER_LAYERS: Record<string, readonly string[]> = {
    // the ground floor: no other folder of the server
    config: [],
    observability: [],
    redis: [],
    geo: [],
    store: ['config', 'observability'],
    bus: ['config', 'observability', 'redis'],
    // data flows ingest -> store/bus -> projections (and playback) -> push, and no layer reaches back
    ingest: ['bus', 'config', 'geo', 'observability', 'store'],
    projections: ['geo', 'observability', 'store'],
    playback: ['geo', 'projections', 'store'],
    auth: ['bus', 'config', 'observability', 'redis', 'store'],
    // a wall's state knows nothing of how it is pushed or served
    walls: ['auth', 'bus', 'config', 'geo', 'ingest', 'observability', 'store'],
    push: ['auth', 'geo', 'observability', 'playback', 'projections', 'redis', 'walls'],
    webhooks: ['bus', 'config', 'geo', 'observability', 'projections', 'redis', 'store'],
    // the edges: HTTP, Open311, the phones, the built-in simulator (a source like any other, over HTTP)
    open311: ['auth', 'geo', 'http', 'observability', 'projections', 'store'],
    http: ['auth', 'bus', 'config', 'geo', 'ingest', 'observability', 'open311', 'projections', 'store', 'walls', 'webhooks'],
    device: ['auth', 'bus', 'geo', 'http', 'ingest', 'observability', 'push', 'store'],
    simulator: ['config', 'geo', 'observability', 'projections'],
    // the command line composes (app.ts) or opens the store itself
    cli: ['(app.ts)', 'auth', 'config', 'geo', 'ingest', 'observability', 'store', 'walls'],
  };

  it('places every server folder in the layering', () => {
    const folders = readdirSync('server', { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(folders).toEqual(Object.keys(SERVER_LAYERS).sort());
  });

  it('within the server, each folder imports only the folders below it (data flows ingest -> store/bus -> projections -> push)', () => {
    expect(
      violations('server', ({ spec, target }, file) => {
        if (!target?.startsWith('server/')) return null;
        const parts = relative('server', file).split('/');
        if (parts.length === 1) return null; // app.ts and main.ts compose everything
        const from = parts[0]!;
        const to = target.split('/').length === 2 ? '(app.ts)' : target.split('/')[1]!;
        return to !== from && !SERVER_LAYERS[from]?.includes(to) ? `${file} imports ${spec}` : null;
      }),
    ).toEqual([]);
  });

  // The client's features (bulletproof-react): a feature imports shared code, never another feature
  // or the app that composes them; shared code imports no feature. biome.json says the same to an editor.
  const CLIENT_FEATURES = ['admin', 'console', 'panels', 'app'];
  const CLIENT_SHARED = ['api', 'components', 'geo', 'feed', 'i18n', 'store', 'styles'];

  it('places every client folder as a feature or shared code', () => {
    const folders = readdirSync('client', { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(folders).toEqual([...CLIENT_FEATURES, ...CLIENT_SHARED].sort());
  });

  it('a client feature never imports another feature; shared client code never imports a feature', () => {
    expect(
      violations('client', ({ spec, target }, file) => {
        if (!target?.startsWith('client/')) return null;
        const from = relative('client', file).split('/')[0]!;
        const to = target.split('/')[1]!;
        if (from === to || from === 'main.tsx') return null;
        const fromFeature = CLIENT_FEATURES.includes(from);
        // the app composes the features
        if (from === 'app') return null;
        return CLIENT_FEATURES.includes(to) && (fromFeature || CLIENT_SHARED.includes(from)) ? `${file} imports ${spec}` : null;
      }),
    ).toEqual([]);
  });

  // The feed worker runs without a document: it may import shared/ and its own folder's worker-side
  // modules, never the page's store, i18n or components (they would pull the DOM and React into it).
  it('the feed worker imports only shared code and its own worker-side modules', () => {
    const WORKER_SIDE = ['client/feed/feed.worker.ts', 'client/feed/feedBuffers.ts', 'client/feed/feedMessages.ts'];
    expect(
      violations('client/feed', ({ spec, target }, file) => {
        if (!WORKER_SIDE.includes(file)) return null;
        if (!target) return spec === 'socket.io-client' ? null : `${file} imports ${spec}`;
        return target.startsWith('shared/') || WORKER_SIDE.includes(target) ? null : `${file} imports ${spec}`;
      }),
    ).toEqual([]);
  });
});
