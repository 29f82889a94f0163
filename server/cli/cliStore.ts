// The store the configuration names (DATA_DIR or DATABASE_URL), opened by a command that works on it
// directly rather than through a running server, with who is acting: the operating-system user.
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Principal } from '../auth/accessKeys.ts';
import { loadConfig, type Config } from '../config/config.ts';
import { openStores } from '../store/openStores.ts';
import type { Stores } from '../store/stores.ts';

/** The command line as an admin principal, for the audit log. */
export const cliPrincipal = (): Principal => ({
  keyId: 'cli',
  role: 'admin',
  label: `command line (${userInfo().username})`,
  walls: null,
  scope: '1201',
  sources: null,
  worker: null,
  internal: true,
});

export async function withStore<T>(run: (stores: Stores, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env);
  if (!config.database && !existsSync(join(config.dataDir, 'gridwall.sqlite')))
    throw new Error(`no store at ${join(config.dataDir, 'gridwall.sqlite')}: set DATA_DIR (or DATABASE_URL) to the server's data folder (or database)`);
  const stores = await openStores(config);
  try {
    return await run(stores, config);
  } finally {
    await stores.close();
  }
}
