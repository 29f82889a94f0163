// `gridwall start` (the default command): the server with its wall, simulator and timers.
import { networkInterfaces } from 'node:os';
import type { Command } from 'commander';
import { loadConfig } from '../config/config.ts';
import { ENV_VARIABLES } from '../auth/accessKeys.ts';
import { storeFailure } from '../store/storeFailure.ts';

export function startCommand(program: Command): void {
  program
    .command('start', { isDefault: true })
    .description('serve the wall (the default command)')
    .option('-p, --port <port>', 'HTTP port (env PORT, default 3000)')
    .option('-d, --data-dir <dir>', 'data folder (env DATA_DIR, default ./data)')
    .option('--no-simulator', 'do not start the built-in simulator (env SIMULATOR=off)')
    .option('--cases-per-min <n>', "simulated cases per minute, a working day's mean (env SIM_CASES_PER_MIN, default 20)")
    .option('--workers <n>', 'simulated grid workers (env SIM_WORKERS, default the whole roster)')
    .option('--speed <x>', 'how much faster than real time new simulated cases move (env SIM_SPEED, default 1)')
    .option('--backfill-days <n>', 'days of history the simulator writes on a first start (env SIM_BACKFILL_DAYS, default 7; 0 none)')
    .action(
      async (opts: { port?: string; dataDir?: string; simulator: boolean; casesPerMin?: string; workers?: string; speed?: string; backfillDays?: string }) => {
        const env = {
          ...process.env,
          ...(opts.port !== undefined && { PORT: opts.port }),
          ...(opts.dataDir !== undefined && { DATA_DIR: opts.dataDir }),
          ...(!opts.simulator && { SIMULATOR: 'off' }),
          ...(opts.casesPerMin !== undefined && { SIM_CASES_PER_MIN: opts.casesPerMin }),
          ...(opts.workers !== undefined && { SIM_WORKERS: opts.workers }),
          ...(opts.speed !== undefined && { SIM_SPEED: opts.speed }),
          ...(opts.backfillDays !== undefined && { SIM_BACKFILL_DAYS: opts.backfillDays }),
        };
        const config = loadConfig(env);
        // loaded here, not at the top: the other commands (import, replay, keys) start without the server
        const { startGridwall } = await import('../app.ts');
        const gridwall = await startGridwall(config);
        const { logger, tokens, url } = gridwall;
        // listening on every interface: show an address the hall's screen computers can reach
        const hostUrl = config.host === '0.0.0.0' ? url.replace('127.0.0.1', lanAddress() ?? 'localhost') : url;
        logger.info(
          { url: hostUrl, port: gridwall.port, node: config.nodeName, ...(config.database ? { schema: config.database.schema } : { dataDir: config.dataDir }) },
          'gridwall listening',
        );
        // a token is shown only when it was made now (a new store: the store keeps hashes); one the
        // environment gave is named by its variable, never printed (start output ends up in logs)
        const fromEnv = { screen: config.screenToken, presenter: config.presenterToken, ingest: config.ingestKey, admin: config.adminToken };
        const token = (role: keyof typeof fromEnv, name: string) => tokens[role] ?? (fromEnv[role] ? `<${ENV_VARIABLES[role]}>` : `<${name}>`);
        process.stdout.write(
          `${[
            '',
            `  Gridwall is serving on ${hostUrl}${hostUrl.includes('localhost') || config.host !== '0.0.0.0' ? '' : ` and http://localhost:${gridwall.port}`}  (data: ${config.database ? `PostgreSQL, schema ${config.database.schema}` : config.dataDir})`,
            `  Wall screen:   ${hostUrl}/wall/demo?screen=1-1&token=${token('screen', 'screen token')}`,
            `  All walls:     ${hostUrl}/?token=${token('screen', 'screen token')}   (every wall layout and its screens' URLs)`,
            `  Presenter:     ${hostUrl}/console/hall-3x2?token=${token('presenter', 'presenter token')}   (drives a wall: scenes, drill-down, spotlight, playback)`,
            `  Ingest key:    ${token('ingest', 'ingest key')}   (POST ${hostUrl}/api/v1/events with "Authorization: Bearer <key>")`,
            `  Admin key:     ${token('admin', 'admin key')}   (the admin page ${hostUrl}/admin?token=<admin key>: keys per source, wall and scope; rotate, revoke; the audit log)`,
            gridwall.keysCreated
              ? '  These keys were made now and are shown only once: the store keeps their hashes. Note them (and keep this output out of shared logs).'
              : Object.values(fromEnv).some(Boolean)
                ? '  Keys named <GRIDWALL_…> come from the environment: held in memory, never stored, never printed.'
                : '  Keys are shown only when made. Lost one? `npm run gridwall -- keys create screen --label <what>` (or keys list / rotate / revoke).',
            `  Health:        ${hostUrl}/healthz    Metrics: ${hostUrl}/metrics`,
            '',
          ].join('\n')}\n`,
        );

        // a background task that fails on a full disk or an absent store is logged and the hall goes on;
        // anything else unhandled is a bug: say so and stop (a supervisor restarts the process)
        process.on('unhandledRejection', (err) => {
          if (storeFailure(err)) return logger.error({ err }, 'store failure in a background task; going on');
          logger.fatal({ err }, 'unhandled rejection: stopping');
          process.exit(1);
        });

        let stopping = false;
        for (const signal of ['SIGINT', 'SIGTERM'] as const) {
          process.on(signal, () => {
            if (stopping) return;
            stopping = true;
            logger.info({ signal }, 'stopping');
            gridwall.stop().then(
              () => process.exit(0),
              (err) => {
                logger.error({ err }, 'stop failed');
                process.exit(1);
              },
            );
          });
        }
      },
    );
}

/** This machine's first non-loopback IPv4 address, if it has one. */
function lanAddress(): string | undefined {
  for (const nets of Object.values(networkInterfaces())) {
    for (const net of nets ?? []) if (net.family === 'IPv4' && !net.internal) return net.address;
  }
  return undefined;
}
