// A device key is one grid worker's phone: the worker must be in the hall's roster, and the key sees
// his street (where he patrols and may report a case next to his own grid) unless a narrower region
// holding his grid is asked for. The admin API and the CLI both make device keys through this.
import type { CreateKey } from '../../shared/access.ts';
import { CITY_CODE } from '../../shared/regions.ts';

/** A street code is the first 9 digits of a grid code. */
const STREET_DIGITS = 9;

export type DeviceBinding = { ok: true; key: CreateKey } | { ok: false; code: 'unknown_worker' | 'outside_scope'; message: string };

export function bindDeviceKey(key: CreateKey, workerGrid: (id: string) => string | undefined): DeviceBinding {
  if (key.role !== 'device' || !key.worker) return { ok: true, key };
  const grid = workerGrid(key.worker);
  if (!grid) return { ok: false, code: 'unknown_worker', message: `worker: no worker ${key.worker} in this hall's roster` };
  if (key.scope === CITY_CODE) return { ok: true, key: { ...key, scope: grid.slice(0, STREET_DIGITS) } };
  if (!grid.startsWith(key.scope)) return { ok: false, code: 'outside_scope', message: `scope: worker ${key.worker}'s grid ${grid} is outside ${key.scope}` };
  return { ok: true, key };
}
