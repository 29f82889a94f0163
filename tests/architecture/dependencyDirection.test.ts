// The dependency rules of the design, checked over every import in the source tree:
// shared <- server, shared <- client; shared imports neither Node nor the DOM libraries;
// server and client never import each other; a wall panel never imports another panel.
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

  it('shared/ imports only shared/, zod and fflate (pure JavaScript, no Node or DOM)', () => {
    expect(
      violations('shared', ({ spec, target }, file) =>
        (target ? !target.startsWith('shared/') : !['zod', 'fflate'].includes(spec)) ? `${file} imports ${spec}` : null,
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

  it('within the server, data flows ingest -> store/bus -> projections (and playback) -> push and no layer reaches back', () => {
    // folder -> folders it must not import
    const forbidden: Record<string, string[]> = {
      store: ['ingest', 'bus', 'projections', 'push', 'http'],
      bus: ['ingest', 'store', 'projections', 'push', 'http'],
      ingest: ['projections', 'push'],
      projections: ['ingest', 'bus', 'push', 'http'],
      push: ['ingest', 'store', 'bus', 'http'],
      // the past's projections are projections: they read the store, never the live paths
      playback: ['ingest', 'bus', 'push', 'http', 'walls'],
      // a wall's state knows nothing of how it is pushed or served
      walls: ['push', 'http', 'projections', 'playback'],
    };
    expect(
      violations('server', ({ spec, target }, file) => {
        if (!target?.startsWith('server/')) return null;
        const from = relative('server', file).split('/')[0]!;
        const to = target.split('/')[1]!;
        return forbidden[from]?.includes(to) ? `${file} imports ${spec}` : null;
      }),
    ).toEqual([]);
  });
});
