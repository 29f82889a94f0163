// A drilled-down screen asks, over its own socket, for the KPIs and alerts of the district or street
// it drilled to (`view`), and from then on receives that region's — checked against seeded reports
// counted by hand; back up, its scope's again. Only inside the screen's scope: a district screen asking
// for another district is refused with the reason and keeps what it had; other screens are untouched.
// Real server, real sockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScreenViewResult } from '../../shared/screenView.ts';
import { grids, reported, uniqueId } from '../support/factories.ts';
import { connectScreen, startTestServer, type Screen, type TestServer } from '../support/testServer.ts';

const streetsOf = (district: string) => [...new Set(grids.grids.filter((g) => g.code.startsWith(district)).map((g) => g.code.slice(0, 9)))];
const gridIn = (street: string) => grids.grids.find((g) => g.code.startsWith(street))!.code;
const HEPING = '120101';
const HEXI = '120103';
const [STREET_A, STREET_B] = streetsOf(HEPING) as [string, string];
const HEXI_STREET = streetsOf(HEXI)[0]!;

const view = (s: Screen, region: unknown): Promise<ScreenViewResult> =>
  (s.socket.timeout(10_000) as unknown as { emitWithAck(e: string, a: unknown): Promise<ScreenViewResult> }).emitWithAck('view', region);
/** The next KPIs after now, of the region they say they cover. */
async function nextKpis(s: Screen, region: string) {
  const seen = s.kpis.length;
  await s.until(() => s.kpis.slice(seen).some((k) => k.region === region), `KPIs of ${region}`);
  return s.kpis.slice(seen).find((k) => k.region === region)!;
}

describe('KPIs and alerts follow a drill-down', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    // today: 3 reports in a street of 和平区, 2 in another of its streets, 4 in 河西区 — 9 in the city
    const now = new Date().toISOString();
    const events = [
      ...[1, 2, 3].map(() => reported(uniqueId('A'), { gridCode: gridIn(STREET_A), at: now })),
      ...[1, 2].map(() => reported(uniqueId('B'), { gridCode: gridIn(STREET_B), at: now })),
      ...[1, 2, 3, 4].map(() => reported(uniqueId('X'), { gridCode: gridIn(HEXI_STREET), at: now })),
    ];
    expect((await server.post('/api/v1/events', { events })).status).toBe(200);
  });
  afterAll(() => server?.dispose());

  it('a screen drilled to a district, then a street, gets theirs; back up, the city again; its neighbour stays city-wide', async () => {
    const desk = connectScreen(server, { wall: 'demo' });
    const neighbour = connectScreen(server, { wall: 'demo' });
    await Promise.all([desk, neighbour].map((s) => s.until(() => s.snapshots.length > 0, 'a snapshot')));
    expect(desk.snapshots[0]!.kpis).toMatchObject({ region: '1201', reportedToday: 9, openCases: 9 });

    expect(await view(desk, { region: HEPING })).toEqual({ ok: true, region: HEPING });
    expect(await nextKpis(desk, HEPING)).toMatchObject({ reportedToday: 5, openCases: 5, closedToday: 0 });
    await desk.until(() => desk.alerts.at(-1)?.scope === HEPING, 'the district alerts');

    expect(await view(desk, { region: STREET_A })).toEqual({ ok: true, region: STREET_A });
    expect(await nextKpis(desk, STREET_A)).toMatchObject({ reportedToday: 3, openCases: 3 });
    await desk.until(() => desk.alerts.at(-1)?.scope === STREET_A, 'the street alerts');
    // a few ticks on: still the street's, every one
    const seen = desk.kpis.length;
    await desk.until(() => desk.kpis.length >= seen + 2, 'more KPIs');
    expect(desk.kpis.slice(seen).map((k) => [k.region, k.reportedToday])).toEqual(desk.kpis.slice(seen).map(() => [STREET_A, 3]));

    expect(await view(desk, { region: null })).toEqual({ ok: true, region: '1201' });
    expect(await nextKpis(desk, '1201')).toMatchObject({ reportedToday: 9 });
    expect(neighbour.kpis.every((k) => k.region === '1201' && k.reportedToday === 9)).toBe(true);
    expect(neighbour.alerts.every((a) => a.scope === '1201')).toBe(true);
    [desk, neighbour].forEach((s) => s.close());
  });

  it('outside the screen’s scope, or not a region, is refused with the reason and changes nothing', async () => {
    const made = await server.request('POST', '/api/v1/admin/keys', server.secrets.adminToken, { role: 'screen', label: '河西区大屏', scope: HEXI });
    expect(made.status).toBe(201);
    const hexi = connectScreen(server, { token: made.body.token, wall: 'demo', scope: HEXI });
    await hexi.until(() => hexi.snapshots.length > 0, 'a snapshot');
    expect(hexi.snapshots[0]!.kpis).toMatchObject({ region: HEXI, reportedToday: 4 });

    const refused = await view(hexi, { region: HEPING });
    expect(refused).toMatchObject({
      ok: false,
      code: 'outside_scope',
      message: expect.stringMatching(/120101 is outside this screen's scope 120103.*河西区大屏/),
    });
    expect(await view(hexi, { region: '1201' })).toMatchObject({ ok: false, code: 'outside_scope' });
    expect(await view(hexi, { region: 'Robert"); DROP' })).toMatchObject({ ok: false, code: 'invalid_view', message: expect.stringMatching(/^region:/) });
    expect(await view(hexi, { region: '120103999' })).toMatchObject({ ok: false, code: 'unknown_region' });
    // nothing changed: its own district's figures still
    const after = await nextKpis(hexi, HEXI);
    expect(after.reportedToday).toBe(4);
    expect(hexi.kpis.every((k) => k.region === HEXI)).toBe(true);
    // inside its scope it may drill
    expect(await view(hexi, { region: HEXI_STREET })).toEqual({ ok: true, region: HEXI_STREET });
    expect(await nextKpis(hexi, HEXI_STREET)).toMatchObject({ reportedToday: 4 });

    // a city key's screen opened on a district (&scope=) may not drill outside that district either
    const scoped = connectScreen(server, { wall: 'demo', scope: HEXI });
    await scoped.until(() => scoped.snapshots.length > 0, 'a snapshot');
    expect(await view(scoped, { region: STREET_A })).toMatchObject({ ok: false, code: 'outside_scope' });
    [hexi, scoped].forEach((s) => s.close());
  });
});
