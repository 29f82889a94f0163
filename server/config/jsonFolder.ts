// A folder of JSON configuration files, one object each named by its id (config/walls/<id>.json,
// config/scenarios/<name>.json): read in name order and validated at start. A file that cannot be
// read, parsed or validated, or whose id is not its name, stops the server with the file, the field
// and what is wrong.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';

export function readJsonFolder<T>(opts: {
  dir: string;
  /** The setting that names the folder, for the message (WALLS_DIR). */
  setting: string;
  /** What one file is, for the message ('wall'). */
  what: string;
  schema: z.ZodType<T>;
  /** The id a file must be named after, and the field that holds it ('id', 'name'). */
  idField: string;
  idOf: (value: T) => string;
}): { file: string; value: T; where: string }[] {
  let files: string[];
  try {
    files = readdirSync(opts.dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch (err) {
    throw new Error(`invalid configuration: ${opts.setting} ${opts.dir}: ${(err as Error).message}`);
  }
  return files.map((file) => {
    const where = `invalid configuration: ${opts.what} ${join(opts.dir, file)}`;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(opts.dir, file), 'utf8'));
    } catch (err) {
      throw new Error(`${where}: ${(err as Error).message}`);
    }
    const parsed = opts.schema.safeParse(json);
    if (!parsed.success) throw new Error(`${where}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
    const id = opts.idOf(parsed.data);
    if (`${id}.json` !== file) throw new Error(`${where}: its ${opts.idField} "${id}" must match the file name`);
    return { file, value: parsed.data, where };
  });
}
