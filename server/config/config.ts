// Configuration: read once at start from the environment (and CLI flags), with defaults that run
// the embedded demo. Everything else receives a typed Config.
import { readdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { yearScheduleSchema, type YearScheduleFile } from '../../shared/calendarYear.ts';
import { calendarOf, type WorkCalendar } from '../../shared/workCalendar.ts';
import { slaConfigSchema, slaPolicy, type SlaPolicy } from '../../shared/slaRules.ts';
import { type CityProfileFile, loadCityProfile } from './cityProfile.ts';
import type { DepartmentsFile } from '../../shared/departments.ts';
import { loadDepartmentsFile } from './departmentsFile.ts';
import { loadWebhookConfig, type WebhookEndpoint } from './webhooksFile.ts';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GRIDWALL_INGEST_KEY: z.string().min(16).optional(),
  GRIDWALL_SCREEN_TOKEN: z.string().min(16).optional(),
  GRIDWALL_PRESENTER_TOKEN: z.string().min(16).optional(),
  GRIDWALL_ADMIN_TOKEN: z.string().min(16).optional(),
  /** Ingest requests a second per key (0: no limit). */
  RATE_LIMIT_INGEST: z.coerce.number().int().min(0).default(200),
  /** Read requests a second per key and address (0: no limit). */
  RATE_LIMIT_READ: z.coerce.number().int().min(0).default(50),
  /** Admin requests a second per key (0: no limit). */
  RATE_LIMIT_ADMIN: z.coerce.number().int().min(0).default(10),
  /** Refused tokens a minute per address before its requests get 429 (0: no limit). */
  RATE_LIMIT_AUTH_FAILURES: z.coerce.number().int().min(0).default(30),
  /** Messages a second per socket (0: no limit). */
  RATE_LIMIT_SOCKET: z.coerce.number().int().min(0).default(20),
  /** Other sites whose pages may call the API and open sockets (comma-separated origins; none by default). */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .refine(
      (list) =>
        list
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean)
          .every((o) => o === '*' || (URL.canParse(o) && new URL(o).origin === o)),
      'comma-separated origins like http://desk.hall.local:8080 (scheme, host and port; no path)',
    ),
  /** Behind a reverse proxy: Express's "trust proxy" (e.g. loopback, or a hop count), so rate limits and the audit see the client's address. */
  TRUST_PROXY: z.string().optional(),
  SIMULATOR: z.enum(['on', 'off']).default('on'),
  /** A working day's mean intake; 20 makes ~27,300 reports a working day, 9.2 million a year (config/simulation.json). */
  SIM_CASES_PER_MIN: z.coerce.number().min(0).max(100_000).default(20),
  /** Simulated grid workers; default one per grid. */
  SIM_WORKERS: z.coerce.number().int().min(0).max(100_000).optional(),
  /** How much faster than real time the simulated lifecycle runs (delays are divided by it). */
  SIM_SPEED: z.coerce.number().min(0.01).max(10_000).default(1),
  /** On a first start (an empty log), the simulator writes this many days of history before today (0: none). */
  SIM_BACKFILL_DAYS: z.coerce.number().int().min(0).max(14).default(7),
  /** The simulated city's proportions (JSON, server/simulator/cityProfile.ts). */
  SIM_PROFILE: z.string().default('config/simulation.json'),
  /** An internal tile server's maplibre style, instead of the built-in offline base map. */
  MAP_STYLE_URL: z.url().optional(),
  /** Time-limit rules and the work calendar (JSON, shared/slaRules.ts). */
  SLA_CONFIG: z.string().default('config/sla.json'),
  /** The department registry and the duty list (JSON, shared/departments.ts). */
  DEPARTMENTS_CONFIG: z.string().default('config/departments.json'),
  /** The official holiday schedules, one `<year>.json` per year (shared/calendarYear.ts). */
  CALENDAR_DIR: z.string().default('config/calendar'),
  /** PostgreSQL instead of the embedded store, e.g. postgres://user@127.0.0.1:5432/gridwall */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
    .optional(),
  /** The PostgreSQL schema to use (several instances can share one database). */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case SQL identifier')
    .default('public'),
  /** Scale-out: Redis for the bus between nodes and Socket.IO's adapter, e.g. redis://127.0.0.1:6379 (needs DATABASE_URL). */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'a redis:// URL')
    .optional(),
  /** Prefix of this cluster's Redis keys (several clusters can share one Redis). */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - (at most 64)')
    .default('gridwall'),
  /** Committed-event stream entries Redis keeps (approximately); a node further behind reads PostgreSQL. */
  REDIS_STREAM_MAXLEN: z.coerce.number().int().min(100).max(100_000_000).default(100_000),
  /** This node's name among the others (logs, /healthz); default host name and process id. */
  NODE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - (at most 64)')
    .optional(),
  /** A worker's phone (the device API) is shown offline after this many seconds without a heartbeat or a fix. */
  DEVICE_OFFLINE_AFTER_S: z.coerce.number().int().min(10).max(3600).default(90),
  /** The case watch acts on a case (overdue mark, default close) once it has been due for this long. */
  CASE_WATCH_QUIET_S: z.coerce.number().int().min(0).max(3600).default(60),
  /** Sampled worker positions are kept this many days. */
  TRACK_RETENTION_DAYS: z.coerce.number().min(1).max(3650).default(30),
  /** Seconds an ended playback holds its last moment before the server takes the wall back to live (0: until a presenter does); a layout's liveAfterPlaybackS overrides it. */
  LIVE_AFTER_PLAYBACK_S: z.coerce.number().int().min(0).max(3600).default(15),
  /** Folder of wall layouts (<id>.json, shared/wallLayout.ts). */
  WALLS_DIR: z.string().default('config/walls'),
  /** Folder of rehearsal scenarios (<name>.json, shared/rehearsal.ts), started from the console or `gridwall rehearse`. */
  SCENARIOS_DIR: z.string().default('config/scenarios'),
  /** Webhook endpoints told of overdue and escalated cases (JSON, server/webhooks/webhookConfig.ts); none without it. */
  WEBHOOKS_CONFIG: z.string().optional(),
});

