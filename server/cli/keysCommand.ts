// `gridwall keys list|create|rotate|revoke`: manages access keys straight in the store the
// configuration names (DATA_DIR or DATABASE_URL), for the first admin key of an installation made
// with keys from the environment, or when the admin key is lost. A running server reads the keys
// again every few seconds (a revoked key's sockets are closed then); the admin API acts at once.
// Every change is audited as the CLI, with the operating-system user.
import type { Command } from 'commander';
import { createKeySchema, ROLES, type AccessKeyInfo } from '../../shared/access.ts';
import { bindDeviceKey } from '../auth/deviceKeys.ts';
import { SOURCE_CHANNELS } from '../../shared/caseEvent.ts';
import { openAccessKeys, type Principal } from '../auth/accessKeys.ts';
import { loadConfig } from '../config/config.ts';
import { createAudit } from '../auth/audit.ts';
import { loadGeography } from '../geo/geography.ts';
import { loadWallLayouts } from '../walls/wallLayouts.ts';
import { createLogger } from '../observability/logger.ts';
import { cliPrincipal, withStore } from './cliStore.ts';

async function withKeys<T>(
  run: (keys: Awaited<ReturnType<typeof openAccessKeys>>, audit: ReturnType<typeof createAudit>, cli: Principal) => Promise<T>,
): Promise<T> {
  return withStore(async (stores) => {
    const keys = await openAccessKeys(stores.keys, {}, { makeFirstKeys: false });
    return run(keys, createAudit(stores.audit, createLogger('silent')), cliPrincipal());
  });
}

const state = (k: AccessKeyInfo) =>
  k.revokedAt ? `revoked ${k.revokedAt}` : !k.expiresAt ? 'active' : Date.parse(k.expiresAt) <= Date.now() ? `expired ${k.expiresAt}` : `until ${k.expiresAt}`;
const line = (k: AccessKeyInfo) =>
  `${k.id}  ${k.role.padEnd(9)} ${k.hint.padEnd(9)} scope ${k.scope.padEnd(9)} ${k.role === 'ingest' ? `sources ${(k.sources?.join(',') ?? '*').padEnd(12)}` : k.role === 'device' ? `worker ${k.worker ?? ''}` : `walls ${(k.walls?.join(',') ?? '*').padEnd(12)}`} ${state(k)}  ${k.label}`;

export function keysCommand(program: Command): void {
  const keys = program.command('keys').description('list, create, rotate and revoke access keys (in the store the configuration names)');

  keys
    .command('list')
    .description('every key: id, role, hint, scope, walls, state, label')
    .action(() =>
      withKeys(async (k) => {
        process.stdout.write(`${k.list().map(line).join('\n')}\n`);
      }),
    );

  keys
    .command('create')
    .description('make a key; its token is printed once')
    .argument('<role>', ROLES.join(' | '))
    .requiredOption('--label <text>', 'what it is for: a source, a screen, a person')
    .option('--wall <id...>', 'the walls it may open or command (default every wall)')
    .option('--scope <code>', 'the region it sees: the city 1201, a district or a street code', '1201')
    .option('--expires <instant>', 'when it stops working (ISO 8601)')
    .option('--worker <id>', "a device key's grid worker (his phone reports for him only), e.g. W120101001008003")
    .option('--source <channel...>', `an ingest key's channels, its reports' source (${SOURCE_CHANNELS.join(', ')}; default any)`)
    .action((role: string, opts: { label: string; wall?: string[]; scope: string; expires?: string; source?: string[]; worker?: string }) =>
      withKeys(async (k, audit, cli) => {
        const parsed = createKeySchema.safeParse({
          role,
          label: opts.label,
          walls: opts.wall,
          scope: opts.scope,
          expiresAt: opts.expires,
          sources: opts.source,
          worker: opts.worker,
        });
        if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || 'role'}: ${i.message}`).join('; '));
        // the same checks as the admin API: a key bound to a wall or a region that does not exist is refused
        const config = loadConfig(process.env);
        const walls = loadWallLayouts(config.wallsDir);
        const unknownWall = parsed.data.walls?.find((w) => !walls.get(w));
        if (unknownWall)
          throw new Error(
            `--wall: no wall "${unknownWall}" (the walls are ${walls
              .list()
              .map((w) => w.id)
              .join(', ')})`,
          );
        const geography = loadGeography(config.publicDir);
        if (!geography.isScope(parsed.data.scope)) throw new Error(`--scope: ${parsed.data.scope} is not the city, a district or a street of the geography`);
        if (parsed.data.expiresAt && Date.parse(parsed.data.expiresAt) <= Date.now()) throw new Error('--expires: lies in the past');
        const bound = bindDeviceKey(parsed.data, geography.rosterGrid);
        if (!bound.ok) throw new Error(`--${bound.message}`);
        const made = await k.create(bound.key, cli.label);
        await audit.record(cli, 'key.create', made.key.id, true, {
          role: made.key.role,
          label: made.key.label,
          walls: made.key.walls,
          scope: made.key.scope,
          sources: made.key.sources,
          worker: made.key.worker,
        });
        process.stdout.write(`${line(made.key)}\ntoken (shown once): ${made.token}\n`);
      }),
    );

  keys
    .command('rotate')
    .description('a new token for a key; the old one works --grace seconds longer')
    .argument('<id>', 'the key id (keys list)')
    .option('--grace <seconds>', 'how long the old token keeps working', '0')
    .action((id: string, opts: { grace: string }) =>
      withKeys(async (k, audit, cli) => {
        const grace = Number(opts.grace);
        if (!Number.isInteger(grace) || grace < 0) throw new Error('--grace: a whole number of seconds, 0 or more');
        const rotated = await k.rotate(id, grace, cli.label);
        if ('refused' in rotated)
          throw new Error(
            rotated.refused === 'rotated' ? `key ${id} was rotated already: rotate its replacement ${rotated.replacedBy}` : `no usable key ${id} in this store`,
          );
        await audit.record(cli, 'key.rotate', id, true, { replacedBy: rotated.key.id, oldWorksUntil: rotated.previous.expiresAt });
        process.stdout.write(`${line(rotated.key)}\ntoken (shown once): ${rotated.token}\nold key ${id} works until ${rotated.previous.expiresAt}\n`);
      }),
    );

  keys
    .command('revoke')
    .description('stop a key at once (a running server closes its sockets within seconds)')
    .argument('<id>', 'the key id (keys list)')
    .action((id: string) =>
      withKeys(async (k, audit, cli) => {
        const revoked = await k.revoke(id);
        if (!revoked) throw new Error(`no key ${id} in this store`);
        await audit.record(cli, 'key.revoke', id, true, { role: revoked.role, label: revoked.label });
        process.stdout.write(`${line(revoked)}\n`);
      }),
    );
}
