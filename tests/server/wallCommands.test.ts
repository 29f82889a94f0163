// A wall's state changes only by commands, applied by one pure function: scenes, single changes,
// the playback clock and refusals a presenter can act on; and the camera flight every screen of a
// spanning map evaluates in the same way.
import { describe, expect, it } from 'vitest';
import { applyWallCommand, initialWallState, type CommandContext } from '../../server/walls/wallCommands.ts';
import { loadWallLayouts } from '../../server/walls/wallLayouts.ts';
import { easeInOut, flightCamera } from '../../shared/cameraFlight.ts';
import { shanghaiDayStart } from '../../shared/shanghaiTime.ts';
import { CAMERA_FLIGHT_MS, SYNC_LEAD_MS, playTime, type WallCommand, type WallState } from '../../shared/wallControl.ts';

const hall = loadWallLayouts('config/walls').get('hall-3x2')!;
const NOW = Date.parse('2026-11-24T06:00:00Z');
const HOUR = 3_600_000;
const ctx = (over: Partial<CommandContext> = {}): CommandContext => ({
  now: NOW,
  wall: hall,
  scope: '1201',
  regionExists: (c) => c.length <= 9,
  caseGrid: undefined,
  who: '张主任',
  ...over,
});

function run(state: WallState, command: WallCommand, over: Partial<CommandContext> = {}): WallState {
  const out = applyWallCommand(state, command, ctx(over));
  if (!out.ok) throw new Error(out.message);
  return out.state;
}
function refusal(state: WallState, command: WallCommand, over: Partial<CommandContext> = {}): string {
  const out = applyWallCommand(state, command, ctx(over));
  if (out.ok) throw new Error('accepted');
  return out.message;
}