export interface SimulatorConfig {
  enabled: boolean;
  casesPerMin: number;
  /** undefined: one per grid */
  workers?: number;
  speed: number;
  /** Whole days of history written before today on a first start (0: none). */
  backfillDays: number;
  /** The simulated city's proportions. */
  profile: CityProfileFile;
}

export interface RateLimitConfig {
  /** Ingest requests per second per key. */
  ingestPerSec: number;
  /** Read requests per second per key and address. */
  readPerSec: number;
  /** Admin requests per second per key. */
  adminPerSec: number;
  /** Refused tokens per minute per address, before its requests get 429. */
  authFailuresPerMin: number;
  /** Messages per second per socket (clock, commands). */
  socketMessagesPerSec: number;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  ingestKey?: string;
  screenToken?: string;
  presenterToken?: string;
  adminToken?: string;
  rateLimits: RateLimitConfig;
  /** Origins besides the server's own allowed to call the API (CORS) and open sockets. */
  allowedOrigins: string[];
  /** Express's "trust proxy" setting, when behind a reverse proxy. */
  trustProxy?: string;
  simulator: SimulatorConfig;
  /** A maplibre style URL replacing the built-in offline base map. */
  mapStyleUrl?: string;
  sla: SlaPolicy;
  /** The department registry's templates and the duty list (DEPARTMENTS_CONFIG), checked; applied to the geography at start. */
  departments: DepartmentsFile;
  /** The official holiday schedules of the calendar folder, by year (more may be loaded into the store). */
  calendarFiles: ReadonlyMap<number, YearScheduleFile>;
  /** undefined: the embedded store in dataDir. */
  database?: { url: string; schema: string };
  /** undefined: one process (the in-process bus). */
  redis?: { url: string; prefix: string; streamMaxLen: number };
  /** This node's name (logs, /healthz, the bus). */
  nodeName: string;
  trackRetentionDays: number;
  /** Ms without a heartbeat or fix after which a worker's phone counts as offline. */
  deviceOfflineAfterMs: number;
  caseWatchQuietMs: number;
  /** Seconds an ended playback holds before the wall goes back to live, where a layout does not say (0: never by itself). */
  liveAfterPlaybackS: number;
  /** Folder of wall layouts, validated at start. */
  wallsDir: string;
  /** Folder of rehearsal scenarios, validated at start. */
  scenariosDir: string;
  /** Webhook endpoints (WEBHOOKS_CONFIG), their secrets resolved; empty: none. */
  webhooks: WebhookEndpoint[];
  /** Folder of the built wall (vite build output). */
  clientDir: string;
  /** Folder of static geography served at /geo and read by the server. */
  publicDir: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  // every node must fold the same log: Redis only joins nodes that share one PostgreSQL
  if (e.REDIS_URL && !e.DATABASE_URL)
    throw new Error(
      "invalid configuration: REDIS_URL: scale-out needs DATABASE_URL too (the nodes share one PostgreSQL log; the embedded store is one node's own)",
    );
  const calendarFiles = loadCalendarFiles(e.CALENDAR_DIR);
  const departments = loadDepartmentsFile(e.DEPARTMENTS_CONFIG);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    ingestKey: e.GRIDWALL_INGEST_KEY,
    screenToken: e.GRIDWALL_SCREEN_TOKEN,
    presenterToken: e.GRIDWALL_PRESENTER_TOKEN,
    adminToken: e.GRIDWALL_ADMIN_TOKEN,
    rateLimits: {
      ingestPerSec: e.RATE_LIMIT_INGEST,
      readPerSec: e.RATE_LIMIT_READ,
      adminPerSec: e.RATE_LIMIT_ADMIN,
      authFailuresPerMin: e.RATE_LIMIT_AUTH_FAILURES,
      socketMessagesPerSec: e.RATE_LIMIT_SOCKET,
    },
    allowedOrigins: e.ALLOWED_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    trustProxy: e.TRUST_PROXY,
    simulator: {
      enabled: e.SIMULATOR === 'on',
      casesPerMin: e.SIM_CASES_PER_MIN,
      workers: e.SIM_WORKERS,
      speed: e.SIM_SPEED,
      backfillDays: e.SIM_BACKFILL_DAYS,
      profile: loadCityProfile(e.SIM_PROFILE, new Set(Object.keys(departments.kinds))),
    },
    mapStyleUrl: e.MAP_STYLE_URL,
    calendarFiles,
    sla: loadSla(e.SLA_CONFIG, calendarOf(calendarFiles)),
    departments,
    database: e.DATABASE_URL ? { url: e.DATABASE_URL, schema: e.DATABASE_SCHEMA } : undefined,
    redis: e.REDIS_URL ? { url: e.REDIS_URL, prefix: e.REDIS_PREFIX, streamMaxLen: e.REDIS_STREAM_MAXLEN } : undefined,
    nodeName: e.NODE_NAME ?? `${hostname()}-${process.pid}`,
    trackRetentionDays: e.TRACK_RETENTION_DAYS,
    deviceOfflineAfterMs: e.DEVICE_OFFLINE_AFTER_S * 1000,
    caseWatchQuietMs: e.CASE_WATCH_QUIET_S * 1000,
    liveAfterPlaybackS: e.LIVE_AFTER_PLAYBACK_S,
    wallsDir: resolve(e.WALLS_DIR),
    scenariosDir: resolve(e.SCENARIOS_DIR),
    webhooks: e.WEBHOOKS_CONFIG ? loadWebhookConfig(e.WEBHOOKS_CONFIG, env) : [],
    clientDir: resolve('dist/client'),
    publicDir: resolve('public'),
    ...overrides,
  };
}

