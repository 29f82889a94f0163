// Open311 GeoReport v2 against a real server (SQLite, and PostgreSQL where one answers): the spec's
// own examples — its sample POST body becomes a case on a real socket.io-client screen's ticker; its
// answer shapes, in XML and JSON, checked field by field — a case's whole lifecycle as a service
// request (open -> closed), the filters, idempotent retries, personal data never kept nor shown,
// every error path in the spec's error format, and a district key that sees its district only.
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseEventInput } from '../../shared/caseEvent.ts';
import { CATEGORIES } from '../../shared/categories.ts';
import { loadRegionTree } from '../../server/geo/regionTree.ts';
import { ENGINES } from '../support/engines.ts';
import { GRID, grids, reported, uniqueId } from '../support/factories.ts';
import { connectScreen, startTestServer, type TestServer } from '../support/testServer.ts';

const MIN = 60_000;
const DAY = 86_400_000;
const tree = loadRegionTree('public', grids.grids);
const grid = grids.grids[0]!;
const DISTRICT = GRID.slice(0, 6);
const otherGrid = grids.grids.find((g) => g.code.slice(0, 6) !== DISTRICT)!;
/** A point inside GRID that is not its centre (about 1 m off): what a citizen's phone sends. */
const point = (() => {
  const p = { lon: grid.centroid[0] + 0.00001, lat: grid.centroid[1] + 0.00001 };
  if (grids.locate(p.lon, p.lat)?.code !== GRID) throw new Error('the test point left its grid');
  return p;
})();

// The spec's own example fields (GeoReport v2, "POST Service Request", example request and answers)
const SPEC_SERVICE_FIELDS = ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'];
const SPEC_REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
];
/** The spec's personal fields as its sample sends them (the phone a Chinese mobile here), none of which may be kept or shown. */
const PERSONAL = { email: 'smit333@sfgov.edu', device_id: 'tt222111', account_id: 'acct-123456', first_name: 'john', last_name: 'smith', phone: '13912345678' };
const ADDRESS_STRING = '1234 5th street';
const MEDIA = 'http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg';
/** The spec's sample body, with this jurisdiction, one of its service codes and a point in Tianjin in place of San Francisco's. */
const specSample = (apiKey: string, extra: Record<string, string> = {}) => ({
  api_key: apiKey,
  jurisdiction_id: 'tianjin.gov.cn',
  service_code: 'appearance.garbage',
  lat: String(point.lat),
  long: String(point.lon),
  address_string: ADDRESS_STRING,
  ...PERSONAL,
  description: 'A large sinkhole is destroying the street',
  media_url: MEDIA,
  ...extra,
});

const xml = new XMLParser({ isArray: (name) => ['service', 'request', 'error'].includes(name), parseTagValue: false });
const form = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) p.append(k, x);
  return p.toString();
};

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** JSON, or the XML parsed. */
  body: any;
}

