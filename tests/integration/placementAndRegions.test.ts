// Reports and fixes placed on the real grids by location, points outside the city refused with
// nothing stored, and the drill-down API over the real region tree, on a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { GridDataset } from '../../shared/geoDataset.ts';
import { fix, reported, uniqueId } from '../support/factories.ts';
import { connectScreen, startTestServer, type TestServer } from '../support/testServer.ts';

const grids = (JSON.parse(readFileSync('public/geo/grids.json', 'utf8')) as GridDataset).grids;
// a grid of 宁夏路社区 in 和平区, and a point inside it
const heping = grids.find((g) => g.code.startsWith('120101'))!;
const SEA = { lon: 118.3, lat: 38.9 };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

async function get(path: string, token: string | null = server.secrets.screenToken) {
  const res = await fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as any };
}
const seq = async () => (await get('/healthz', null)).body.seq as number;

describe('placing reports and fixes on the grids', () => {
  it('puts a report that carries only a location into the grid that contains it', async () => {
    const screen = connectScreen(server);
    await screen.until(() => screen.snapshots.length > 0, 'a snapshot');
    const caseId = uniqueId('LOC');
    const { gridCode: _, ...withoutGrid } = reported(caseId);
    const res = await server.post('/api/v1/events', { events: [{ ...withoutGrid, location: { lon: heping.centroid[0], lat: heping.centroid[1] } }] });
    expect(res.status).toBe(200);
    await screen.until(() => screen.lines.some((l) => l.caseId === caseId), 'the located case');
    expect(screen.lines.find((l) => l.caseId === caseId)!.gridCode).toBe(heping.code);
    const region = await get(`/api/v1/regions/${heping.code}`);
    expect(region.body.openCases.list.map((c: { caseId: string }) => c.caseId)).toContain(caseId);
    screen.close();
  });

  it('refuses a report in the sea, or one with neither grid nor location, and stores nothing', async () => {
    const before = await seq();
    const { gridCode: _, ...withoutGrid } = reported(uniqueId('SEA'));
    const good = reported(uniqueId('OK'));
    const sea = await server.post('/api/v1/events', { events: [good, { ...withoutGrid, location: SEA }] });
    expect(sea.status).toBe(422);
    expect(sea.body.error.code).toBe('outside_city');
    expect(sea.body.error.message).toContain('events.1.location');
    const nowhere = await server.post('/api/v1/events', { events: [withoutGrid] });
    expect(nowhere.status).toBe(400);
    expect(nowhere.body.error.message).toContain('a gridCode or a location');
    expect(await seq()).toBe(before);
  });

  it('accepts fixes without a grid code where the worker stands, and refuses fixes out at sea', async () => {
    const { gridCode: _, ...f } = fix(uniqueId('W'));
    expect((await server.post('/api/v1/positions', { fixes: [{ ...f, lon: heping.centroid[0], lat: heping.centroid[1] }] })).status).toBe(200);
    const sea = await server.post('/api/v1/positions', { fixes: [{ ...f, ...SEA }] });
    expect(sea.status).toBe(422);
    expect(sea.body.error).toMatchObject({ code: 'outside_city' });
  });
});

describe('drill-down API', () => {
  it('walks the tree from the city down to a grid, with counts that add up', async () => {
    const city = await get('/api/v1/regions/1201');
    expect(city.status).toBe(200);
    expect(city.body.children).toHaveLength(16);
    expect(city.body.region.grids).toBe(grids.length);
    expect(city.body.children.reduce((n: number, c: { grids: number }) => n + c.grids, 0)).toBe(grids.length);
    const hongqiao = city.body.children.find((c: { name: string }) => c.name === '红桥区');
    const district = await get(`/api/v1/regions/${hongqiao.code}`);
    expect(district.body.path.map((p: { name: string }) => p.name)).toEqual(['天津市', '红桥区']);
    const street = await get(`/api/v1/regions/${district.body.children[0].code}`);
    expect(street.body.region.level).toBe('street');
    const community = await get(`/api/v1/regions/${street.body.children[0].code}`);
    expect(community.body.children.every((c: { level: string }) => c.level === 'grid')).toBe(true);
    expect(community.body.region.grids).toBe(community.body.children.length);
  });

  it("lists a community's grid workers with masked names: one full-time worker per grid", async () => {
    const community = heping.code.slice(0, 12);
    const res = await get(`/api/v1/regions/${community}`);
    const list = res.body.workers.list as { id: string; name: string; role: string; gridCode: string }[];
    const fullTime = list.filter((w) => w.role === 'full_time');
    expect(fullTime.map((w) => w.gridCode).sort()).toEqual(res.body.children.map((c: { code: string }) => c.code).sort());
    for (const w of list) expect(w.name).toMatch(/^\p{Script=Han}\*+\p{Script=Han}?$/u);
  });

  it('locates a point to its grid with the whole path, and says when a point is outside', async () => {
    const here = await get(`/api/v1/locate?lon=${heping.centroid[0]}&lat=${heping.centroid[1]}`);
    expect(here.body.grid.code).toBe(heping.code);
    expect(here.body.path.map((p: { level: string }) => p.level)).toEqual(['city', 'district', 'street', 'community', 'grid']);
    expect((await get(`/api/v1/locate?lon=${SEA.lon}&lat=${SEA.lat}`)).status).toBe(404);
    expect((await get('/api/v1/locate?lon=abc&lat=39')).status).toBe(400);
  });

  it('answers an unknown API path in the one JSON error shape', async () => {
    const res = await get('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'not_found', message: expect.stringContaining('GET /api/v1/nothing-here') });
  });

  it('needs the screen token, and names what is wrong with a bad code', async () => {
    expect((await get('/api/v1/regions/1201', null)).status).toBe(401);
    expect((await get('/api/v1/regions/1201', server.secrets.ingestKey)).status).toBe(403);
    const bad = await get('/api/v1/regions/12x');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^region code: /);
    expect((await get('/api/v1/regions/120199')).status).toBe(404);
  });
});
