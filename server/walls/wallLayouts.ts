// The walls this server knows: every config/walls/<id>.json (WALLS_DIR), validated at start. A bad
// file stops the server with the file, the field and what is wrong, rather than a wall that
// draws half its panels.
import { wallSchema, type WallLayout } from '../../shared/wallLayout.ts';
import { readJsonFolder } from '../config/jsonFolder.ts';

export interface WallLayouts {
  list(): WallLayout[];
  get(id: string): WallLayout | undefined;
}

export function loadWallLayouts(dir: string): WallLayouts {
  const files = readJsonFolder({ dir, setting: 'WALLS_DIR', what: 'wall', schema: wallSchema, idField: 'id', idOf: (w) => w.id });
  if (!files.length) throw new Error(`invalid configuration: WALLS_DIR ${dir} holds no wall (<id>.json)`);
  const walls = new Map(files.map(({ value }) => [value.id, value]));
  return { list: () => [...walls.values()], get: (id) => walls.get(id) };
}
