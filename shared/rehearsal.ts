// Rehearsals (演练): a scenario from config/scenarios/<name>.json — a rainstorm, the first cold day
// of the heating season, a marathon, a quiet night — run for a number of minutes. While one runs
// the simulator adds the scenario's reports (each summary starting 【演练】) and scales its normal
// intake, and every wall screen and console says 演练 so nobody takes it for real. This file holds
// the scenario file's schema, the start/stop command, and what screens and consoles are told.
import { z } from 'zod';
import { SOURCE_CHANNELS, URGENCIES } from './caseEvent.ts';
import { categoryOf } from './categories.ts';
import { DISTRICTS } from './regions.ts';

/** Every report a scenario makes starts with this: a case on a ticker or in a record says it is not real. */
export const REHEARSAL_MARK = '【演练】';
/** How long a rehearsal may run (minutes): a whole 12-hour shift at most. */
export const REHEARSAL_MINUTES = { min: 1, max: 720 } as const;

export const scenarioNameSchema = z.string().regex(/^[a-z0-9-]{1,40}$/, 'a scenario name: lower-case letters, digits and - (the file name)');

const weights = <T extends readonly [string, ...string[]]>(keys: T) =>
  z.partialRecord(z.enum(keys), z.number().min(0)).refine((w) => Object.values<number | undefined>(w).some((v) => (v ?? 0) > 0), 'at least one weight above 0');

const districtCode = z
  .string()
  .refine((c) => DISTRICTS.some((d) => d.code === c), { error: (i) => `${String(i.input)} is not one of the 16 districts' codes (shared/regions.ts)` });

/** One kind of report a scenario adds: a sub-category at a rate, over an area, with its urgencies, channels and wordings. */
export const scenarioStreamSchema = z
  .strictObject({
    /** A sub-category code of shared/categories.ts (e.g. `facility.road`). */
    category: z.string().refine((c) => categoryOf(c) !== undefined, { error: (i) => `${String(i.input)} is not a sub-category of shared/categories.ts` }),
    /** Reports a minute at full strength, over the whole area (grids drawn by residents). */
    perMinute: z.number().positive().max(600),
    /** Only in these districts (6-digit codes) … */
    districts: z.array(districtCode).min(1).optional(),
    /** … or only in these streets (9-digit codes); neither: the whole city. */
    streets: z
      .array(z.string().regex(/^12\d{7}$/, 'a street code: 9 digits starting 12'))
      .min(1)
      .optional(),
    /** Shares of the urgencies (relative weights). */
    urgency: weights(URGENCIES).default({ ordinary: 1 }),
    /** Shares of the channels the reports come in by (relative weights). */
    sources: weights(SOURCE_CHANNELS).default({ hotline_12345: 1 }),
    /** What the reports say (one drawn at random; REHEARSAL_MARK is put in front). */
    summaries: z.array(z.string().trim().min(1).max(120)).min(1).max(50),
  })
  .refine((s) => !(s.districts && s.streets), 'give districts or streets, not both');

export const scenarioSchema = z.strictObject({
  /** The file's name without .json. */
  name: scenarioNameSchema,
  /** What every wall shows (演练：<title>), in Chinese; short enough to read from the back of the hall. */
  title: z.string().trim().min(1).max(12),
  /** One line for the console's picker. */
  description: z.string().trim().min(1).max(200),
  /** Where the numbers and places come from (for whoever edits the file; not shown). */
  notes: z.string().max(2000).optional(),
  /** The length the console proposes. */
  defaultMinutes: z.number().int().min(REHEARSAL_MINUTES.min).max(REHEARSAL_MINUTES.max),
  /** Minutes over which the scenario builds up at the start and dies down before the end (weather, not a switch). */
  rampMinutes: z.number().min(0).max(240).default(10),
  /** The normal intake is multiplied by this at full strength (a quiet night: 0.4). */
  intakeFactor: z.number().min(0).max(5).default(1),
  streams: z.array(scenarioStreamSchema).max(30).default([]),
});
export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioStream = Scenario['streams'][number];

/** A scenario as the console's picker and `gridwall rehearse --list` show it. */
export interface ScenarioInfo {
  name: string;
  title: string;
  description: string;
  defaultMinutes: number;
}
export const scenarioInfo = (s: Scenario): ScenarioInfo => ({ name: s.name, title: s.title, description: s.description, defaultMinutes: s.defaultMinutes });

/** The rehearsal running now, as every wall screen is told (no presenter's name reaches a screen). */
export interface ActiveRehearsal {
  name: string;
  /** The scenario's title (暴雨内涝). */
  title: string;
  /** Server time it started and ends (epoch ms). */
  startedAt: number;
  until: number;
}

/** The rehearsal as the consoles and the HTTP API see it: who started it, too. */
export interface RehearsalStatus extends ActiveRehearsal {
  by: string;
}

/** What a console is told on connect and at every change: the scenarios to pick from, and the one running. */
export interface RehearsalBoard {
  scenarios: ScenarioInfo[];
  active: RehearsalStatus | null;
}

/** Start or stop: from the console (its socket's `rehearse`) and the HTTP API (POST/DELETE /api/v1/rehearsal). */
export const rehearsalCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('start'),
    scenario: scenarioNameSchema,
    minutes: z.number().int('whole minutes').min(REHEARSAL_MINUTES.min).max(REHEARSAL_MINUTES.max),
  }),
  z.strictObject({ type: z.literal('stop') }),
]);
export type RehearsalCommand = z.infer<typeof rehearsalCommandSchema>;

/**
 * Why a start or stop was refused: invalid_payload (fails the schema), forbidden (not a presenter
 * key, or one bound to some walls), outside_scope (a district's or street's key: a rehearsal is the
 * whole city's), unknown_scenario, rehearsal_running (stop it first), not_rehearsing (nothing to stop).
 */
export type RehearsalRefusalCode = 'invalid_payload' | 'forbidden' | 'outside_scope' | 'unknown_scenario' | 'rehearsal_running' | 'not_rehearsing';
export type RehearsalResult =
  | { ok: true; rehearsal: RehearsalStatus }
  | { ok: false; code: RehearsalRefusalCode | 'error' | 'offline' | 'timeout' | 'rate_limited'; message: string };

/**
 * A screen's or console's estimate of the server's clock may lag it by a moment: the minutes left
 * are counted from this much later, so that a 42-minute rehearsal never reads 剩余 43 分钟.
 */
export const CLOCK_SLACK_MS = 2_000;

/** Whole minutes left (rounded up, at least 0) at server time `now`. */
export function minutesLeft(r: Pick<ActiveRehearsal, 'until'>, now: number): number {
  return Math.max(0, Math.ceil((r.until - now - CLOCK_SLACK_MS) / 60_000));
}

/**
 * What every wall, the consoles and the CLI say while a rehearsal runs, in Chinese whatever the
 * screen's locale (a hall's Chinese audience must not misread it): 演练：暴雨内涝 · 剩余 42 分钟.
 */
export function rehearsalLine(r: Pick<ActiveRehearsal, 'title' | 'until'>, now: number): string {
  const { what, left } = rehearsalParts(r, now);
  return `${what} · ${left}`;
}

/** The line's two halves (演练：暴雨内涝, 剩余 42 分钟), for a badge that stacks them. */
export function rehearsalParts(r: Pick<ActiveRehearsal, 'title' | 'until'>, now: number): { what: string; left: string } {
  const left = minutesLeft(r, now);
  return { what: `演练：${r.title}`, left: left > 0 ? `剩余 ${left} 分钟` : '即将结束' };
}
