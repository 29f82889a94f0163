// Access keys of one installation: generated at first start and kept in the data folder, or
// given by the environment. (Hashed storage, rotation and per-source keys come with the
// security issue; until then the file is readable by its owner only.)
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const secretsSchema = z.object({ ingestKey: z.string().min(16), screenToken: z.string().min(16), presenterToken: z.string().min(16).optional() });
/** The ingest key (sources), the screen token (walls: read-only) and the presenter token (commands a wall). */
export type Secrets = Required<z.infer<typeof secretsSchema>>;

export function loadOrCreateSecrets(dataDir: string, given: Partial<Secrets>): { secrets: Secrets; created: boolean } {
  const file = join(dataDir, 'secrets.json');
  let stored: z.infer<typeof secretsSchema> | undefined;
  if (existsSync(file)) stored = secretsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const secrets: Secrets = {
    ingestKey: given.ingestKey ?? stored?.ingestKey ?? newToken('ik'),
    screenToken: given.screenToken ?? stored?.screenToken ?? newToken('st'),
    presenterToken: given.presenterToken ?? stored?.presenterToken ?? newToken('pt'),
  };
  const created = !stored;
  // a data folder from before presenters existed gets its presenter token added
  if (created || !stored?.presenterToken) writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return { secrets, created };
}

function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}

/** Constant-time comparison, so response timing does not reveal how much of a key matched. */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