describe.each(ENGINES)('Open311 GeoReport v2 on %s', (engine) => {
  let server: TestServer;
  let appKey: string; // a citizen app: an ingest key of the photo app's channel
  let districtKey: string; // a district's screen key
  let districtIngestKey: string;
  let hotlineKey: string; // two channels, neither the photo app's
  const seqNow = async () => (await (await fetch(`${server.url}/healthz`)).json()).seq as number;

  const call = async (
    method: string,
    path: string,
    opts: { key?: string | null; body?: string; type?: string; headers?: Record<string, string> } = {},
  ): Promise<Answer> => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.key) headers.authorization = `Bearer ${opts.key}`;
    if (opts.body !== undefined) headers['content-type'] = opts.type ?? 'application/x-www-form-urlencoded; charset=utf-8';
    const res = await fetch(`${server.url}/open311/v2/${path}`, { method, headers, body: opts.body });
    const text = await res.text();
    const isJson = (res.headers.get('content-type') ?? '').startsWith('application/json');
    return { status: res.status, headers: res.headers, text, body: isJson ? JSON.parse(text) : xml.parse(text) };
  };
  const get = (path: string, key: string | null = server.secrets.screenToken) => call('GET', path, { key });
  const post = (fmt: 'json' | 'xml', fields: Record<string, string | string[]>, headers: Record<string, string> = {}) =>
    call('POST', `requests.${fmt}`, { body: form(fields), headers });
  const admin = async (body: object) => {
    const made = await server.post('/api/v1/admin/keys', body, server.secrets.adminToken);
    expect(made.status).toBe(201);
    return made.body.token as string;
  };
  /** The spec's error list, in either format, every entry's code the HTTP status. */
  const errorsOf = (a: Answer): { code: number; description: string }[] => {
    const list = Array.isArray(a.body)
      ? a.body
      : a.body.errors.error.map((e: { code: string; description: string }) => ({ code: Number(e.code), description: e.description }));
    expect(list.length).toBeGreaterThan(0);
    for (const e of list) expect(e).toEqual({ code: a.status, description: expect.any(String) });
    return list;
  };

  beforeAll(async () => {
    server = await startTestServer({ engine });
    appKey = await admin({ role: 'ingest', label: '市民随手拍', sources: ['photo_app'] });
    districtKey = await admin({ role: 'screen', label: '区大屏', scope: DISTRICT });
    districtIngestKey = await admin({ role: 'ingest', label: '区部门系统', scope: DISTRICT, sources: ['department'] });
    hotlineKey = await admin({ role: 'ingest', label: '热线平台', sources: ['hotline_12345', 'hotline_8890'] });
  });
  afterAll(async () => {
    await server?.dispose();
  });

  describe('services', () => {
    it("lists the category catalogue as services, field by field as the spec's example, in XML and JSON", async () => {
      const subs = CATEGORIES.flatMap((c) => c.subs.map((s) => ({ ...s, major: c })));
      const json = await get('services.json');
      expect(json.status).toBe(200);
      expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(json.body).toHaveLength(subs.length);
      for (const s of json.body) expect(Object.keys(s)).toEqual(SPEC_SERVICE_FIELDS);
      const garbage = json.body.find((s: { service_code: string }) => s.service_code === 'appearance.garbage');
      expect(garbage).toEqual({
        service_code: 'appearance.garbage',
        service_name: '垃圾堆放',
        description: '市容环境 · 垃圾堆放 (City appearance · Garbage piled up); 责任部门：城管委',
        metadata: false,
        type: 'realtime',
        keywords: '垃圾堆放, Garbage piled up, 市容环境, City appearance',
        group: '市容环境',
      });

      const x = await get('services.xml');
      expect(x.status).toBe(200);
      expect(x.headers.get('content-type')).toBe('text/xml; charset=utf-8');
      expect(x.text.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<services>')).toBe(true);
      expect(x.body.services.service.map((s: { service_code: string }) => s.service_code)).toEqual(subs.map((s) => s.code));
      const xg = x.body.services.service.find((s: { service_code: string }) => s.service_code === 'appearance.garbage');
      expect(xg).toEqual({ ...garbage, metadata: 'false' });

      const en = await get('services.json?lang=en');
      expect(en.body.find((s: { service_code: string }) => s.service_code === 'facility.manhole')).toMatchObject({
        service_name: 'Broken manhole cover',
        group: 'City facilities',
      });
      // the duty list's owners (config/departments.json): the street's kind first, the district's when raised
      expect(json.body.find((s: { service_code: string }) => s.service_code === 'environment.noise').description).toBe(
        '生态环境 · 噪声扰民 (Environment · Noise); 责任部门：公安（先行）、生态环境（提级）',
      );
      expect(en.body.find((s: { service_code: string }) => s.service_code === 'environment.noise').description).toBe(
        'Environment · Noise (生态环境 · 噪声扰民); owner: Police first, Ecology and environment when raised',
      );
    });

    it("answers the spec's service discovery, in JSON and XML", async () => {
      const headers = { authorization: `Bearer ${server.secrets.screenToken}` };
      const json = await (await fetch(`${server.url}/open311/discovery.json`, { headers })).json();
      expect(json).toEqual({
        changeset: expect.stringMatching(/Z$/),
        contact: expect.any(String),
        key_service: expect.any(String),
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: `${server.url}/open311/v2/`,
            changeset: json.changeset,
            type: 'production',
            formats: ['text/xml', 'application/json'],
          },
        ],
      });
      const x = xml.parse(await (await fetch(`${server.url}/open311/discovery.xml`, { headers })).text());
      expect(x.discovery.endpoints.endpoint).toMatchObject({ url: `${server.url}/open311/v2/`, formats: { format: ['text/xml', 'application/json'] } });
      expect((await fetch(`${server.url}/open311/discovery.json`)).status).toBe(401);
    });

    it("has no service definitions (metadata false): the spec's 404, and for an unknown code too", async () => {
      const def = await get('services/appearance.garbage.xml');
      expect(def.status).toBe(404);
      expect(errorsOf(def)[0]!.description).toMatch(/metadata false/);
      const unknown = await get('services/appearance.nothing.json');
      expect(unknown.status).toBe(404);
      expect(errorsOf(unknown)[0]!.description).toMatch(/no such service/);
    });
  });

  describe('POST requests', () => {
    it("turns the spec's sample POST into a case on a wall screen, keeping none of the submitter's personal data", async () => {
      const screen = connectScreen(server);
      await screen.until(() => screen.snapshots.length === 1, 'the snapshot');
      const res = await post('xml', specSample(appKey));
      expect(res.status).toBe(201);
      expect(res.headers.get('content-type')).toBe('text/xml; charset=utf-8');
      // the spec's example answer: <service_requests><request> service_request_id, service_notice, account_id (empty)
      const [answer] = res.body.service_requests.request;
      expect(Object.keys(answer)).toEqual(['service_request_id', 'service_notice', 'account_id']);
      expect(answer.account_id).toBe('');
      expect(answer.service_notice).toMatch(/^已登记为网格案件，将于 \d{4}-\d\d-\d\d \d\d:\d\d（北京时间）前办理$/);
      const id: string = answer.service_request_id;
      expect(id).toMatch(/^o311-[0-9a-f]{24}$/);
      expect(res.headers.get('location')).toBe(`/open311/v2/requests/${id}.xml`);

      await screen.until(() => screen.lines.some((l) => l.caseId === id), 'the ticker line of the new request');
      const line = screen.lines.find((l) => l.caseId === id)!;
      expect(line).toMatchObject({
        type: 'reported',
        status: 'reported',
        source: 'photo_app',
        category: 'appearance.garbage',
        gridCode: GRID,
        summary: 'A large sinkhole is destroying the street',
      });

      // not on the screen, not in any answer, not in the store
      const store = await server.openStore();
      const stored = JSON.stringify(await store.log.readCaseEvents(id));
      await store.close();
      const read = await get(`requests/${id}.json`);
      const readXml = await get(`requests/${id}.xml`);
      const seen = [JSON.stringify(screen.lines), JSON.stringify(screen.snapshots), stored, res.text, read.text, readXml.text];
      for (const value of [...Object.values(PERSONAL), ADDRESS_STRING]) for (const text of seen) expect(text).not.toContain(value);
      expect(stored).toContain(MEDIA); // the photo is kept (by reference)
      screen.close();
    });

    it("takes JSON bodies and the key in either header; answers in JSON as the spec's example", async () => {
      const { api_key: _key, ...fields } = specSample(appKey, { description: '路灯不亮 JSON' });
      const json = await call('POST', 'requests.json', {
        body: JSON.stringify({ ...fields, service_code: 'facility.streetlight', lat: point.lat, long: point.lon }),
        type: 'application/json',
        key: appKey,
      });
      expect(json.status).toBe(201);
      expect(json.body).toEqual([{ service_request_id: expect.stringMatching(/^o311-/), service_notice: expect.any(String), account_id: null }]);
      const viaHeader = await post('json', { ...fields, description: 'X-Api-Key 路灯' }, { 'x-api-key': appKey });
      expect(viaHeader.status).toBe(201);
      const viaGrid = await post('json', { api_key: appKey, service_code: 'facility.road', address_id: otherGrid.code });
      expect(viaGrid.status).toBe(201);
      // no description: the service's name stands for it
      const read = await get(`requests/${viaGrid.body[0].service_request_id}.json`);
      expect(read.body[0]).toMatchObject({ description: '道路破损', address_id: otherGrid.code, service_code: 'facility.road' });
    });

    it('does not make a second case for a retry: Idempotency-Key, or the same spec-only request', async () => {
      const screen = connectScreen(server);
      await screen.until(() => screen.snapshots.length === 1, 'the snapshot');
      const key = `"${uniqueId('idem')}"`;
      const first = await post('json', specSample(appKey, { description: '幂等 重试' }), { 'idempotency-key': key });
      expect(first.status).toBe(201);
      const id = first.body[0].service_request_id;
      // the same key: the same case, even with another device (the spec-only fingerprint would differ)
      const retry = await post('json', specSample(appKey, { description: '幂等 重试', device_id: 'another-device' }), { 'idempotency-key': key });
      expect(retry.status).toBe(200);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body[0].service_request_id).toBe(id);
      const reused = await post('json', specSample(appKey, { description: '另一件事' }), { 'idempotency-key': key });
      expect(reused.status).toBe(422);
      expect(errorsOf(reused)[0]!.description).toMatch(/Idempotency-Key: already used for a different request/);
      // several at once under one key: one case
      const key2 = uniqueId('idem');
      const burst = await Promise.all([1, 2, 3].map(() => post('json', specSample(appKey, { description: '并发 重试' }), { 'idempotency-key': key2 })));
      expect(burst.map((b) => b.status).sort()).toEqual([200, 200, 201]);
      expect(new Set(burst.map((b) => b.body[0].service_request_id)).size).toBe(1);

      // a client that speaks only the spec: the same request again is the same case, another one is not
      const spec1 = await post('xml', specSample(appKey, { description: '只会规范的客户端' }));
      const spec2 = await post('xml', specSample(appKey, { description: '只会规范的客户端' }));
      const spec3 = await post('xml', specSample(appKey, { description: '只会规范的客户端，第二件' }));
      expect([spec1.status, spec2.status, spec3.status]).toEqual([201, 200, 201]);
      const specId = spec1.body.service_requests.request[0].service_request_id;
      expect(spec2.body.service_requests.request[0].service_request_id).toBe(specId);
      expect(spec3.body.service_requests.request[0].service_request_id).not.toBe(specId);

      const marker = await post('json', specSample(appKey, { description: '标记' }));
      await screen.until(() => screen.lines.some((l) => l.caseId === marker.body[0].service_request_id), 'the marker');
      for (const caseId of [id, burst[0]!.body[0].service_request_id, specId]) expect(screen.lines.filter((l) => l.caseId === caseId)).toHaveLength(1);
      screen.close();
    });
  });

  describe('GET requests', () => {
    it("reads a case as the spec's service request, field by field, in JSON and XML: masked, placed no finer than its grid", async () => {
      const description = '市民张晓明反映3号楼门口垃圾堆放，电话13612345678';
      const made = await post('json', specSample(appKey, { description }));
      const id = made.body[0].service_request_id;
      const history = await (await fetch(`${server.url}/api/v1/cases/${id}`, { headers: { authorization: `Bearer ${server.secrets.screenToken}` } })).json();
      const read = await get(`requests/${id}.json`);
      expect(read.status).toBe(200);
      expect(read.body).toHaveLength(1);
      const r = read.body[0];
      expect(Object.keys(r)).toEqual(SPEC_REQUEST_FIELDS);
      const w3 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/;
      const names = tree
        .path(GRID)
        .slice(1)
        .map((n) => n.name);
      expect(names).toHaveLength(4);
      expect(r).toEqual({
        service_request_id: id,
        status: 'open',
        status_notes: '已登记，待受理',
        service_name: '垃圾堆放',
        service_code: 'appearance.garbage',
        description: history.summary,
        agency_responsible: null,
        service_notice: expect.stringMatching(/^办理时限 \d{4}-\d\d-\d\d \d\d:\d\d（北京时间）$/),
        requested_datetime: expect.stringMatching(w3),
        updated_datetime: expect.stringMatching(w3),
        expected_datetime: expect.stringMatching(w3),
        address: names.join(' '),
        address_id: GRID,
        zipcode: null,
        lat: Math.round(grid.centroid[1] * 1e6) / 1e6,
        long: Math.round(grid.centroid[0] * 1e6) / 1e6,
        media_url: MEDIA,
      });
      expect(r.description).toBe('市民张*明反映*号楼门口垃圾堆放，电话[电话]');
      expect(Date.parse(r.requested_datetime)).toBe(Math.floor(Date.parse(history.reportedAt) / 1000) * 1000);
      expect(Date.parse(r.expected_datetime)).toBe(Math.floor(Date.parse(history.deadline) / 1000) * 1000);
      expect([r.lat, r.long]).not.toEqual([point.lat, point.lon]);

      const x = await get(`requests/${id}.xml`);
      expect(x.text.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<service_requests>\n  <request>')).toBe(true);
      const xr = x.body.service_requests.request[0];
      expect(Object.keys(xr)).toEqual(SPEC_REQUEST_FIELDS);
      // XML carries text; an empty element is the JSON's null
      expect(xr).toEqual(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? '' : String(v)])));

      const en = await get(`requests/${id}.json?lang=en`);
      expect(en.body[0]).toMatchObject({ service_name: 'Garbage piled up', status_notes: 'Registered, awaiting acceptance' });
    });

    it('follows a request through its whole lifecycle, open to closed, as the hall works it', async () => {
      const made = await post('json', specSample(appKey, { description: '生命周期' }));
      const id = made.body[0].service_request_id;
      const t = Date.now();
      const step = (n: number, e: object) => ({ eventId: `${id}:${n}`, caseId: id, at: new Date(t + n * 1000).toISOString(), ...e }) as CaseEventInput;
      const expectations: [CaseEventInput, object][] = [
        [step(2, { type: 'accepted' }), { status: 'open', status_notes: '已受理，待派遣', agency_responsible: null }],
        [
          step(3, { type: 'dispatched', unit: '丁字沽街道综合执法队' }),
          { status: 'open', status_notes: '已派遣至丁字沽街道综合执法队', agency_responsible: '丁字沽街道综合执法队' },
        ],
        [step(4, { type: 'started' }), { status: 'open', status_notes: '正在处置', agency_responsible: '丁字沽街道综合执法队' }],
        [
          step(5, { type: 'resolved', note: '已清运，回访市民张晓明13612345678' }),
          { status: 'open', status_notes: '已处置，待核查：已清运，回访市民张*明[电话]' },
        ],
        [step(6, { type: 'verified', passed: true }), { status: 'open', status_notes: '核查通过，待评价' }],
        [
          step(7, { type: 'evaluated', satisfied: true, rating: 5 }),
          { status: 'closed', status_notes: '已办结，评价满意', agency_responsible: '丁字沽街道综合执法队' },
        ],
      ];
      for (const [event, expected] of expectations) {
        expect((await server.post('/api/v1/events', { events: [event] })).status).toBe(200);
        const r = (await get(`requests/${id}.json`)).body[0];
        expect(r).toMatchObject(expected);
        expect(Date.parse(r.updated_datetime)).toBe(Math.floor(Date.parse(event.at) / 1000) * 1000);
      }
      const closed = (await get(`requests/${id}.xml`)).body.service_requests.request[0];
      expect(closed).toMatchObject({ status: 'closed', service_notice: expect.stringMatching(/；已办结$/) });
    });

    describe('filters', () => {
      // cases from other sources, 40 days ago: every case is a service request
      const w0 = Date.now() - 40 * DAY;
      const iso = (ms: number) => new Date(ms).toISOString();
      const deadline = iso(Date.now() + 30 * DAY);
      const [a, b, c, d] = ['A', 'B', 'C', 'D'].map((x) => uniqueId(`F${x}`)) as [string, string, string, string];
      const window = `start_date=${iso(w0)}&end_date=${iso(w0 + 60 * MIN)}`;
      const ids = (answer: Answer) => answer.body.map((r: { service_request_id: string }) => r.service_request_id);

      beforeAll(async () => {
        const events: CaseEventInput[] = [
          reported(a, { at: iso(w0 + MIN), deadline }),
          reported(b, { at: iso(w0 + 2 * MIN), deadline, category: 'facility.streetlight' }),
          ...[
            { type: 'accepted' },
            { type: 'dispatched', unit: '路灯所' },
            { type: 'started' },
            { type: 'resolved' },
            { type: 'verified', passed: true },
            { type: 'evaluated', result: 'basically_satisfied' },
          ].map((e, i) => ({ ...e, eventId: `${b}:${i + 2}`, caseId: b, at: iso(w0 + (3 + i) * MIN) }) as CaseEventInput),
          reported(c, { at: iso(w0 + 10 * MIN), deadline, gridCode: otherGrid.code }),
          reported(d, { at: iso(w0 + 2 * DAY), deadline }),
        ];
        expect((await server.post('/api/v1/events', { events })).status).toBe(200);
      });

      it('by window, service_code and status, newest first; service_request_id overrides the rest', async () => {
        expect(ids(await get(`requests.json?${window}`))).toEqual([c, b, a]);
        expect(ids(await get(`requests.json?${window}&service_code=appearance.garbage`))).toEqual([c, a]);
        expect(ids(await get(`requests.json?${window}&service_code=appearance.garbage&service_code=facility.streetlight`))).toEqual([c, b, a]);
        expect(ids(await get(`requests.json?${window}&status=closed`))).toEqual([b]);
        expect(ids(await get(`requests.json?${window}&status=open`))).toEqual([c, a]);
        expect(ids(await get(`requests.json?${window}&status=open,closed`))).toEqual([c, b, a]);
        expect(ids(await get(`requests.json?${window}&status=closed&service_code=appearance.garbage`))).toEqual([]);
        expect(ids(await get(`requests.json?start_date=${iso(w0)}&end_date=${iso(w0 + 3 * DAY)}`))).toEqual([d, c, b, a]);
        // start_date alone: 90 days from it
        expect(ids(await get(`requests.json?start_date=${iso(w0)}`))).toEqual(expect.arrayContaining([a, b, c, d]));
        expect(ids(await get(`requests.json?service_request_id=${d},no-such-case,${a}&${window}&status=closed`))).toEqual([d, a]);
        const x = await get(`requests.xml?${window}&status=closed`);
        expect(
          x.body.service_requests.request.map((r: { service_request_id: string; status: string; agency_responsible: string }) => [
            r.service_request_id,
            r.status,
            r.agency_responsible,
          ]),
        ).toEqual([[b, 'closed', '路灯所']]);
        const none = await get(`requests.xml?${window}&status=closed&service_code=appearance.garbage`);
        expect(none.text).toBe('<?xml version="1.0" encoding="utf-8"?>\n<service_requests/>\n');
      });

      it('a district key sees its district only, and an ingest key reads within its scope', async () => {
        expect(ids(await get(`requests.json?${window}`, districtKey))).toEqual([b, a]);
        expect(ids(await get(`requests.json?service_request_id=${a},${c}`, districtKey))).toEqual([a]);
        expect((await get(`requests/${c}.json`, districtKey)).status).toBe(404);
        expect((await get(`requests/${a}.json`, districtKey)).status).toBe(200);
        expect(ids(await get(`requests.json?${window}`, districtIngestKey))).toEqual([b, a]);
        expect(ids(await get(`requests.json?${window}`, appKey))).toEqual([c, b, a]);
      });
    });

    it('answers at most 1,000 requests, with a Link to the rest (the log read by time, and the open cases in memory)', async () => {
      const w1 = Date.now() - 60 * DAY;
      const iso = (ms: number) => new Date(ms).toISOString();
      const deadline = iso(Date.now() + 30 * DAY);
      const made = Array.from({ length: 1001 }, (_, i) => reported(uniqueId('P'), { at: iso(w1 + i * 1000), deadline, category: 'livelihood.elderly' }));
      expect((await server.post('/api/v1/events', { events: made.slice(0, 1000) })).status).toBe(200);
      expect((await server.post('/api/v1/events', { events: made.slice(1000) })).status).toBe(200);
      for (const status of ['open,closed', 'open']) {
        const first = await get(`requests.json?start_date=${iso(w1)}&end_date=${iso(w1 + DAY)}&status=${status}`);
        expect(first.body).toHaveLength(1000);
        const link = /^<([^>]+)>; rel="next"$/.exec(first.headers.get('link') ?? '')?.[1];
        expect(link).toBeDefined();
        expect(link).not.toContain('api_key');
        const rest = await fetch(`${server.url}${link}`, { headers: { authorization: `Bearer ${server.secrets.screenToken}` } });
        const restBody = await rest.json();
        expect(rest.headers.get('link')).toBeNull();
        const all = [...first.body, ...restBody].map((r: { service_request_id: string }) => r.service_request_id);
        expect(all).toEqual(made.map((e) => e.caseId).reverse());
      }
    });
  });

  describe("errors, in the spec's format, changing nothing", () => {
    it('refuses a missing, unknown or wrong key: 401 and 403, in XML and JSON', async () => {
      const before = await seqNow();
      const { api_key: _k, ...noKey } = specSample(appKey);
      const missing = await post('xml', noKey);
      expect(missing.status).toBe(401);
      expect(missing.text).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<errors>\n {2}<error>\n {4}<code>401<\/code>/);
      expect(errorsOf(missing)[0]!.description).toMatch(/api_key/);
      expect(errorsOf(await post('json', specSample('ik_not-a-key-this-server-knows')))[0]!.code).toBe(401);
      expect((await get('services.json', null)).status).toBe(401);
      expect((await get('requests.xml', 'st_unknown-token-0000000000')).status).toBe(401);
      const screenPosts = await post('json', specSample(server.secrets.screenToken));
      expect(screenPosts.status).toBe(403);
      expect(errorsOf(screenPosts)[0]!.description).toMatch(/ingest key/);
      const wrongSource = await post('json', specSample(hotlineKey));
      expect(wrongSource.status).toBe(403);
      expect(errorsOf(wrongSource)[0]!.description).toMatch(/hotline_12345, hotline_8890/);
      const outsideScope = await post('json', specSample(districtIngestKey, { lat: String(otherGrid.centroid[1]), long: String(otherGrid.centroid[0]) }));
      expect(outsideScope.status).toBe(403);
      const twoKeys = await post('json', specSample(appKey), { authorization: `Bearer ${hotlineKey}` });
      expect(twoKeys.status).toBe(400);
      expect(await seqNow()).toBe(before);
    });

    it('names every problem of a bad request, one entry each, and stores nothing', async () => {
      const screen = connectScreen(server);
      await screen.until(() => screen.snapshots.length === 1, 'the snapshot');
      const before = await seqNow();
      const expectError = async (answer: Promise<Answer>, status: number, ...patterns: RegExp[]) => {
        const a = await answer;
        expect(a.status, a.text).toBe(status);
        const list = errorsOf(a);
        expect(list).toHaveLength(patterns.length);
        patterns.forEach((p, i) => expect(list[i]!.description).toMatch(p));
      };
      // the spec's sample as it is: attributes (none defined here), and a point in San Francisco
      await expectError(
        post('xml', { ...specSample(appKey), 'attribute[WHISPAWN]': '123456', 'attribute[WHISDORN]': 'COISL001' }),
        400,
        /^attribute\[WHISPAWN\]: .*metadata false/,
        /^attribute\[WHISDORN\]/,
      );
      await expectError(post('json', specSample(appKey, { lat: '37.76524078', long: '-122.4212043' })), 400, /outside the city/);
      await expectError(post('json', specSample(appKey, { jurisdiction_id: 'city.gov' })), 404, /jurisdiction_id city\.gov: not found/);
      await expectError(post('json', specSample(appKey, { service_code: '001' })), 404, /service_code 001: no such service/);
      const { service_code: _s, lat: _lat, ...noCode } = specSample(appKey);
      await expectError(post('json', noCode), 400, /^service_code: required/, /^lat: lat and long go together/);
      const { lat: _a, long: _b, ...addressOnly } = specSample(appKey);
      await expectError(post('json', addressOnly), 400, /^address_string: an address alone cannot be placed/);
      await expectError(
        post('json', { ...specSample(appKey), media_url: ['ftp://x/y.jpg', MEDIA], phone: ['1', '2'], colour: 'red' }),
        400,
        /^phone: given 2 times/,
        /^colour: not a parameter/,
        /^media_url\.0: an http\(s\) URL/,
      );
      await expectError(post('json', specSample(appKey, { lat: 'north', address_id: '12' })), 400, /^lat: decimal degrees/, /^address_id: a grid code/);
      await expectError(post('json', specSample(appKey, { address_id: otherGrid.code })), 400, /disagree/);
      await expectError(post('json', specSample(appKey, { description: 'x'.repeat(4001) })), 400, /^description: at most 4000 characters/);
      await expectError(call('POST', 'requests.json', { key: appKey, body: 'service_code=%E4%B8&lat=1' }), 400, /not valid percent-encoded UTF-8/);
      await expectError(call('POST', 'requests.json', { key: appKey, body: '{"service_code": ', type: 'application/json' }), 400, /not valid JSON/);
      await expectError(
        call('POST', 'requests.json', { key: appKey, body: '--b\r\n', type: 'multipart/form-data; boundary=b' }),
        415,
        /application\/x-www-form-urlencoded/,
      );
      await expectError(
        call('POST', 'requests.json', { key: appKey, body: form(specSample(appKey, { description: '很长'.repeat(30_000) })) }),
        413,
        /larger than 64 KB/,
      );
      await expectError(post('json', specSample(appKey), { 'idempotency-key': 'has spaces in it' }), 400, /^Idempotency-Key/);
      expect(await seqNow()).toBe(before);
      expect(screen.lines).toHaveLength(0);
      screen.close();
    });

    it("refuses bad queries, unknown paths and methods in the spec's format", async () => {
      const expectError = async (path: string, status: number, pattern: RegExp, method = 'GET') => {
        const a = await call(method, path, { key: server.secrets.screenToken });
        expect(a.status, a.text).toBe(status);
        expect(errorsOf(a)[0]!.description).toMatch(pattern);
        return a;
      };
      await expectError('requests.json?start_date=yesterday', 400, /^start_date: a w3 date-time/);
      await expectError('requests.json?status=pending', 400, /^status\.0: open or closed/);
      await expectError('requests.json?service_code=nope', 400, /nope is no service_code/);
      await expectError(`requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`, 400, /more than 90 days/);
      await expectError(`requests.json?start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z`, 400, /after end_date/);
      await expectError('requests.json?page=2', 400, /page/);
      await expectError('requests.xml?jurisdiction_id=sfgov.org', 404, /jurisdiction_id sfgov\.org/);
      await expectError('requests/no-such-case.json', 404, /not found/);
      await expectError('requests/bad%20id.xml', 400, /service_request_id/);
      await expectError('services.csv', 400, /\.xml or \.json/);
      await expectError('tokens/123.json', 404, /no GET/);
      const wrongMethod = await expectError('services.json', 405, /not allowed/, 'POST');
      expect(wrongMethod.headers.get('allow')).toBe('GET');
      const xmlDefault = await call('DELETE', 'requests/x', { key: server.secrets.screenToken });
      expect(xmlDefault.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    });

    it('answers 429 over the rate limit, with Retry-After', async () => {
      const limited = await startTestServer({ engine, env: { RATE_LIMIT_READ: '2' } });
      try {
        const answers = await Promise.all(
          Array.from({ length: 6 }, () =>
            fetch(`${limited.url}/open311/v2/services.json`, { headers: { authorization: `Bearer ${limited.secrets.screenToken}` } }),
          ),
        );
        const refused = answers.find((a) => a.status === 429);
        expect(refused).toBeDefined();
        expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(await refused!.json()).toEqual([{ code: 429, description: expect.stringMatching(/rate limit/) }]);
      } finally {
        await limited.dispose();
      }
    });
  });
});
