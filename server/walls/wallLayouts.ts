// The walls this server knows: every config/walls/<id>.json (WALLS_DIR), validated at start. A bad
// file stops the server with the file, the field and what is wrong, rather than a wall that
// draws half its panels.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { wallSchema, type WallLayout } from '../../shared/wallLayout.ts';

export interface WallLayouts {
  list(): WallLayout[];
  get(id: string): WallLayout | undefined;
}

export function loadWallLayouts(dir: string): WallLayouts {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch (err) {
    throw new Error(`invalid configuration: WALLS_DIR ${dir}: ${(err as Error).message}`);
  }
  if (!files.length) throw new Error(`invalid configuration: WALLS_DIR ${dir} holds no wall (<id>.json)`);
  const walls = new Map<string, WallLayout>();
  for (const file of files) {
    const where = `invalid configuration: wall ${join(dir, file)}`;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (err) {
      throw new Error(`${where}: ${(err as Error).message}`);
    }
    const parsed = wallSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${where}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
    if (`${parsed.data.id}.json` !== file) throw new Error(`${where}: its id "${parsed.data.id}" must match the file name`);
    walls.set(parsed.data.id, parsed.data);
  }
  return { list: () => [...walls.values()], get: (id) => walls.get(id) };
}
