// The wall's layout, from the server (config/walls/<id>.json, validated there and here).
import { wallSchema, type WallLayout } from '../../shared/wallLayout.ts';

export async function loadWallLayout(wall: string, token: string): Promise<WallLayout> {
  const res = await fetch(`/api/v1/walls/${encodeURIComponent(wall)}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    // a refusal keeps its code in front, as the socket's refusals do (accessRefusal.ts words it)
    const code = body?.error?.code;
    throw new Error(body?.error?.message ? `${code && [401, 403, 429].includes(res.status) ? `${code}: ` : ''}${body.error.message}` : `wall ${wall}: HTTP ${res.status}`);
  }
  return wallSchema.parse(await res.json());
}
