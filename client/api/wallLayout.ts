// The wall's layout, from the server (config/walls/<id>.json, validated there and here).
import type { RefusalBody } from '../../shared/refusal.ts';
import { wallSchema, type WallLayout } from '../../shared/wallLayout.ts';

/** Why the layout could not be had: the server's refusal when it gave one (a key refused, say). */
export class LayoutError extends Error {
  constructor(
    message: string,
    readonly refusal: RefusalBody | null,
  ) {
    super(message);
  }
}

export async function loadWallLayout(wall: string, token: string): Promise<WallLayout> {
  const res = await fetch(`/api/v1/walls/${encodeURIComponent(wall)}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    const { code, message } = body?.error ?? {};
    throw new LayoutError(message ? `${code ? `${code}: ` : ''}${message}` : `wall ${wall}: HTTP ${res.status}`, code && message ? { code, message } : null);
  }
  return wallSchema.parse(await res.json());
}
