// Configuration: read once at start from the environment (and CLI flags), with defaults that run
// the embedded demo. Everything else receives a typed Config.
import { z } from 'zod';
import { resolve } from 'node:path';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GRIDWALL_INGEST_KEY: z.string().min(16).optional(),
  GRIDWALL_SCREEN_TOKEN: z.string().min(16).optional(),
  SIMULATOR: z.enum(['on', 'off']).default('on'),
  SIM_CASES_PER_MIN: z.coerce.number().min(0).max(100_000).default(30),
  /** Simulated grid workers; default one per grid. */
  SIM_WORKERS: z.coerce.number().int().min(0).max(100_000).optional(),
  /** How much faster than real time the simulated lifecycle runs (delays are divided by it). */
  SIM_SPEED: z.coerce.number().min(0.01).max(10_000).default(60),
  /** An internal tile server's maplibre style, instead of the built-in offline base map. */
  MAP_STYLE_URL: z.url().optional(),
});

export interface SimulatorConfig {
  enabled: boolean;
  casesPerMin: number;
  /** undefined: one per grid */
  workers?: number;
  speed: number;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  ingestKey?: string;
  screenToken?: string;
  simulator: SimulatorConfig;
  /** A maplibre style URL replacing the built-in offline base map. */
  mapStyleUrl?: string;
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
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    ingestKey: e.GRIDWALL_INGEST_KEY,
    screenToken: e.GRIDWALL_SCREEN_TOKEN,
    simulator: { enabled: e.SIMULATOR === 'on', casesPerMin: e.SIM_CASES_PER_MIN, workers: e.SIM_WORKERS, speed: e.SIM_SPEED },
    mapStyleUrl: e.MAP_STYLE_URL,
    clientDir: resolve('dist/client'),
    publicDir: resolve('public'),
    ...overrides,
  };
}
