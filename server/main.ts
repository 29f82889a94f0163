// CLI entry: `npm start` runs this after building the wall.
import { Command } from 'commander';
import { loadConfig } from './config.ts';
import { startGridwall } from './app.ts';

const program = new Command('gridwall')
  .description('Gridwall: the real-time wall of a grid-governance command hall')
  .option('-p, --port <port>', 'HTTP port (env PORT, default 3000)')
  .option('-d, --data-dir <dir>', 'data folder (env DATA_DIR, default ./data)')
  .option('--no-simulator', 'do not start the built-in simulator (env SIMULATOR=off)')
  .option('--cases-per-min <n>', 'simulated cases per minute at the daily mean (env SIM_CASES_PER_MIN, default 30)')
  .option('--workers <n>', 'simulated grid workers (env SIM_WORKERS, default one per grid)')
  .option('--speed <x>', 'how much faster than real time simulated cases move (env SIM_SPEED, default 60)')
  .parse();

const opts = program.opts<{ port?: string; dataDir?: string; simulator: boolean; casesPerMin?: string; workers?: string; speed?: string }>();
const env = {
  ...process.env,
  ...(opts.port !== undefined && { PORT: opts.port }),
  ...(opts.dataDir !== undefined && { DATA_DIR: opts.dataDir }),
  ...(!opts.simulator && { SIMULATOR: 'off' }),
  ...(opts.casesPerMin !== undefined && { SIM_CASES_PER_MIN: opts.casesPerMin }),
  ...(opts.workers !== undefined && { SIM_WORKERS: opts.workers }),
  ...(opts.speed !== undefined && { SIM_SPEED: opts.speed }),
};

const config = loadConfig(env);
const gridwall = await startGridwall(config);
const { logger, secrets, url } = gridwall;
const hostUrl = config.host === '0.0.0.0' ? url.replace('127.0.0.1', 'localhost') : url;
logger.info({ url: hostUrl, port: gridwall.port, dataDir: config.dataDir }, 'gridwall listening');
process.stdout.write([
  '',
  `  Gridwall is serving on ${hostUrl}  (data: ${config.dataDir}${gridwall.secretsCreated ? ', new keys generated' : ''})`,
  `  Wall screen:   ${hostUrl}/wall/demo?screen=1-1&token=${secrets.screenToken}`,
  `  Ingest key:    ${secrets.ingestKey}   (POST ${hostUrl}/api/v1/events with "Authorization: Bearer <key>")`,
  `  Health:        ${hostUrl}/healthz    Metrics: ${hostUrl}/metrics`,
  '',
].join('\n') + '\n');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    gridwall.stop().then(() => process.exit(0), (err) => {
      logger.error({ err }, 'stop failed');
      process.exit(1);
    });
  });
}
