// The one place a wall's state changes: a pure function from (state, command) to the next state or
// a refusal a presenter can act on. Everything it needs from outside (the time, the wall's layout,
// whether a region or case exists) comes in `ctx`, so it is tested without a server.
import { CITY_CODE } from '../../shared/regions.ts';
import { shanghaiDayStart } from '../../shared/shanghaiTime.ts';
import {
  CAMERA_FLIGHT_MS,
  PLAYBACK_MAX_AGE_MS,
  SYNC_LEAD_MS,
  playTime,
  playbackEndsAt,
  wallCommandSchema,
  type Frame,
  type PlaybackClock,
  type RefusalCode,
  type Scene,
  type WallCommand,
  type WallState,
  type WallViewState,
} from '../../shared/wallControl.ts';
import type { WallLayout } from '../../shared/wallLayout.ts';

export interface CommandContext {
  /** Server time now. */
  now: number;
  wall: WallLayout;
  /** The wall's region (city, district or street): a focus must lie inside it. */
  scope: string;
  regionExists(code: string): boolean;
  /** The grid of a case, or undefined when there is no such case (looked up before, as it is I/O). */
  caseGrid: string | undefined;
  who: string;
  /** How long an ended playback holds its last moment before the server takes the wall back to live (0 or absent: until a presenter does). */
  liveAfterMs?: number;
}

export type CommandOutcome = { ok: true; state: WallState } | Refusal;
type Refusal = { ok: false; code: RefusalCode; message: string };

const LIVE_VIEW: WallViewState = {
  scene: null,
  frame: null,
  heatMetric: null,
  density: null,
  workers: null,
  trendPeriod: null,
  spotlight: null,
  playback: null,
};

export function initialWallState(wall: string): WallState {
  return { wall, version: 0, effectiveAt: 0, flight: null, by: null, ...LIVE_VIEW };
}

const refuse = (code: RefusalCode, message: string): Refusal => ({ ok: false, code, message });
const isRefusal = (v: object): v is Refusal => 'ok' in v && v.ok === false;
const sameFrame = (a: Frame | null, b: Frame | null) => JSON.stringify(a) === JSON.stringify(b);

/** A playback clock for [from, to] at `speed`, refused when it reaches outside the kept history. */
function startPlayback(from: number, to: number, speed: number, now: number): PlaybackClock | Refusal {
  if (!(from < to))
    return refuse('period_reversed', `the period must end after it starts (from ${new Date(from).toISOString()}, to ${new Date(to).toISOString()})`);
  if (to > now) return refuse('period_in_future', `the period ends ${Math.round((to - now) / 1000)} s in the future: a playback shows only the past`);
  if (from < now - PLAYBACK_MAX_AGE_MS)
    return refuse(
      'period_too_old',
      `the period starts more than ${PLAYBACK_MAX_AGE_MS / 86_400_000} days ago: tracks and the wall's history are kept that long`,
    );
  return { from, to, speed, paused: false, anchorAt: from, anchorServer: now + SYNC_LEAD_MS };
}

/** A scene's playback period, relative to the day it starts on (Shanghai time). */
export function scenePlayback(scene: Scene, now: number): PlaybackClock | null | Refusal {
  if (!scene.playback) return null;
  const { dayOffset, fromHour, hours, seconds } = scene.playback;
  const from = shanghaiDayStart(now) + dayOffset * 86_400_000 + fromHour * 3_600_000;
  const to = Math.min(from + hours * 3_600_000, now);
  return startPlayback(from, to, (to - from) / (seconds * 1000), now);
}

function sceneView(scene: Scene, playback: PlaybackClock | null): WallViewState {
  return {
    scene: scene.id,
    frame: scene.bounds ? { bounds: scene.bounds } : scene.focus ? { focus: scene.focus } : null,
    heatMetric: scene.heatMetric ?? null,
    density: scene.density ?? null,
    workers: scene.workers ?? null,
    trendPeriod: scene.trendPeriod ?? null,
    spotlight: scene.spotlight ?? null,
    playback,
  };
}

/** The clock re-anchored at the current play time, so a change of speed or pause takes effect from here. */
function reanchor(clock: PlaybackClock, now: number, change: Partial<PlaybackClock>): PlaybackClock {
  const at = now + SYNC_LEAD_MS;
  return { ...clock, anchorAt: playTime(clock, at), anchorServer: at, ...change };
}

function inScope(code: string, scope: string): boolean {
  return scope === CITY_CODE || code.startsWith(scope);
}

