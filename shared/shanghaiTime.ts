// Days and clock times in Asia/Shanghai (UTC+8, no daylight saving), never the host's zone.
const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' of the Shanghai calendar day that contains the instant. */
export function shanghaiDay(epochMs: number): string {
  return new Date(epochMs + OFFSET_MS).toISOString().slice(0, 10);
}

/** Epoch ms of the Shanghai midnight that starts the day containing the instant. */
export function shanghaiDayStart(epochMs: number): number {
  return Math.floor((epochMs + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS;
}

/** Hour of day 0..23 in Shanghai. */
export function shanghaiHour(epochMs: number): number {
  return new Date(epochMs + OFFSET_MS).getUTCHours();
}

/** 'HH:MM:SS' in Shanghai. */
export function shanghaiClock(epochMs: number): string {
  return new Date(epochMs + OFFSET_MS).toISOString().slice(11, 19);
}
