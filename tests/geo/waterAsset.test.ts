// The water under the base map (public/geo/water.geojson, `npm run geo:water` then geo:build): the
// real Bohai coast east of 滨海新区 and the Hai He through the city centre, flagged where it runs
// inside the city, in a file small enough to send to every screen. (That the committed file is
// what geo:build writes is tests/geo/geoDataset.test.ts's byte-for-byte test.)
import { readFileSync, statSync } from 'node:fs';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, FeatureCollection, LineString, MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';

const FILE = 'public/geo/water.geojson';
type Props = { kind: 'sea' } | { kind: 'river'; major: boolean; city: boolean };
const water = JSON.parse(readFileSync(FILE, 'utf8')) as FeatureCollection<MultiPolygon | LineString, Props>;
const sea = water.features.find((f) => f.properties.kind === 'sea') as Feature<MultiPolygon, Props>;
const rivers = water.features.filter((f) => f.properties.kind === 'river') as Feature<LineString, Props & { kind: 'river' }>[];
const districts = JSON.parse(readFileSync('public/geo/districts.geojson', 'utf8')) as FeatureCollection<Polygon | MultiPolygon, { name: string }>;
const inCity = (p: Position) => districts.features.some((d) => booleanPointInPolygon(p, d));

/** Kilometres from a point to a line (equirectangular at the point's latitude: exact enough over a few km). */
function kmToLine(p: Position, line: Position[]): number {
  const kx = 111.32 * Math.cos((p[1]! * Math.PI) / 180);
  const ky = 110.95;
  let best = Infinity;
  for (let i = 0; i + 1 < line.length; i++) {
    const [ax, ay, bx, by] = [line[i]![0]! * kx, line[i]![1]! * ky, line[i + 1]![0]! * kx, line[i + 1]![1]! * ky];
    const [px, py, dx, dy] = [p[0]! * kx, p[1]! * ky, bx - ax, by - ay];
    const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)));
    best = Math.min(best, Math.hypot(px - (ax + t * dx), py - (ay + t * dy)));
  }
  return best;
}

describe('the base map water', () => {
  it('is small enough for every screen to load', () => {
    expect(statSync(FILE).size).toBeLessThan(300 * 1024);
    expect(sea).toBeDefined();
    expect(rivers.length).toBeGreaterThan(20);
  });

  it('has the Bohai east of 滨海新区 and none over the city centre', () => {
    expect(booleanPointInPolygon([117.9, 39.0], sea)).toBe(true); // off the port of Tianjin
    expect(booleanPointInPolygon([118.3, 38.7], sea)).toBe(true); // the open Bohai
    expect(booleanPointInPolygon([117.2, 39.12], sea)).toBe(false); // 和平区
    expect(booleanPointInPolygon([117.55, 39.05], sea)).toBe(false); // 滨海新区 inland, by 东丽区
    // the districts' own label points are all on land
    const wet = districts.features.filter((d) => booleanPointInPolygon((d.properties as unknown as { center: Position }).center, sea));
    expect(wet.map((d) => d.properties.name)).toEqual([]);
  });

  it('has the Hai He through the city centre, a major river inside the city', () => {
    const near = rivers.filter((r) => kmToLine([117.2, 39.12], r.geometry.coordinates) < 1);
    expect(near.length).toBeGreaterThan(0);
    expect(near.some((r) => r.properties.major && r.properties.city)).toBe(true);
  });

  it('flags the pieces inside the city (drawn again over the heat) and only those', () => {
    expect(rivers.some((r) => r.properties.city)).toBe(true);
    expect(rivers.some((r) => !r.properties.city)).toBe(true);
    // a piece shares one vertex either side of the city's edge with its neighbour: its inner vertices are all on its side
    for (const r of rivers) {
      const inner = r.geometry.coordinates.slice(1, -1);
      expect(
        inner.filter((p) => inCity(p) !== r.properties.city),
        `a ${r.properties.city ? 'city' : 'outside'} piece`,
      ).toEqual([]);
    }
  });
});
