// Presenter control of a wall over real sockets: a console with the presenter token changes the
// wall's state, which reaches every screen of that wall (and no other) scheduled for the same
// instant; a screen that joins late gets it first; screens are read-only (a keyboard wall's
// screens may only step scenes and go back to live); every command is logged with who and the
// outcome; the state survives a restart; and a playback feeds one wall the past while another
// stays live.
import { afterAll, describe, expect, it } from 'vitest';
import { SYNC_LEAD_MS, type WallState } from '../../shared/wallControl.ts';
import { reported, uniqueId } from '../support/factories.ts';
import { connectConsole, connectScreen, startTestServer, type TestServer } from '../support/testServer.ts';

const MIN = 60_000;

describe('wall control', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.dispose().catch(() => undefined);
  });
  const start = async (opts: Parameters<typeof startTestServer>[0] = {}) => {
    const s = await startTestServer(opts);
    servers.push(s);
    return s;
  };

  it('a scene change reaches both screens of the wall for the same instant, not another wall; a late screen gets it at once', async () => {
    const server = await start();
    const left = connectScreen(server, { wall: 'hall-3x2', screen: '1-2' });
    const right = connectScreen(server, { wall: 'hall-3x2', screen: '2-2' });
    const desk = connectScreen(server, { wall: 'demo' });
    const presenter = connectConsole(server, { name: '王主任' });
    await Promise.all([left, right, desk].map((s) => s.until(() => s.snapshots.length > 0 && s.wallStates.length > 0, 'its first state')));
    await presenter.until(() => presenter.states.length > 0 && presenter.screens.length > 0, 'the wall state');
    expect(presenter.states[0]).toMatchObject({ wall: 'hall-3x2', version: 0, scene: null });

    const sentAt = Date.now();
    const result = await presenter.send({ type: 'scene', scene: 'hongqiao' });
    expect(result).toMatchObject({ ok: true, state: { scene: 'hongqiao', frame: { focus: '120106' }, by: '王主任' } });
    for (const s of [left, right]) await s.until(() => s.wallStates.some((w) => w.scene === 'hongqiao'), 'the scene');
    const [a, b] = [left, right].map((s) => s.wallStates.at(-1)!);
    expect(a).toEqual(b); // the same state, the same start instant
    expect(a!.effectiveAt).toBeGreaterThanOrEqual(sentAt + SYNC_LEAD_MS - 50);
    expect(a!.flight).toMatchObject({ from: null });
    await presenter.until(() => presenter.states.some((s) => s.scene === 'hongqiao'), 'its own change');
    // the other wall heard nothing
    expect(desk.wallStates.map((w) => w.wall)).toEqual(['demo']);

    const late = connectScreen(server, { wall: 'hall-3x2', screen: '1-1' });
    await late.until(() => late.snapshots.length > 0, 'a snapshot');
    expect(late.wallStates[0]).toEqual(a); // before its data, the state the others show
    await presenter.until(() => presenter.screens.at(-1)!.some((p) => p.screen === '1-1'), 'the new screen in the miniature');
    expect(presenter.screens.at(-1)!.map((p) => p.screen)).toEqual(['1-1', '1-2', '2-2']);
    [left, right, desk, late, presenter].forEach((c) => c.close());
  });

  it('only a presenter commands: a screen token opens no console, a screen cannot command, a keyboard only steps scenes', async () => {
    const server = await start();
    const intruder = connectConsole(server, { token: server.secrets.screenToken });
    await expect(intruder.until(() => false, 'a refusal', 10_000)).rejects.toThrow(/forbidden: a screen key only shows a wall/);
    const stranger = connectConsole(server, { token: 'pt_not-the-token-at-all' });
    await expect(stranger.until(() => false, 'a refusal', 10_000)).rejects.toThrow(
      /unauthorized: the presenter token given is not valid \(unknown to this server\)/,
    );
    const nowhere = connectConsole(server, { wall: 'no-such-wall' });
    await expect(nowhere.until(() => false, 'a refusal', 10_000)).rejects.toThrow(/no wall "no-such-wall"/);

    const desk = connectScreen(server, { wall: 'demo' });
    await desk.until(() => desk.snapshots.length > 0, 'a snapshot');
    const refused = await desk.socket.timeout(10_000).emitWithAck('command', { type: 'scene', scene: 'city' });
    expect(refused).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringMatching(/screens are read-only.*presenter token/) });

    const hall = connectScreen(server, { wall: 'hall-3x2', screen: '2-3' });
    await hall.until(() => hall.snapshots.length > 0, 'a snapshot');
    expect(await hall.socket.timeout(10_000).emitWithAck('command', { type: 'focus', region: '120101' })).toMatchObject({ ok: false, code: 'forbidden' });
    const stepped = await hall.socket.timeout(10_000).emitWithAck('command', { type: 'sceneStep', step: 1 });
    expect(stepped).toMatchObject({ ok: true, state: { scene: 'city', by: 'keyboard 2-3' } });
    expect(await hall.socket.timeout(10_000).emitWithAck('command', { type: 'live' })).toMatchObject({ ok: true });

    const presenter = connectConsole(server, { name: '李科长' });
    await presenter.until(() => presenter.log.length >= 2, 'the history');
    expect(presenter.log.map((e) => [e.who, e.role, e.command.type, e.ok])).toEqual([
      ['keyboard 2-3', 'keyboard', 'sceneStep', true],
      ['keyboard 2-3', 'keyboard', 'live', true],
    ]);
    [desk, hall, presenter].forEach((c) => c.close());
  });

  it('bad commands get a clear refusal, are logged, and change nothing', async () => {
    const server = await start();
    const presenter = connectConsole(server);
    await presenter.until(() => presenter.states.length > 0, 'the wall state');
    const before = presenter.states.at(-1)!;
    expect(await presenter.send({ type: 'teleport' })).toMatchObject({ ok: false, code: 'invalid_command' });
    expect(await presenter.send({ type: 'scene', scene: 'Robert"); DROP TABLE' })).toMatchObject({
      ok: false,
      code: 'invalid_command',
      message: expect.stringMatching(/^scene:/),
    });
    expect(await presenter.send({ type: 'playback', from: 0, to: 1, speed: 1e12 })).toMatchObject({
      ok: false,
      code: 'invalid_command',
      message: expect.stringMatching(/speed/),
    });
    expect(await presenter.send({ type: 'scene', scene: 'atlantis' })).toMatchObject({
      ok: false,
      code: 'unknown_scene',
      message: expect.stringMatching(/its scenes are city, hongqiao/),
    });
    expect(await presenter.send({ type: 'spotlight', caseId: 'NO-SUCH-CASE' })).toMatchObject({ ok: false, code: 'unknown_case' });
    expect(await presenter.send({ type: 'resume' })).toMatchObject({ ok: false, code: 'not_playing', message: expect.stringMatching(/the wall is live/) });
    expect(await presenter.send({ type: 'playback', from: Date.now() - 3_600_000, to: Date.now() + 3_600_000, speed: 10 })).toMatchObject({
      ok: false,
      code: 'period_in_future',
    });
    expect(await presenter.send({ type: 'focus', region: '120199' })).toMatchObject({ ok: false, code: 'unknown_region' });
    await presenter.until(() => presenter.log.filter((e) => !e.ok).length >= 5, 'the refusals in the history');
    const refusals = presenter.log.filter((e) => !e.ok);
    expect(refusals.map((e) => e.code)).toEqual(['unknown_scene', 'unknown_case', 'not_playing', 'period_in_future', 'unknown_region']);
    expect(refusals.map((e) => e.error).slice(0, 3)).toEqual([
      expect.stringMatching(/no scene "atlantis"/),
      'no case NO-SUCH-CASE',
      expect.stringMatching(/the wall is live/),
    ]);
    const after = connectConsole(server);
    await after.until(() => after.states.length > 0, 'the wall state');
    expect(after.states[0]).toEqual(before);
    [presenter, after].forEach((c) => c.close());
  });

  it('a spotlight frames the case community; the state survives a restart, live', async () => {
    const first = await startTestServer();
    const caseId = uniqueId('SPOT');
    const report = reported(caseId, { at: new Date(Date.now() - 5 * MIN).toISOString() });
    expect((await first.post('/api/v1/events', { events: [report] })).status).toBe(200);
    const presenter = connectConsole(first);
    expect(await presenter.send({ type: 'spotlight', caseId })).toMatchObject({
      ok: true,
      state: { spotlight: caseId, frame: { focus: report.gridCode.slice(0, 12) } },
    });
    const playback = await presenter.send({ type: 'playback', from: Date.now() - 60 * MIN, to: Date.now() - 30 * MIN, speed: 1 });
    expect(playback).toMatchObject({ ok: true });
    presenter.close();
    await first.stop();

    const again = await start({ location: first.location });
    const screen = connectScreen(again, { wall: 'hall-3x2', screen: '1-1' });
    await screen.until(() => screen.snapshots.length > 0, 'a snapshot');
    const state: WallState = screen.wallStates[0]!;
    expect(state).toMatchObject({ spotlight: caseId, playback: null, version: 2 });
    expect(screen.snapshots[0]!.playbackAt).toBeNull();
    screen.close();
  });

  it('a playback feeds its wall the past while another wall stays live', async () => {
    const server = await start();
    const now = Date.now();
    // three hours ago: a case reported and one still to come at the moment played back
    const past = [uniqueId('PAST'), uniqueId('PAST')];
    const events = [
      reported(past[0]!, { at: new Date(now - 180 * MIN).toISOString() }),
      reported(past[1]!, { at: new Date(now - 150 * MIN).toISOString(), urgency: 'urgent' }),
    ];
    expect((await server.post('/api/v1/events', { events })).status).toBe(200);
    const hall = connectScreen(server, { wall: 'hall-3x2', screen: '1-3' });
    const desk = connectScreen(server, { wall: 'demo' });
    await Promise.all([hall, desk].map((s) => s.until(() => s.snapshots.length > 0, 'a snapshot')));

    const presenter = connectConsole(server);
    const from = now - 170 * MIN;
    const started = await presenter.send({ type: 'playback', from, to: now - 60 * MIN, speed: 1 });
    expect(started).toMatchObject({ ok: true, state: { playback: { from, paused: false } } });
    await hall.until(() => hall.snapshots.some((s) => s.playbackAt !== null), 'a playback snapshot', 20_000);
    const replay = hall.snapshots.find((s) => s.playbackAt !== null)!;
    expect(replay.playbackAt).toBeGreaterThanOrEqual(from);
    expect(replay.ticker.map((l) => l.caseId)).toEqual([past[0]]); // the city at 170 minutes ago: only the first report
    expect(replay.kpis.openCases).toBe(1);

    // forward past the second report: it comes as a transition of the playback
    expect(await presenter.send({ type: 'seek', at: now - 120 * MIN })).toMatchObject({ ok: true });
    await hall.until(() => hall.lines.some((l) => l.caseId === past[1]), 'the second past report', 20_000);

    // meanwhile the desk is live: a new report reaches it, and not the hall
    const live = reported(uniqueId('LIVE'), { at: new Date().toISOString() });
    expect((await server.post('/api/v1/events', { events: [live] })).status).toBe(200);
    await desk.until(() => desk.lines.some((l) => l.caseId === live.caseId), 'the live report');
    expect(desk.snapshots.every((s) => s.playbackAt === null)).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    expect(hall.lines.some((l) => l.caseId === live.caseId)).toBe(false);

    // back to live: a live snapshot with the new report
    expect(await presenter.send({ type: 'live' })).toMatchObject({ ok: true, state: { playback: null } });
    await hall.until(
      () => hall.snapshots.at(-1)!.playbackAt === null && hall.snapshots.at(-1)!.ticker.some((l) => l.caseId === live.caseId),
      'a live snapshot',
      20_000,
    );
    // a playback and back to live before it has even started on the screens: they end up live
    const before = hall.snapshots.length;
    const [quick, back] = await Promise.all([presenter.send({ type: 'playback', from, to: now - 60 * MIN, speed: 1 }), presenter.send({ type: 'live' })]);
    expect([quick.ok, back.ok]).toEqual([true, true]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(hall.snapshots.length).toBeGreaterThan(before);
    expect(hall.snapshots.at(-1)!.playbackAt).toBeNull();
    [hall, desk, presenter].forEach((c) => c.close());
  });
});
