// Binary frame of worker positions: a 12-byte header, then for each worker that moved its
// wire index (uint32) and lon/lat (float32; ~1 m at Tianjin's longitudes). Little-endian.
//   header: magic 'GWP1' (uint32) | tick (uint32) | count (uint32)
const MAGIC = 0x31505747; // 'GWP1' read as little-endian uint32
const HEADER_BYTES = 12;
const ENTRY_BYTES = 12;

export interface PositionEntries {
  tick: number;
  indices: Uint32Array;
  /** lon, lat interleaved */
  coords: Float32Array;
}

export function encodePositionFrame(tick: number, indices: ArrayLike<number>, coords: ArrayLike<number>): ArrayBuffer {
  const count = indices.length;
  const buffer = new ArrayBuffer(HEADER_BYTES + count * ENTRY_BYTES);
  const view = new DataView(buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, tick >>> 0, true);
  view.setUint32(8, count, true);
  for (let i = 0; i < count; i++) {
    const o = HEADER_BYTES + i * ENTRY_BYTES;
    view.setUint32(o, indices[i]!, true);
    view.setFloat32(o + 4, coords[2 * i]!, true);
    view.setFloat32(o + 8, coords[2 * i + 1]!, true);
  }
  return buffer;
}

export function decodePositionFrame(frame: ArrayBuffer | ArrayBufferView): PositionEntries {
  const view = ArrayBuffer.isView(frame) ? new DataView(frame.buffer, frame.byteOffset, frame.byteLength) : new DataView(frame);
  if (view.byteLength < HEADER_BYTES || view.getUint32(0, true) !== MAGIC) throw new Error('not a position frame');
  const tick = view.getUint32(4, true);
  const count = view.getUint32(8, true);
  if (view.byteLength !== HEADER_BYTES + count * ENTRY_BYTES) throw new Error(`position frame of ${view.byteLength} bytes cannot hold ${count} entries`);
  const indices = new Uint32Array(count);
  const coords = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    const o = HEADER_BYTES + i * ENTRY_BYTES;
    indices[i] = view.getUint32(o, true);
    coords[2 * i] = view.getFloat32(o + 4, true);
    coords[2 * i + 1] = view.getFloat32(o + 8, true);
  }
  return { tick, indices, coords };
}
