// What the server tells every screen before it draws: settings an operator chose (config.json).
export interface WallConfig {
  /** An internal tile server's style, replacing the built-in offline base map; null for the built-in one. */
  mapStyleUrl: string | null;
}

export async function loadWallConfig(): Promise<WallConfig> {
  const res = await fetch('/config.json');
  if (!res.ok) throw new Error(`/config.json: HTTP ${res.status}`);
  return (await res.json()) as WallConfig;
}
