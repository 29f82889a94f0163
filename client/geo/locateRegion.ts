// Which regions a point lies in (city > district > street > community > grid), asked of the
// server's grid index (GET /api/v1/locate): drill-down on a click.
export interface RegionPathStep {
  code: string;
  name: string;
  level: string;
}

export async function locateRegions(lon: number, lat: number, token: string): Promise<RegionPathStep[] | null> {
  const res = await fetch(`/api/v1/locate?lon=${lon}&lat=${lat}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status === 404) return null; // outside the city
  if (!res.ok) throw new Error(`/api/v1/locate: HTTP ${res.status}`);
  const body = (await res.json()) as { path: RegionPathStep[] };
  return body.path;
}

/** The region one level below `focus` on the way to the clicked point, or null at the bottom. */
export function nextLevelDown(path: RegionPathStep[], focus: string): string | null {
  const i = path.findIndex((step) => step.code === focus);
  return path[i + 1]?.code ?? null;
}
