// What a presenter can make a wall show, held by the server per wall and pushed to all its screens:
// the scene, the region framed (or explicit bounds), the choropleth's metric, layers, the trend
// period, a spotlighted case and a playback clock. Presenters (and, where a wall allows it, its
// screens' keyboards) change it only through WallCommands: one typed shape, validated here,
// applied in one place on the server (server/walls/wallControl.ts), logged, replayable.
import { z } from 'zod';
import { HEAT_METRICS, TREND_PERIODS, type HeatMetric, type TrendPeriod } from './protocol.ts';
import type { Bounds } from './webMercator.ts';

export const regionCodeSchema = z
  .string()
  .regex(/^12\d{2}(\d{2}(\d{3}(\d{3}(\d{3})?)?)?)?$/, 'a region code: the city 1201, a district (6 digits), street (9), community (12) or grid (15)');
const lonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-85).max(85)]);
export const boundsSchema = z
  .tuple([lonLat, lonLat])
  .refine(([sw, ne]) => sw[0] < ne[0] && sw[1] < ne[1], 'bounds are [[west, south], [east, north]] with west < east and south < north');
export const caseIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w.:-]+$/, 'letters, digits and . _ : -');

/** Playback reaches this far back (the sampled tracks are kept as long, TRACK_RETENTION_DAYS). */
export const PLAYBACK_MAX_AGE_MS = 30 * 24 * 3600_000;
export const PLAYBACK_SPEEDS = { min: 0.1, max: 100_000 } as const;
/** A change starts on every screen this long after the server accepts it: time for the message to reach them all. */
export const SYNC_LEAD_MS = 400;
/** How long a camera move takes on every screen of a wall. */
export const CAMERA_FLIGHT_MS = 2500;

/** A scene's playback, relative to the day it is started on (Shanghai time), e.g. yesterday in 60 s. */
export const scenePlaybackSchema = z.strictObject({
  /** The day: 0 today, -1 yesterday. */
  dayOffset: z.number().int().min(-29).max(0).default(-1),
  /** Start hour on that day (0-23). */
  fromHour: z.number().min(0).max(23.99).default(0),
  hours: z
    .number()
    .positive()
    .max(24 * 30)
    .default(24),
  /** How long the whole period takes on the wall. */
  seconds: z
    .number()
    .positive()
    .max(24 * 3600)
    .default(60),
});

export const sceneSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'lower-case letters, digits and -'),
  /** Shown on the console's button (Chinese by default). */
  name: z.string().min(1).max(40),
  focus: regionCodeSchema.optional(),
  /** Explicit map bounds instead of a region (e.g. a stretch of the Haihe). */
  bounds: boundsSchema.optional(),
  heatMetric: z.enum(HEAT_METRICS).optional(),
  density: z.boolean().optional(),
  workers: z.boolean().optional(),
  trendPeriod: z.enum(TREND_PERIODS).optional(),
  /** Spotlight this case when the scene starts. */
  spotlight: caseIdSchema.optional(),
  /** Start a playback (otherwise the scene is live). */
  playback: scenePlaybackSchema.optional(),
});
export type Scene = z.infer<typeof sceneSchema>;

/** Where a map looks: a region to frame, or explicit bounds. */
export type Frame = { focus: string } | { bounds: Bounds };

/** The wall's playback clock: play time runs at `speed` from (anchorServer, anchorAt) between from and to. */
export interface PlaybackClock {
  from: number;
  to: number;
  speed: number;
  paused: boolean;
  /** Play time at the anchor. */
  anchorAt: number;
  /** Server time of the anchor. */
  anchorServer: number;
  /**
   * Server time at which the server takes the wall back to live once the playback has ended (its
   * end plus the wall's hold, `liveAfterPlaybackS`); absent while paused, or where the hold is 0.
   */
  liveAt?: number;
}

/** Server time at which a running playback reaches its end (null while paused). */
export function playbackEndsAt(clock: PlaybackClock): number | null {
  if (clock.paused) return null;
  return clock.anchorServer + Math.max(0, clock.to - clock.anchorAt) / clock.speed;
}

/** The moment of the past a playback shows at server time `serverNow` (stops at its end). */
export function playTime(clock: PlaybackClock, serverNow: number): number {
  const t = clock.paused ? clock.anchorAt : clock.anchorAt + Math.max(0, serverNow - clock.anchorServer) * clock.speed;
  return Math.min(clock.to, Math.max(clock.from, t));
}

export interface WallViewState {
  /** The scene last started (null: none, or changed since by single commands). */
  scene: string | null;
  /** Where the maps look (null: the wall's configured focus). */
  frame: Frame | null;
  heatMetric: HeatMetric | null;
  density: boolean | null;
  workers: boolean | null;
  trendPeriod: TrendPeriod | null;
  spotlight: string | null;
  playback: PlaybackClock | null;
}

export interface WallState extends WallViewState {
  wall: string;
  /** Increases with every change. */
  version: number;
  /** Server time at which this state starts on every screen (scheduled a little ahead). */
  effectiveAt: number;
  /** The frame shown before this change and how long the move from it takes (a camera flight, the same on every screen). */
  flight: { from: Frame | null; durationMs: number } | null;
  /** Who made the last change. */
  by: string | null;
  /**
   * Set only in what a screen narrower than the wall receives (wallStateForScope): the wall frames,
   * or spotlights, something outside the screen's region — said, never named.
   */
  outside?: { frame?: true; spotlight?: true };
}

