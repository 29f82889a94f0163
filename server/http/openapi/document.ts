// Gridwall's HTTP API as one OpenAPI 3.1 document, built from the same zod schemas the routes
// validate with (shared/*.ts), so the document and the validation cannot disagree. Built once: it
// depends on the code only, never on the configuration or the data; only its example dates follow
// the clock (exampleDates.ts), so the examples can be posted as they are on any day.
import { readFileSync } from 'node:fs';
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { registerSecuritySchemes } from './common.ts';
import { ErrorBody } from './errors.ts';
import { exampleShiftDays, newestExample, shiftExamples } from './exampleDates.ts';
import { z } from './zod.ts';
import { PATH_GROUPS } from './paths/index.ts';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const DESCRIPTION = `The HTTP API of Gridwall, the real-time wall display of a grid-governance command hall.

**Keys.** Every operation but the pages, \`/healthz\`, \`/metrics\`, \`/config.json\` and this document needs an access key, sent as \`Authorization: Bearer <key>\` or \`X-Api-Key: <key>\`. Each operation names the roles it lets in (\`x-roles\`, and one security alternative per role). A key of another role is \`403 forbidden\`; a missing, unknown, revoked or expired one \`401 unauthorized\`; over a rate limit \`429 rate_limited\` with \`Retry-After\`. Read keys answer only within their scope (\`403 outside_scope\`).

**Errors** share one shape, \`{"error": {"code", "message", "details"?}}\`, \`details\` listing each offending field as \`{path, message}\`; a refused request stores nothing. An unknown path under \`/api\` is \`404 not_found\` in the same shape. (The Open311 endpoints answer as that standard does: XML or JSON, and its error list.)

The wall screens, the presenter console and the phones' \`/device\` namespace speak Socket.IO on the same port: see docs/socket-api.md and docs/device-api.md.`;

function registryOf(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registerSecuritySchemes(registry);
  registry.register('Error', ErrorBody);
  for (const group of PATH_GROUPS) group.register(registry);
  return registry;
}

function build(registry: OpenAPIRegistry): OpenApiDocument {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Gridwall HTTP API', version: VERSION, description: DESCRIPTION },
    servers: [{ url: '/', description: 'this server' }],
    tags: PATH_GROUPS.map((g) => g.tag),
  });
}

let built: { registry: OpenAPIRegistry; document: OpenApiDocument; newest: number } | undefined;
/** The document as served on one day: its examples moved by `days`. */
let dated: { days: number; document: OpenApiDocument; json: string } | undefined;

function builtDocument() {
  built ??= (() => {
    const registry = registryOf();
    const document = build(registry);
    return { registry, document, newest: newestExample(document) };
  })();
  return built;
}

/** The document with its examples dated for `now` (the same object all day). */
export function openApiDocument(now = Date.now()): OpenApiDocument {
  return datedDocument(now).document;
}

function datedDocument(now: number) {
  const { document, newest } = builtDocument();
  const days = exampleShiftDays(newest, now);
  if (dated?.days !== days) {
    const shifted = shiftExamples(document, days);
    dated = { days, document: shifted, json: JSON.stringify(shifted) };
  }
  return dated;
}

/**
 * The zod schemas a documented answer was generated from, by media type: what a test checks a real
 * answer against. Undefined when the operation does not document that status.
 */
export function documentedAnswer(method: string, path: string, status: number): Record<string, z.ZodType | undefined> | undefined {
  for (const d of builtDocument().registry.definitions) {
    if (d.type !== 'route' || d.route.method !== method || d.route.path !== path) continue;
    const answer = d.route.responses[String(status)];
    if (!answer || '$ref' in answer) return undefined;
    return Object.fromEntries(
      Object.entries(answer.content ?? {}).map(([type, media]) => {
        const schema = media && !('$ref' in media) ? media.schema : undefined;
        return [type, schema instanceof z.ZodType ? schema : undefined];
      }),
    );
  }
  return undefined;
}

/** The document as the JSON `/api/openapi.json` serves at `now`. */
export function openApiJson(now = Date.now()): string {
  return datedDocument(now).json;
}
