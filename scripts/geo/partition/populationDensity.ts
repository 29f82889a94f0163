// A smooth, made-up but plausible population density over Tianjin (relative units): the old city
// (the six central districts) densest, the Binhai core next, then the district seats, with a thin
// rural floor. It only decides where streets, communities and grids are small (dense) or large
// (sparse), and where the simulator's cases fall; no published figure is claimed.
type Core = { lon: number; lat: number; sigma: number; weight: number };

const CORES: Core[] = [
  { lon: 117.2, lat: 39.125, sigma: 0.06, weight: 1 }, // 市内六区
  { lon: 117.69, lat: 39.02, sigma: 0.045, weight: 0.55 }, // 滨海新区 Tanggu core
  { lon: 117.8, lat: 39.24, sigma: 0.03, weight: 0.2 }, // Hangu
  { lon: 117.48, lat: 38.84, sigma: 0.03, weight: 0.2 }, // Dagang
];
const SEAT_SIGMA = 0.03;
const SEAT_WEIGHT = 0.3;
const FLOOR = 0.02;
const LON_SCALE = Math.cos((39.1 * Math.PI) / 180); // degrees of longitude are shorter at this latitude

export function densityField(seats: readonly [number, number][]): (lon: number, lat: number) => number {
  const cores = [...CORES, ...seats.map(([lon, lat]) => ({ lon, lat, sigma: SEAT_SIGMA, weight: SEAT_WEIGHT }))];
  return (lon, lat) => {
    let d = FLOOR;
    for (const c of cores) {
      const dx = (lon - c.lon) * LON_SCALE;
      const dy = lat - c.lat;
      d += c.weight * Math.exp(-(dx * dx + dy * dy) / (2 * c.sigma * c.sigma));
    }
    return d;
  };
}
