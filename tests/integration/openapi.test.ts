// The OpenAPI document against the real server: it is a valid OpenAPI 3.1 document; it is served at
// /api/openapi.json without a key; every route the running Express app has is documented and every
// documented operation is a route the app has (so a route added later fails here until documented);
// every keyed operation refuses no key (401) and each role it does not name (403 forbidden), and lets
// in each role it names, every answer with a status the document lists and a body its schema accepts;
// the documented example bodies are accepted as they are, and the documented 400 example is what an
// empty batch is answered. On both store engines.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../shared/access.ts';
import { documentedAnswer, openApiDocument, type OpenApiDocument } from '../../server/http/openapi/document.ts';
import { isFallback, listRoutes, pathShape, toOpenApiPath } from '../../server/http/openapi/routeTable.ts';
import { ENGINES } from '../support/engines.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;
const WORKER = 'W120101001008003';

interface Operation {
  method: string;
  path: string;
  op: {
    operationId?: string;
    security?: Record<string, string[]>[];
    'x-roles'?: Role[];
    parameters?: { name: string; in: string; required?: boolean; schema?: { example?: unknown } }[];
    requestBody?: { content: Record<string, { example?: unknown }> };
    responses: Record<string, unknown>;
  };
}

function operations(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => (item as Record<string, unknown>)[m]).map((method) => ({ method, path, op: (item as Record<string, Operation['op']>)[method]! })),
  );
}

/** A documented path with its path parameters filled from their examples. */
function concretePath({ path, op }: Operation): string {
  return path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const example = op.parameters?.find((p) => p.in === 'path' && p.name === name)?.schema?.example;
    return encodeURIComponent(String(example ?? 'x'));
  });
}

const doc = openApiDocument();
const ops = operations(doc);

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document whose references all resolve', async () => {
    const validator = new Validator();
    // a copy: the validator resolves the references in place
    const result = await validator.validate(structuredClone(doc) as unknown as Record<string, unknown>);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(() => validator.resolveRefs()).not.toThrow();
  });

  it('declares every path template parameter, and only those, on each operation; operation ids are unique', () => {
    const ids = new Set<string>();
    for (const o of ops) {
      const where = `${o.method.toUpperCase()} ${o.path}`;
      const inTemplate = [...o.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const declared = (o.op.parameters ?? [])
        .filter((p) => p.in === 'path')
        .map((p) => p.name)
        .sort();
      expect(declared, where).toEqual(inTemplate);
      expect(
        (o.op.parameters ?? []).filter((p) => p.in === 'path').every((p) => p.required),
        `${where}: path parameters are required`,
      ).toBe(true);
      expect(o.op.operationId, `${where} has an operationId`).toBeTruthy();
      expect(ids.has(o.op.operationId!), `${where}: operationId ${o.op.operationId} used twice`).toBe(false);
      ids.add(o.op.operationId!);
    }
  });

  it('names the roles of every keyed operation in its security, one alternative per role and scheme', () => {
    for (const o of ops) {
      const where = `${o.method.toUpperCase()} ${o.path}`;
      expect(o.op.security, `${where} says whether it needs a key`).toBeDefined();
      const roles = o.op['x-roles'] ?? [];
      expect(
        roles.every((r) => (ROLES as readonly string[]).includes(r)),
        where,
      ).toBe(true);
      const fromSecurity = [...new Set(o.op.security!.flatMap((alt) => Object.values(alt).flat()))].sort();
      expect(fromSecurity, where).toEqual([...roles].sort());
      for (const alt of o.op.security!)
        for (const scheme of Object.keys(alt)) expect(doc.components?.securitySchemes?.[scheme], `${where}: scheme ${scheme}`).toBeDefined();
    }
  });
});

