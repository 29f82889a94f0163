// The wall layouts over HTTP on a real server: listed with their screens and panels for the index,
// one layout for a screen, and clear refusals (no token, a wrong token, an unknown or malformed wall).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer.ts';

describe('wall layouts over HTTP', () => {
  let server: TestServer;
  const get = async (path: string, token: string | null = server.secrets.screenToken) => {
    const res = await fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, body: (await res.json()) as any };
  };
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('lists every wall with its screens and panels, and gives one layout with its defaults filled in', async () => {
    const list = await get('/api/v1/walls');
    expect(list.status).toBe(200);
    const hall = list.body.walls.find((w: { id: string }) => w.id === 'hall-3x2');
    expect(list.body.walls.map((w: { id: string }) => w.id)).toEqual(['demo', 'hall-3x2', 'long-screen']);
    expect(hall.screens.map((s: { path: string }) => s.path)).toEqual(['1-1', '1-2', '1-3', '2-1', '2-2', '2-3'].map((s) => `/wall/hall-3x2?screen=${s}`));
    expect(hall.panels.find((p: { id: string }) => p.id === 'map')).toEqual({ id: 'map', kind: 'map', x: 1, y: 0.15, w: 1, h: 1.85 });
    const one = await get('/api/v1/walls/hall-3x2');
    expect(one.body).toMatchObject({ id: 'hall-3x2', fluid: false, interactive: false, screens: { rows: 2, cols: 3, bezel: { x: 6, y: 6 } } });
    expect(one.body.panels.find((p: { id: string }) => p.id === 'map')).toMatchObject({ heat: 'open', density: true, workers: true });
  });

  it('refuses without a token, with a wrong one, and names the walls there are', async () => {
    expect(await get('/api/v1/walls', null)).toMatchObject({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'a screen token is required: send "Authorization: Bearer <token>"' } },
    });
    expect(await get('/api/v1/walls', 'st_not-the-right-token')).toMatchObject({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'the screen token given is not valid (unknown to this server)' } },
    });
    expect(await get('/api/v1/walls/lobby')).toMatchObject({
      status: 404,
      body: { error: { code: 'unknown_wall', message: 'no wall "lobby": the walls are demo, hall-3x2, long-screen' } },
    });
    expect(await get('/api/v1/walls/Lobby!')).toMatchObject({ status: 400, body: { error: { code: 'invalid_wall' } } });
  });
});
