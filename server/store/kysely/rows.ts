// What every Kysely store shares: batches cut into multi-row statements, and instants clamped to
// what a bigint column and a JavaScript number both hold.
export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** An open range (±Infinity) becomes the widest instant JavaScript can hold. */
export const clampInstant = (t: number) => Math.max(-8.64e15, Math.min(8.64e15, t));