describe.each(ENGINES)('the OpenAPI document against the real server (%s)', (engine) => {
  let server: TestServer;
  const keys = {} as Record<Role, string>;

  const call = async (method: string, path: string, opts: { key?: string; body?: unknown } = {}) => {
    const headers: Record<string, string> = {};
    if (opts.key) headers.authorization = `Bearer ${opts.key}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${server.url}${path}`, {
      method: method.toUpperCase(),
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, type, text, body: type.includes('json') && text ? (JSON.parse(text) as any) : undefined };
  };

  /** The answer has a status the operation documents, of a documented media type, and that type's schema accepts the body. */
  const expectDocumented = (o: Pick<Operation, 'method' | 'path'>, answer: Awaited<ReturnType<typeof call>>, what: string) => {
    const where = `${o.method.toUpperCase()} ${o.path} (${what})`;
    const documented = documentedAnswer(o.method, o.path, answer.status);
    expect(documented, `${where} answered ${answer.status}, which the document does not list: ${answer.text.slice(0, 300)}`).toBeDefined();
    const type = answer.type.split(';')[0]!;
    expect(Object.keys(documented!), `${where} answered ${answer.status} as ${type}`).toContain(type);
    const schema = documented![type];
    // a JSON answer against its schema, a text one against its string schema; other formats (XML) by type only
    const value = type.endsWith('json') ? answer.body : type.startsWith('text/') ? answer.text : undefined;
    if (!schema || value === undefined) return;
    const parsed = schema.safeParse(value);
    expect(
      parsed.success ? [] : parsed.error.issues.slice(0, 5),
      `${where} answered ${answer.status} with a body its documented schema refuses: ${answer.text.slice(0, 300)}`,
    ).toEqual([]);
  };

  /** A refusal for the key's role (server/http/authorize.ts), in whatever error shape the route answers in. */
  const refusedForRole = (answer: Awaited<ReturnType<typeof call>>) => answer.status === 403 && /cannot do this: it needs/.test(answer.text);

  beforeAll(async () => {
    server = await startTestServer({ engine });
    Object.assign(keys, {
      ingest: server.secrets.ingestKey,
      screen: server.secrets.screenToken,
      presenter: server.secrets.presenterToken,
      admin: server.secrets.adminToken,
    });
    for (const made of [
      { role: 'leader', label: 'openapi leader' },
      { role: 'device', label: 'openapi phone', worker: WORKER },
    ] as const) {
      const res = await call('post', '/api/v1/admin/keys', { key: keys.admin, body: made });
      expect(res.status, res.text).toBe(201);
      keys[made.role] = res.body.token;
    }
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('serves the document at /api/openapi.json without a key', async () => {
    const before = Date.now();
    const res = await call('get', '/api/openapi.json');
    const after = Date.now();
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^application\/json/);
    // the document of the day it is served (its examples dated so): the same at either end of the request
    expect([before, after].map((t) => JSON.parse(JSON.stringify(openApiDocument(t))))).toContainEqual(res.body);
    expect(res.body.openapi).toBe('3.1.0');
    // the page's own files, and nothing else of swagger-ui-dist (its sample page loads the petstore from the internet)
    expect((await call('get', '/api/docs')).type).toMatch(/^text\/html/);
    expect((await call('get', '/api/docs/assets/swagger-ui-bundle.js')).status).toBe(200);
    expect((await call('get', '/api/docs/page/init.js')).status).toBe(200);
    for (const hidden of ['/api/docs/assets/index.html', '/api/docs/assets/swagger-initializer.js', '/api/docs/assets/../package.json']) {
      const res404 = await call('get', hidden);
      expect(res404.status, hidden).toBe(404);
    }
  });

  it('documents every route the server mounts, and mounts every documented operation', () => {
    const all = listRoutes(server.app as never);
    // the walker sees top-level routes and routers mounted with app.use alike
    expect(all).toContainEqual({ method: 'get', path: '/healthz' });
    expect(all).toContainEqual({ method: 'get', path: '/api/v1/cases/:id' });
    expect(all).toContainEqual({ method: 'get', path: '/wall/{*rest}' });
    // an API's catch-all (404 and 405 in its own error shape) is no operation; it must belong to a documented API
    const fallbacks = all.filter(isFallback);
    for (const f of fallbacks) {
      const base = toOpenApiPath(f.path).replace(/\/\{[^}]*\}$/, '/');
      expect(
        ops.some((o) => o.path.startsWith(base)),
        `the fallback ${f.path} guards a documented API`,
      ).toBe(true);
    }
    const mounted = all.filter((r) => !isFallback(r));
    expect(
      mounted.filter((r) => r.method === 'all'),
      'a route for every method cannot be documented per method',
    ).toEqual([]);
    const key = (method: string, path: string) => `${method.toUpperCase()} ${pathShape(path)}`;
    const routed = new Map(mounted.map((r) => [key(r.method, toOpenApiPath(r.path)), r.path]));
    const documented = new Map(ops.map((o) => [key(o.method, o.path), o.path]));
    const undocumented = [...routed].filter(([k]) => !documented.has(k)).map(([k, path]) => `${k} (Express: ${path})`);
    const unrouted = [...documented.keys()].filter((k) => !routed.has(k));
    expect(undocumented, 'routes the server has that the document lacks: add them to server/http/openapi/paths/').toEqual([]);
    expect(unrouted, 'operations the document names that the server does not route').toEqual([]);
  });

  it('accepts the documented example bodies as they are, answering as documented', async () => {
    // the examples as served today (dated to the server's clock), not as written on the day they were
    const served = operations((await call('get', '/api/openapi.json')).body as OpenApiDocument);
    const withExample = served.filter((o) => o.op.requestBody?.content['application/json']?.example !== undefined && !o.path.includes('{'));
    expect(withExample.map((o) => o.path)).toEqual(
      expect.arrayContaining(['/api/v1/events', '/api/v1/positions', '/api/v1/device/reports', '/api/v1/admin/keys']),
    );
    for (const o of withExample) {
      const role = o.op['x-roles']![0]!;
      const res = await call(o.method, o.path, { key: keys[role], body: o.op.requestBody!.content['application/json']!.example });
      expect(res.status, `${o.method.toUpperCase()} ${o.path} with its documented example: ${res.text.slice(0, 300)}`).toBeLessThan(300);
      expectDocumented(o, res, 'documented example');
    }
    // the example batch really went in: two new cases, readable as documented
    const history = await call('get', '/api/v1/cases/C2', { key: keys.screen });
    expect(history.status).toBe(200);
    expect(history.body.steps).toHaveLength(1);
    // and not overdue the moment it is made, on whatever day the test runs (the overdue watch would
    // add a second step within a second): its deadline, the tightest of the two (urgent), lies ahead
    expect(Date.parse(history.body.deadline), `the example case's deadline ${history.body.deadline}`).toBeGreaterThan(Date.now());
    expectDocumented({ method: 'get', path: '/api/v1/cases/{id}' }, history, 'a case from the example');
    const full = await call('get', '/api/v1/cases/C1?full=true', { key: keys.leader });
    expect(full.body.events).toHaveLength(1);
    expectDocumented({ method: 'get', path: '/api/v1/cases/{id}' }, full, 'the full record');

    // Open311: the documented new request, form-encoded as the spec sends it, then read back in both formats
    const open311 = served.find((o) => o.op.operationId === 'open311CreateRequest')!;
    const fields = open311.op.requestBody!.content['application/x-www-form-urlencoded']!.example as Record<string, string>;
    const posted = await fetch(`${server.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.ingest}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    const postedText = await posted.text();
    expect(posted.status, postedText).toBe(201);
    expectDocumented(
      open311,
      { status: posted.status, type: posted.headers.get('content-type') ?? '', text: postedText, body: JSON.parse(postedText) },
      'documented example, form-encoded',
    );
    const requestId = JSON.parse(postedText)[0].service_request_id as string;
    for (const format of ['json', 'xml']) {
      const read = await call('get', `/open311/v2/requests/${requestId}.${format}`, { key: keys.screen });
      expect(read.status, read.text).toBe(200);
      expectDocumented({ method: 'get', path: '/open311/v2/requests/{file}' }, read, `the example's request as ${format}`);
    }

    // rotate and revoke take a real key id: the one the documented create example made
    const made = (await call('get', '/api/v1/admin/keys', { key: keys.admin })).body.keys.find((k: { label: string }) => k.label === '丁字沽街道值班屏');
    expect(made).toBeDefined();
    const rotateOp = served.find((o) => o.op.operationId === 'rotateKey')!;
    const rotated = await call('post', `/api/v1/admin/keys/${made.id}/rotate`, {
      key: keys.admin,
      body: rotateOp.op.requestBody!.content['application/json']!.example,
    });
    expect(rotated.status, rotated.text).toBe(201);
    expectDocumented(rotateOp, rotated, 'documented example');
    const revoked = await call('delete', `/api/v1/admin/keys/${rotated.body.key.id}`, { key: keys.admin });
    expect(revoked.status).toBe(200);
    expectDocumented({ method: 'delete', path: '/api/v1/admin/keys/{id}' }, revoked, 'a real key');
  });

  it('answers an empty batch with the documented 400 example', async () => {
    const o = ops.find((x) => x.op.operationId === 'postEvents')!;
    const example = (o.op.responses['400'] as { content: Record<string, { example: any }> }).content['application/json']!.example;
    const res = await call('post', '/api/v1/events', { key: keys.ingest, body: { events: [] } });
    expect(res.status).toBe(400);
    expectDocumented(o, res, 'an empty batch');
    expect(res.body.error.code).toBe(example.error.code);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(example.error.details.map((d: { path: string }) => d.path));
    expect(res.body.error.message).toBe(example.error.message);
  });

  it('refuses no key and every role an operation does not name, lets in those it names, each answer as documented', async () => {
    const keyed = ops.filter((o) => (o.op['x-roles'] ?? []).length > 0);
    expect(keyed.length).toBeGreaterThan(15);
    for (const o of keyed) {
      const path = concretePath(o);
      // a body that fails validation: nothing is stored, whatever the route does with a valid one
      const body = o.op.requestBody ? {} : undefined;
      const none = await call(o.method, path, { body });
      expect(none.status, `${o.method.toUpperCase()} ${path} without a key`).toBe(401);
      expectDocumented(o, none, 'no key');
      for (const role of ROLES) {
        const res = await call(o.method, path, { key: keys[role], body });
        const what = `${o.method.toUpperCase()} ${path} with ${role} key`;
        if (o.op['x-roles']!.includes(role))
          expect(refusedForRole(res) || res.status === 401, `${what}: the document lets it in: ${res.text.slice(0, 200)}`).toBe(false);
        else expect(refusedForRole(res), `${what}: the document does not name ${role}: ${res.status} ${res.text.slice(0, 200)}`).toBe(true);
        expectDocumented(o, res, `${role} key`);
      }
    }
  });

  it("takes the key in X-Api-Key too, as the document's second scheme says", async () => {
    const reads = ops.filter((o) => o.method === 'get' && (o.op['x-roles'] ?? []).length > 0);
    expect(doc.components?.securitySchemes?.apiKeyHeader).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Api-Key' });
    for (const o of reads) {
      const res = await fetch(`${server.url}${concretePath(o)}`, { headers: { 'x-api-key': keys[o.op['x-roles']![0]!] } });
      expect([401, 403], `${o.path} with X-Api-Key: ${res.status}`).not.toContain(res.status);
    }
  });

  it('serves every operation without a key that the document says needs none, as documented', async () => {
    const openOps = ops.filter((o) => (o.op['x-roles'] ?? []).length === 0);
    expect(openOps.map((o) => o.path)).toEqual(
      expect.arrayContaining(['/healthz', '/metrics', '/config.json', '/api/openapi.json', '/api/docs', '/wall/{wall}']),
    );
    for (const o of openOps) {
      expect(o.op.security, `${o.path}: an empty security list says so`).toEqual([]);
      const res = await call(o.method, concretePath(o));
      expect(res.status, `${o.method.toUpperCase()} ${o.path}`).toBeLessThan(300);
      expectDocumented(o, res, 'no key');
    }
  });
});
