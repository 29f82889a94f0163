// The binary layout of the basic grids' polygons (public/geo/grids.bin): about 15,000 grids load
// as four typed arrays, with no JSON parse, and feed deck.gl's binary attributes and the server's
// spatial index directly. A grid is one or more simple polygons without holes (a grid cut by a
// concave community boundary can fall in two parts); rings are stored open.
//
//   bytes 0-3    'GWG1'
//   u32 x 4      gridCount, polygonCount, vertexCount, scale (coordinates are integers / scale)
//   u32 x P      polygonGrid: the grid index of each polygon
//   u32 x P+1    polygonStart: index of each polygon's first vertex; the last entry = vertexCount
//   i32 x 2V     lon, lat of each vertex, times scale
const MAGIC = 'GWG1';
const HEADER_BYTES = 20;
export const GRID_COORD_SCALE = 100_000; // 1e-5 degree, about 1 m

export interface GridGeometry {
  gridCount: number;
  polygonGrid: Uint32Array;
  polygonStart: Uint32Array;
  /** lon, lat of every vertex, in degrees. */
  positions: Float64Array;
}

export function encodeGridGeometry(grids: readonly (readonly [number, number][][])[]): Uint8Array {
  const polygons = grids.flatMap((parts, grid) => parts.map((ring) => ({ grid, ring })));
  const vertexCount = polygons.reduce((n, p) => n + p.ring.length, 0);
  const buffer = new ArrayBuffer(HEADER_BYTES + 4 * polygons.length + 4 * (polygons.length + 1) + 8 * vertexCount);
  const bytes = new Uint8Array(buffer);
  for (let i = 0; i < 4; i++) bytes[i] = MAGIC.charCodeAt(i);
  new Uint32Array(buffer, 4, 4).set([grids.length, polygons.length, vertexCount, GRID_COORD_SCALE]);
  const polygonGrid = new Uint32Array(buffer, HEADER_BYTES, polygons.length);
  const polygonStart = new Uint32Array(buffer, HEADER_BYTES + 4 * polygons.length, polygons.length + 1);
  const coords = new Int32Array(buffer, HEADER_BYTES + 8 * polygons.length + 4, 2 * vertexCount);
  let v = 0;
  polygons.forEach(({ grid, ring }, p) => {
    polygonGrid[p] = grid;
    polygonStart[p] = v;
    for (const [lon, lat] of ring) {
      coords[2 * v] = Math.round(lon * GRID_COORD_SCALE);
      coords[2 * v + 1] = Math.round(lat * GRID_COORD_SCALE);
      v += 1;
    }
  });
  polygonStart[polygons.length] = v;
  return bytes;
}

export function decodeGridGeometry(buffer: ArrayBuffer): GridGeometry {
  const magic = String.fromCharCode(...new Uint8Array(buffer, 0, 4));
  if (magic !== MAGIC) throw new Error(`not a grid geometry file (magic ${JSON.stringify(magic)}, expected ${MAGIC})`);
  const [gridCount, polygonCount, vertexCount, scale] = new Uint32Array(buffer, 4, 4) as unknown as [number, number, number, number];
  const expected = HEADER_BYTES + 8 * polygonCount + 4 + 8 * vertexCount;
  if (buffer.byteLength !== expected) throw new Error(`grid geometry file is ${buffer.byteLength} bytes, its header says ${expected}`);
  const coords = new Int32Array(buffer, HEADER_BYTES + 8 * polygonCount + 4, 2 * vertexCount);
  const positions = new Float64Array(coords.length);
  for (let i = 0; i < coords.length; i++) positions[i] = coords[i]! / scale;
  return {
    gridCount,
    polygonGrid: new Uint32Array(buffer, HEADER_BYTES, polygonCount),
    polygonStart: new Uint32Array(buffer, HEADER_BYTES + 4 * polygonCount, polygonCount + 1),
    positions,
  };
}
