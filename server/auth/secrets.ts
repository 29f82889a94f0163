// The plain-text keys file of data folders made before keys were stored hashed (secrets.json): read
// once, its tokens stored hashed as access keys (they keep working), then the file is deleted.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { StartTokens } from './accessKeys.ts';

const legacySchema = z.object({ ingestKey: z.string().min(16), screenToken: z.string().min(16), presenterToken: z.string().min(16).optional() });

/** The old file's tokens by role, or undefined when there is no such file. */
export function readLegacySecrets(dataDir: string): StartTokens | undefined {
  const file = join(dataDir, 'secrets.json');
  if (!existsSync(file)) return undefined;
  const old = legacySchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return { ingest: old.ingestKey, screen: old.screenToken, presenter: old.presenterToken };
}

/** Deletes the plain-text file once its tokens are stored hashed. */
export function removeLegacySecrets(dataDir: string): void {
  rmSync(join(dataDir, 'secrets.json'), { force: true });
}