/** Every `<year>.json` of the calendar folder, validated; a bad one stops the server with the reason. */
export function loadCalendarFiles(dir: string): Map<number, YearScheduleFile> {
  const years = new Map<number, YearScheduleFile>();
  let names: string[];
  try {
    names = readdirSync(resolve(dir)).filter((n) => n.endsWith('.json'));
  } catch (err) {
    throw new Error(`invalid configuration: CALENDAR_DIR ${dir}: ${(err as Error).message}`);
  }
  for (const name of names) {
    const schedule = readCalendarFile(join(dir, name));
    if (name !== `${schedule.year}.json`)
      throw new Error(`invalid configuration: CALENDAR_DIR ${dir}: ${name} holds the schedule of ${schedule.year}; name it ${schedule.year}.json`);
    years.set(schedule.year, schedule);
  }
  return years;
}

/** One year's schedule file, validated (the CLI loads one too). */
export function readCalendarFile(file: string): YearScheduleFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resolve(file), 'utf8'));
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
  const parsed = yearScheduleSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export function loadSla(file: string, calendar: WorkCalendar): SlaPolicy {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resolve(file), 'utf8'));
  } catch (err) {
    throw new Error(`invalid configuration: SLA_CONFIG ${file}: ${(err as Error).message}`);
  }
  const parsed = slaConfigSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(`invalid configuration: SLA_CONFIG ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  try {
    return slaPolicy(parsed.data, calendar);
  } catch (err) {
    throw new Error(`invalid configuration: SLA_CONFIG ${file}: ${(err as Error).message}`);
  }
}
