// After a playback the wall goes back to live by itself: the server, not a screen, takes it back once
// the ended playback has held its last moment for the wall's hold (LIVE_AFTER_PLAYBACK_S here 1 s),
// so every screen and the console agree, and the history and the audit log say the system did it. A
// paused playback does not end; a hold of 0 leaves the wall on the ended playback until a presenter
// goes live. Real server, real sockets; only order and state are checked, never the clock.
import { afterAll, describe, expect, it } from 'vitest';
import type { WallState } from '../../shared/wallControl.ts';
import { connectConsole, connectScreen, startTestServer, type TestServer } from '../support/testServer.ts';

const MIN = 60_000;
/** 30 minutes of the past played in 2 seconds. */
const twoSeconds = () => {
  const to = Date.now() - 30 * MIN;
  return { type: 'playback', from: to - 30 * MIN, to, speed: (30 * MIN) / 2000 };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('back to live after a playback', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.dispose().catch(() => undefined);
  });
  const start = async (holdS: string) => {
    const s = await startTestServer({ env: { LIVE_AFTER_PLAYBACK_S: holdS } });
    servers.push(s);
    return s;
  };

  it('an ended playback holds, then every screen and the console are live again, logged and audited as the system', async () => {
    const server = await start('1');
    const screens = ['1-1', '2-2'].map((screen) => connectScreen(server, { wall: 'hall-3x2', screen }));
    const presenter = connectConsole(server, { name: '王主任' });
    await Promise.all(screens.map((s) => s.until(() => s.snapshots.length > 0 && s.wallStates.length > 0, 'its first state')));
    await presenter.until(() => presenter.states.length > 0, 'the wall state');

    const started = await presenter.send(twoSeconds());
    expect(started.ok).toBe(true);
    const clock = (started as { state: WallState }).state.playback!;
    // the moment the server goes live is in the state every screen has: the playback's end plus the hold
    expect(clock.liveAt).toBe(Math.round(clock.anchorServer + (clock.to - clock.anchorAt) / clock.speed + 1000));

    for (const s of screens) {
      await s.until(() => s.snapshots.some((snap) => snap.playbackAt !== null), 'the playback', 20_000);
      await s.until(() => s.wallStates.at(-1)!.playback === null, 'live again', 20_000);
      const back = s.wallStates.at(-1)!;
      expect(back).toMatchObject({ by: 'system', playback: null, version: 2 });
      // back on the live feed: a fresh snapshot of now
      await s.until(() => s.snapshots.at(-1)!.playbackAt === null, 'a live snapshot');
      expect(s.wallStates.map((w) => [w.version, w.playback === null])).toEqual([
        [0, true],
        [1, false],
        [2, true],
      ]);
    }
    await presenter.until(() => presenter.states.at(-1)!.playback === null, 'the console live too');
    await presenter.until(() => presenter.log.length >= 2, 'the history');
    expect(presenter.log.map((e) => [e.who, e.role, e.command.type, e.ok])).toEqual([
      ['王主任', 'presenter', 'playback', true],
      ['system', 'system', 'live', true],
    ]);
    const audit = await server.request('GET', '/api/v1/admin/audit?action=wall.command&limit=10', server.secrets.adminToken);
    const entries = audit.body.entries as { keyId: string; role: string; target: string; ok: boolean; detail: Record<string, unknown> }[];
    expect(entries.find((e) => e.keyId === 'system')).toMatchObject({
      role: 'system',
      target: 'hall-3x2',
      ok: true,
      detail: { type: 'live', by: 'system', reason: 'playback ended' },
    });
    [...screens, presenter].forEach((c) => c.close());
  });

  it('a paused playback does not end; resumed, it ends and goes live; a presenter may go live at once', async () => {
    const server = await start('1');
    const screen = connectScreen(server, { wall: 'hall-3x2', screen: '1-1' });
    const presenter = connectConsole(server);
    await screen.until(() => screen.snapshots.length > 0, 'a snapshot');
    await presenter.until(() => presenter.states.length > 0, 'the wall state');

    expect(await presenter.send(twoSeconds())).toMatchObject({ ok: true });
    const paused = await presenter.send({ type: 'pause' });
    expect(paused).toMatchObject({ ok: true, state: { playback: { paused: true } } });
    expect((paused as { state: WallState }).state.playback!.liveAt).toBeUndefined();
    // longer than the playback and its hold together: still paused, nothing done by the system
    await sleep(4000);
    expect(screen.wallStates.at(-1)).toMatchObject({ version: 2, playback: { paused: true } });
    expect(presenter.log.some((e) => e.role === 'system')).toBe(false);

    const resumed = await presenter.send({ type: 'resume' });
    expect((resumed as { state: WallState }).state.playback!.liveAt).toBeGreaterThan(0);
    await screen.until(() => screen.wallStates.at(-1)!.playback === null, 'live again', 20_000);
    expect(screen.wallStates.at(-1)).toMatchObject({ version: 4, by: 'system' });

    // a new playback, and the presenter goes live before it ends: the system's return finds the wall moved on
    expect(await presenter.send(twoSeconds())).toMatchObject({ ok: true });
    expect(await presenter.send({ type: 'reset' })).toMatchObject({ ok: true, state: { playback: null, version: 6 } });
    await sleep(4000);
    expect(screen.wallStates.at(-1)).toMatchObject({ version: 6, by: expect.not.stringMatching(/^system$/) });
    await presenter.until(() => presenter.log.length >= 6, 'the history');
    expect(presenter.log.map((e) => `${e.role} ${e.command.type}`)).toEqual([
      'presenter playback',
      'presenter pause',
      'presenter resume',
      'system live',
      'presenter playback',
      'presenter reset',
    ]);
    [screen, presenter].forEach((c) => c.close());
  });

  it('with a hold of 0 the ended playback stays until a presenter goes live', async () => {
    const server = await start('0');
    const screen = connectScreen(server, { wall: 'hall-3x2', screen: '1-1' });
    const presenter = connectConsole(server);
    await screen.until(() => screen.snapshots.length > 0, 'a snapshot');
    await presenter.until(() => presenter.states.length > 0, 'the wall state');
    const started = await presenter.send(twoSeconds());
    expect((started as { state: WallState }).state.playback!.liveAt).toBeUndefined();
    await sleep(4000);
    expect(screen.wallStates.at(-1)).toMatchObject({ version: 1, playback: { paused: false } });
    expect(await presenter.send({ type: 'live' })).toMatchObject({ ok: true, state: { playback: null, version: 2 } });
    await screen.until(() => screen.wallStates.at(-1)!.playback === null, 'live');
    [screen, presenter].forEach((c) => c.close());
  });
});