/** The view a command asks for, or why it cannot be had. */
function nextView(state: WallState, command: WallCommand, ctx: CommandContext): WallViewState | Refusal {
  const { now, wall } = ctx;
  const view: WallViewState = {
    scene: state.scene,
    frame: state.frame,
    heatMetric: state.heatMetric,
    density: state.density,
    workers: state.workers,
    trendPeriod: state.trendPeriod,
    spotlight: state.spotlight,
    playback: state.playback,
  };
  const single = { ...view, scene: null }; // a single change leaves the scene's state behind
  const clock = state.playback;
  switch (command.type) {
    case 'scene':
    case 'sceneStep': {
      let scene: Scene | undefined;
      if (command.type === 'scene') {
        scene = wall.scenes.find((s) => s.id === command.scene);
        if (!scene)
          return refuse(
            'unknown_scene',
            `no scene "${command.scene}" on wall ${wall.id}${wall.scenes.length ? `: its scenes are ${wall.scenes.map((s) => s.id).join(', ')}` : ': it has no scenes (add them to its layout)'}`,
          );
      } else {
        if (!wall.scenes.length) return refuse('no_scenes', `wall ${wall.id} has no scenes to step through (add them to its layout)`);
        const at = wall.scenes.findIndex((s) => s.id === state.scene);
        const next = at < 0 ? (command.step === 1 ? 0 : wall.scenes.length - 1) : (at + command.step + wall.scenes.length) % wall.scenes.length;
        scene = wall.scenes[next]!;
      }
      const playback = scenePlayback(scene, now);
      if (playback && isRefusal(playback)) return { ...playback, message: `scene ${scene.id}: ${playback.message}` };
      return sceneView(scene, playback);
    }
    case 'focus':
      if (command.region !== null) {
        if (!ctx.regionExists(command.region)) return refuse('unknown_region', `no region ${command.region} in the geography`);
        if (!inScope(command.region, ctx.scope))
          return refuse('outside_scope', `region ${command.region} is outside the scope ${ctx.scope} (the wall's, or the presenter key's)`);
      }
      return { ...single, frame: command.region === null ? null : { focus: command.region } };
    case 'bounds':
      return { ...single, frame: { bounds: command.bounds } };
    case 'heatMetric':
      return { ...single, heatMetric: command.metric };
    case 'layers':
      return {
        ...single,
        ...(command.density !== undefined && { density: command.density }),
        ...(command.workers !== undefined && { workers: command.workers }),
      };
    case 'trendPeriod':
      return { ...single, trendPeriod: command.period };
    case 'spotlight':
      if (command.caseId === null) return { ...single, spotlight: null };
      if (!ctx.caseGrid) return refuse('unknown_case', `no case ${command.caseId}`);
      if (!inScope(ctx.caseGrid, ctx.scope))
        return refuse('outside_scope', `case ${command.caseId} is outside the scope ${ctx.scope} (the wall's, or the presenter key's)`);
      // the map frames the case's community, for context; the case pulses at its grid's centre (never a finer address)
      return { ...single, spotlight: command.caseId, frame: { focus: ctx.caseGrid.length > 12 ? ctx.caseGrid.slice(0, 12) : ctx.caseGrid } };
    case 'playback': {
      const playback = startPlayback(command.from, command.to, command.speed, now);
      return isRefusal(playback) ? playback : { ...single, playback };
    }
    case 'pause':
    case 'resume':
    case 'seek':
    case 'speed':
      if (!clock) return refuse('not_playing', `the wall is live: start a playback first`);
      if (command.type === 'pause') return { ...view, playback: reanchor(clock, now, { paused: true }) };
      if (command.type === 'resume') {
        // resuming at the end starts again from the beginning
        const atEnd = playTime(clock, now) >= clock.to;
        return {
          ...view,
          playback: atEnd ? { ...clock, paused: false, anchorAt: clock.from, anchorServer: now + SYNC_LEAD_MS } : reanchor(clock, now, { paused: false }),
        };
      }
      if (command.type === 'speed') return { ...view, playback: reanchor(clock, now, { speed: command.speed }) };
      if (command.at < clock.from || command.at > clock.to)
        return refuse(
          'outside_period',
          `${new Date(command.at).toISOString()} is outside the playback period ${new Date(clock.from).toISOString()} – ${new Date(clock.to).toISOString()}`,
        );
      return { ...view, playback: { ...clock, anchorAt: command.at, anchorServer: now + SYNC_LEAD_MS } };
    case 'live':
      // a scene that was a playback is no longer what the wall shows: the console lights no scene
      return { ...view, playback: null, scene: clock && wall.scenes.find((s) => s.id === view.scene)?.playback ? null : view.scene };
    case 'reset':
      return { ...LIVE_VIEW };
  }
}

/** A command as it came over a socket, validated; the refusal names each field that is wrong. */
export function parseWallCommand(input: unknown): { ok: true; command: WallCommand } | Refusal {
  const parsed = wallCommandSchema.safeParse(input);
  if (parsed.success) return { ok: true, command: parsed.data };
  return refuse('invalid_command', parsed.error.issues.map((i) => `${i.path.join('.') || 'command'}: ${i.message}`).join('; '));
}

/** The clock with the moment the server takes the wall back to live: its end plus the hold, while it runs. */
function withReturn(clock: PlaybackClock | null, liveAfterMs: number): PlaybackClock | null {
  if (!clock) return null;
  const { liveAt: _, ...rest } = clock;
  const ends = playbackEndsAt(clock);
  return ends === null || !(liveAfterMs > 0) ? rest : { ...rest, liveAt: Math.round(ends + liveAfterMs) };
}

/** Applies a command: the next state (scheduled SYNC_LEAD_MS ahead, the camera flying from the old frame) or a refusal. */
export function applyWallCommand(state: WallState, command: WallCommand, ctx: CommandContext): CommandOutcome {
  const view = nextView(state, command, ctx);
  if (isRefusal(view)) return view;
  const moved = !sameFrame(state.frame, view.frame);
  return {
    ok: true,
    state: {
      ...view,
      playback: withReturn(view.playback, ctx.liveAfterMs ?? 0),
      wall: state.wall,
      version: state.version + 1,
      effectiveAt: ctx.now + SYNC_LEAD_MS,
      flight: moved ? { from: state.frame, durationMs: CAMERA_FLIGHT_MS } : null,
      by: ctx.who,
    },
  };
}