/** A region code lies within `scope`, or is one of its ancestors (the city holds every district). */
const seenFrom = (code: string, scope: string) => code.startsWith(scope) || scope.startsWith(code);

/**
 * The wall's state as a screen of region `scope` may receive it: a frame on a region outside the
 * screen's, and a spotlighted case whose grid (`spotlightGrid`, undefined when unknown) lies outside
 * it, are left out and marked `outside` — no region or case id of another district reaches it.
 */
export function wallStateForScope(state: WallState, scope: string, spotlightGrid: string | undefined): WallState {
  const frameOutside = (f: Frame | null) => f !== null && 'focus' in f && !seenFrom(f.focus, scope);
  const spotlightOutside = state.spotlight !== null && (spotlightGrid === undefined || !spotlightGrid.startsWith(scope));
  const frame = frameOutside(state.frame);
  const from = state.flight !== null && frameOutside(state.flight.from);
  if (!frame && !from && !spotlightOutside) return state;
  return {
    ...state,
    ...(frame && { frame: null }),
    ...(state.flight && from && { flight: { ...state.flight, from: null } }),
    ...(spotlightOutside && { spotlight: null }),
    outside: { ...(frame && { frame: true as const }), ...(spotlightOutside && { spotlight: true as const }) },
  };
}

export const wallCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('scene'), scene: z.string().regex(/^[a-z0-9-]{1,40}$/) }),
  /** The next or previous scene in the wall's list (keyboard arrows). */
  z.strictObject({ type: z.literal('sceneStep'), step: z.union([z.literal(1), z.literal(-1)]) }),
  z.strictObject({ type: z.literal('focus'), region: regionCodeSchema.nullable() }),
  z.strictObject({ type: z.literal('bounds'), bounds: boundsSchema }),
  z.strictObject({ type: z.literal('heatMetric'), metric: z.enum(HEAT_METRICS).nullable() }),
  z.strictObject({ type: z.literal('layers'), density: z.boolean().nullable().optional(), workers: z.boolean().nullable().optional() }),
  z.strictObject({ type: z.literal('trendPeriod'), period: z.enum(TREND_PERIODS).nullable() }),
  z.strictObject({ type: z.literal('spotlight'), caseId: caseIdSchema.nullable() }),
  z.strictObject({
    type: z.literal('playback'),
    from: z.number().int(),
    to: z.number().int(),
    speed: z.number().min(PLAYBACK_SPEEDS.min).max(PLAYBACK_SPEEDS.max),
  }),
  z.strictObject({ type: z.literal('pause') }),
  z.strictObject({ type: z.literal('resume') }),
  z.strictObject({ type: z.literal('seek'), at: z.number().int() }),
  z.strictObject({ type: z.literal('speed'), speed: z.number().min(PLAYBACK_SPEEDS.min).max(PLAYBACK_SPEEDS.max) }),
  /** Back to live, keeping the scene's framing (Esc). */
  z.strictObject({ type: z.literal('live') }),
  /** Back to the wall's configuration: live, no scene, no spotlight. */
  z.strictObject({ type: z.literal('reset') }),
]);
export type WallCommand = z.infer<typeof wallCommandSchema>;

/** Commands a screen's keyboard may send, on walls whose layout says `keyboard: true`. */
export const KEYBOARD_COMMANDS: readonly WallCommand['type'][] = ['sceneStep', 'live'];

export interface CommandLogEntry {
  id: number;
  wall: string;
  at: number;
  /** The presenter's name, `keyboard <screen>`, or `system` (the server itself: back to live after a playback). */
  who: string;
  role: 'presenter' | 'keyboard' | 'system';
  command: WallCommand;
  ok: boolean;
  /** Why it was refused: a code a console words in its language (REFUSAL_CODES), and the server's English sentence. */
  code: string | null;
  error: string | null;
}

/**
 * Why a command was refused. invalid_command: the payload fails the schema; forbidden: a screen
 * tried more than a keyboard may; the rest are the wall's state or the world saying no.
 */
export const REFUSAL_CODES = [
  'invalid_command',
  'forbidden',
  'unknown_wall',
  'unknown_scene',
  'no_scenes',
  'unknown_region',
  'outside_scope',
  'unknown_case',
  'period_reversed',
  'period_in_future',
  'period_too_old',
  'not_playing',
  'outside_period',
  'not_servable',
  'busy',
  'rate_limited',
  'error',
  // a console's own, when no answer came
  'offline',
  'timeout',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** Who the server's own commands are logged as (a console words it 系统). */
export const SYSTEM_WHO = 'system';

export type CommandResult = { ok: true; state: WallState } | { ok: false; code: RefusalCode; message: string };

/** A screen of the wall as the console's miniature shows it. */
export interface ScreenPresence {
  screen: string;
  connected: number;
}

/** The console's Socket.IO namespace and its handshake `auth`. */
export const CONSOLE_NAMESPACE = '/console';
export interface ConsoleHandshake {
  /** A presenter token (a screen token is refused). */
  token: string;
  wall: string;
  /** Who is presenting, for the command log. */
  name?: string;
}
