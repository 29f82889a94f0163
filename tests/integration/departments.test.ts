// Departments over a real server, on both stores: a dispatch names a department code of the registry
// (config/departments.json); an unknown or malformed code is refused with the field and the code,
// nothing of the batch stored; GET /api/v1/departments reports the loaded version, the duty list and
// its tuning counts (first dispatch, return, re-dispatch), which survive a restart (folded again from
// the log); and an event of the older form (a free-text unit only) still folds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../support/engines.ts';
import { grids, reported, steps, uniqueId } from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

/** A grid of 丁字沽街道 (红桥区). */
const DINGZIGU = grids.grids.find((g) => g.code.startsWith('120106004'))!.code;
/** A grid of another district (和平区), for a district key's scope. */
const HEPING = grids.grids.find((g) => g.code.startsWith('120101'))!.code;

describe.each(ENGINES)('departments on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ engine });
  });
  afterAll(async () => {
    await server?.dispose();
  });
  const get = (path: string, token = server.secrets.screenToken) => server.request('GET', path, token);
  const stored = async (caseId: string) => {
    const store = await server.openStore();
    try {
      return (await store.log.readCaseEvents(caseId)).map((e) => e.event);
    } finally {
      await store.close();
    }
  };
  type Counts = { dispatched: number; redispatched: number; raised: number; returned: number; returnRate: number | null };
  /** The tuning counts of a sub-category's line, once the projection has folded what was posted. */
  const tuningOf = async (category: string, want: (t: Counts) => boolean, region = '') => {
    let last: Counts | undefined;
    // a liveness bound on a loaded machine, not a timing
    for (const until = Date.now() + 60_000; Date.now() < until; ) {
      const res = await get(`/api/v1/departments${region && `?region=${region}`}`);
      expect(res.status).toBe(200);
      last = res.body.dutyListTuning.find((l: { category: string }) => l.category === category);
      if (last && want(last)) return last;
      await new Promise((r) => setTimeout(r, 50));
    }
    return last;
  };

  it('stores a dispatch that names a department of the registry, and counts a return and a re-dispatch against the list', async () => {
    const caseId = uniqueId('DEP');
    const events = [
      reported(caseId, { gridCode: DINGZIGU, category: 'environment.noise', summary: '夜间噪音扰民' }),
      ...steps(caseId, [
        { type: 'accepted' },
        { type: 'dispatched', unit: '丁字沽街道派出所', department: '120106004-ga' },
        { type: 'returned', reason: '施工噪声不属于本单位职责' },
        { type: 'dispatched', unit: '红桥区生态环境局', department: '120106-sthj' },
      ]),
    ];
    const res = await server.post('/api/v1/events', { events });
    expect(res.status).toBe(200);
    expect(res.body.stored).toBe(5);
    expect((await stored(caseId))[2]).toMatchObject({ type: 'dispatched', unit: '丁字沽街道派出所', department: '120106004-ga' });
    const noise = await tuningOf('environment.noise', (t) => t.returned >= 1);
    expect(noise).toMatchObject({ dispatched: 1, returned: 1, redispatched: 1, raised: 0, returnRate: 1 });
    // the district's key sees its district's counts; another district's sees none of them
    expect(await tuningOf('environment.noise', (t) => t.returned >= 1, '120106')).toMatchObject({ dispatched: 1, returned: 1 });
    expect(await tuningOf('environment.noise', () => true, '120101')).toMatchObject({ dispatched: 0, returned: 0, returnRate: null });
  });

  it('refuses an unknown department code with the field and the code, storing nothing of the batch', async () => {
    const caseId = uniqueId('DEP');
    // 丁字沽街道 has no gas company of its own (120106-rq is the district's): a well-formed code the registry does not hold
    const events = [
      reported(caseId, { gridCode: DINGZIGU, category: 'safety.gas' }),
      ...steps(caseId, [{ type: 'accepted' }, { type: 'dispatched', unit: '燃气', department: '120106004-rq' }]),
    ];
    const res = await server.post('/api/v1/events', { events });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('unknown_department');
    expect(res.body.error.message).toContain('events.2.department: no department 120106004-rq in the registry');
    expect(res.body.error.details).toEqual([{ path: 'events.2.department', code: 'unknown_department', message: expect.stringContaining('120106004-rq') }]);
    expect(await stored(caseId)).toEqual([]);
    // a code that is no code at all is refused by the schema, with the field
    const bad = await server.post('/api/v1/events', {
      events: [reported(caseId), ...steps(caseId, [{ type: 'accepted' }, { type: 'dispatched', unit: '燃气', department: '红桥区燃气公司' }])],
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('events.2.department');
    expect(await stored(caseId)).toEqual([]);
    // the right code goes through
    const good = await server.post('/api/v1/events', {
      events: [...events.slice(0, 2), { ...events[2]!, unit: '红桥区燃气公司', department: '120106-rq' }],
    });
    expect(good.status).toBe(200);
  });

  it('reports the loaded version, the duty list and the departments of a region', async () => {
    const res = await get('/api/v1/departments?region=120106004');
    expect(res.status).toBe(200);
    expect(res.body.version).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
    expect(res.body.region).toBe('120106004');
    expect(res.body.dutyList.find((l: { category: string }) => l.category === 'safety.gas')).toMatchObject({
      street: 'rq',
      district: 'rq',
      categoryName: '燃气安全',
    });
    const codes = res.body.departments.map((d: { code: string }) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['1201-rq', '120106-rq', '120106004-ga', '120106004-sf']));
    expect(codes.some((c: string) => c.startsWith('120106001-'))).toBe(false); // another street's
    expect((await get('/api/v1/departments?region=999999')).status).toBe(422);
    expect((await get('/api/v1/departments', 'no-such-token')).status).toBe(401);
  });

  it('still folds a dispatch of the older form (a unit, no code), and keeps the counts over a restart', async () => {
    const caseId = uniqueId('OLD');
    const res = await server.post('/api/v1/events', {
      events: [
        reported(caseId, { gridCode: HEPING, category: 'traffic.parking' }),
        ...steps(caseId, [{ type: 'accepted' }, { type: 'dispatched', unit: '交警支队' }]),
      ],
    });
    expect(res.status).toBe(200);
    const before = await tuningOf('traffic.parking', (t) => t.dispatched >= 1);
    const noise = await tuningOf('environment.noise', (t) => t.returned >= 1);
    const location = server.location;
    await server.stop();
    server = await startTestServer({ location, secrets: server.secrets });
    expect(await tuningOf('traffic.parking', (t) => t.dispatched >= 1)).toEqual(before);
    expect(await tuningOf('environment.noise', (t) => t.returned >= 1)).toEqual(noise);
  });
});