describe('wall commands', () => {
  const start = initialWallState('hall-3x2');

  it('starts a scene from the layout a little ahead, flying the camera from where it was', () => {
    const s = run(start, { type: 'scene', scene: 'hongqiao' });
    expect(s).toMatchObject({
      scene: 'hongqiao',
      frame: { focus: '120106' },
      heatMetric: 'open',
      version: 1,
      effectiveAt: NOW + SYNC_LEAD_MS,
      by: '张主任',
      playback: null,
    });
    expect(s.flight).toEqual({ from: null, durationMs: CAMERA_FLIGHT_MS });
    // the same frame again: nothing to fly
    expect(run(s, { type: 'heatMetric', metric: 'overdue' }).flight).toBeNull();
  });

  it('a single change leaves the scene behind but keeps the rest', () => {
    const s = run(run(start, { type: 'scene', scene: 'dingzigu' }), { type: 'heatMetric', metric: 'overdue' });
    expect(s).toMatchObject({ scene: null, frame: { focus: '120106004' }, heatMetric: 'overdue', density: false });
  });

  it('steps through the scenes in order, wrapping around', () => {
    let s = run(start, { type: 'sceneStep', step: 1 });
    expect(s.scene).toBe(hall.scenes[0]!.id);
    s = run(s, { type: 'sceneStep', step: -1 });
    expect(s.scene).toBe(hall.scenes.at(-1)!.id);
  });

  it('a playback scene plays yesterday (Shanghai) in its seconds', () => {
    const s = run(start, { type: 'scene', scene: 'yesterday' });
    const from = shanghaiDayStart(NOW) - 24 * HOUR;
    expect(s.playback).toMatchObject({ from, to: from + 24 * HOUR, paused: false, anchorAt: from, anchorServer: NOW + SYNC_LEAD_MS });
    expect(s.playback!.speed).toBeCloseTo((24 * HOUR) / 60_000);
    expect(playTime(s.playback!, NOW + SYNC_LEAD_MS + 30_000)).toBeCloseTo(from + 12 * HOUR, -2);
    expect(playTime(s.playback!, NOW + 10 * 60_000)).toBe(from + 24 * HOUR); // it stops at its end
  });

  it('pauses, seeks, changes speed and resumes from where it is', () => {
    const from = NOW - 2 * HOUR;
    let s = run(start, { type: 'playback', from, to: NOW - HOUR, speed: 60 });
    const later = { now: NOW + 10_000 };
    s = run(s, { type: 'pause' }, later);
    const pausedAt = playTime(s.playback!, NOW + 99_999);
    expect(pausedAt).toBeCloseTo(from + (10_000 + SYNC_LEAD_MS - SYNC_LEAD_MS) * 60, -2);
    expect(playTime(s.playback!, NOW + 50_000)).toBe(pausedAt);
    s = run(s, { type: 'seek', at: from + 30 * 60_000 }, later);
    expect(playTime(s.playback!, NOW + 20_000)).toBe(from + 30 * 60_000);
    s = run(s, { type: 'resume' }, later);
    s = run(s, { type: 'speed', speed: 120 }, later);
    expect(s.playback).toMatchObject({ speed: 120, paused: false });
    expect(refusal(s, { type: 'seek', at: NOW })).toMatch(/outside the playback period/);
    expect(run(s, { type: 'live' }).playback).toBeNull();
  });

  it('a running playback says when the server takes the wall back to live: its end plus the hold; paused, never', () => {
    // the worked example of docs/console.md: 60 s of play started at 10:00:00 ends 10:01:00, live again at 10:01:15
    const ten = Date.parse('2026-11-24T02:00:00Z'); // 10:00:00 in Shanghai
    const hold = { now: ten - SYNC_LEAD_MS, liveAfterMs: 15_000 };
    const from = ten - 2 * HOUR;
    let s = run(start, { type: 'playback', from, to: from + HOUR, speed: HOUR / 60_000 }, hold);
    expect(s.playback).toMatchObject({ anchorServer: ten, liveAt: ten + 60_000 + 15_000 });
    // paused half-way: no end, no return; resumed 20 s later, the rest (30 s) and the hold from there
    s = run(s, { type: 'pause' }, { ...hold, now: ten + 30_000 - SYNC_LEAD_MS });
    expect(s.playback!.liveAt).toBeUndefined();
    s = run(s, { type: 'resume' }, { ...hold, now: ten + 50_000 - SYNC_LEAD_MS });
    expect(s.playback!.liveAt).toBe(ten + 50_000 + 30_000 + 15_000);
    // a hold of 0 (or none given): the ended playback stays until a presenter goes live
    expect(run(start, { type: 'playback', from, to: from + HOUR, speed: 60 }).playback!.liveAt).toBeUndefined();
    expect(run(start, { type: 'playback', from, to: from + HOUR, speed: 60 }, { liveAfterMs: 0 }).playback!.liveAt).toBeUndefined();
  });

  it('back to live after a scene that played back: no scene is lit any more; after another scene it stays', () => {
    const played = run(start, { type: 'scene', scene: 'yesterday' });
    expect(played).toMatchObject({ scene: 'yesterday', playback: { paused: false } });
    expect(run(played, { type: 'live' })).toMatchObject({ scene: null, playback: null });
    const framed = run(start, { type: 'scene', scene: 'hongqiao' });
    expect(run(framed, { type: 'live' })).toMatchObject({ scene: 'hongqiao', playback: null });
  });

  it('refuses what it cannot do, saying why', () => {
    expect(refusal(start, { type: 'scene', scene: 'nope' })).toMatch(/no scene "nope" on wall hall-3x2: its scenes are city, hongqiao/);
    expect(refusal(start, { type: 'pause' })).toMatch(/the wall is live/);
    expect(refusal(start, { type: 'playback', from: NOW - HOUR, to: NOW + HOUR, speed: 10 })).toMatch(/in the future/);
    expect(refusal(start, { type: 'playback', from: NOW - 40 * 24 * HOUR, to: NOW - HOUR, speed: 10 })).toMatch(/30 days/);
    expect(refusal(start, { type: 'playback', from: NOW - HOUR, to: NOW - 2 * HOUR, speed: 10 })).toMatch(/must end after it starts/);
    expect(refusal(start, { type: 'focus', region: '120199' }, { regionExists: () => false })).toMatch(/no region 120199/);
    expect(refusal(start, { type: 'focus', region: '120103' }, { scope: '120106' })).toMatch(/outside the scope 120106/);
    expect(refusal(start, { type: 'spotlight', caseId: 'C-1' })).toMatch(/no case C-1/);
  });

  it('a spotlight frames the case community', () => {
    const s = run(start, { type: 'spotlight', caseId: 'C-1' }, { caseGrid: '120106004001001' });
    expect(s).toMatchObject({ spotlight: 'C-1', frame: { focus: '120106004001' } });
    expect(run(s, { type: 'reset' })).toMatchObject({ spotlight: null, frame: null, scene: null, version: 2 });
  });
});

describe('camera flight', () => {
  const from = { center: [117.2, 39.13] as [number, number], zoom: 8 };
  const to = { center: [117.16, 39.17] as [number, number], zoom: 13 };

  it('starts and lands exactly, zooms monotonically on a zoom-in, and is the same for the same inputs', () => {
    expect(flightCamera(from, to, 3000, 0)).toEqual(from);
    expect(flightCamera(from, to, 3000, 1)).toEqual(to);
    const zooms = [0.1, 0.3, 0.5, 0.7, 0.9].map((t) => flightCamera(from, to, 3000, easeInOut(t)).zoom);
    expect(zooms).toEqual([...zooms].sort((a, b) => a - b));
    expect(flightCamera(from, to, 3000, 0.42)).toEqual(flightCamera(from, to, 3000, 0.42));
  });

  it('zooms out on the way between two far places at the same zoom', () => {
    const a = { center: [117.0, 39.0] as [number, number], zoom: 13 };
    const b = { center: [117.6, 39.4] as [number, number], zoom: 13 };
    expect(flightCamera(a, b, 2000, 0.5).zoom).toBeLessThan(12);
  });
});
