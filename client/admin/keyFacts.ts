// Pure facts about keys for the admin page: a key's state at an instant, the table's filters,
// Beijing-time formatting (whatever the browser's zone), the expiry field's value as an ISO time, and
// the ready URLs a new screen or presenter token opens.
import type { AccessKeyInfo, Role } from '../../shared/access.ts';
import { CITY_CODE } from '../../shared/regions.ts';
import type { KeyStateFilter } from './adminMessages.ts';
import type { WallSummary } from './adminApi.ts';

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export type KeyState = { kind: 'active' } | { kind: 'expires'; at: number } | { kind: 'expired'; at: number } | { kind: 'revoked'; at: number };

export function keyState(key: AccessKeyInfo, now: number): KeyState {
  if (key.revokedAt !== null) return { kind: 'revoked', at: Date.parse(key.revokedAt) };
  if (key.expiresAt !== null) {
    const end = Date.parse(key.expiresAt);
    return end <= now ? { kind: 'expired', at: end } : { kind: 'expires', at: end };
  }
  return { kind: 'active' };
}

/** Whether a key still works (rotate and revoke apply to a key made by this server that still works). */
export const isUsable = (state: KeyState): boolean => state.kind === 'active' || state.kind === 'expires';

export function matchesFilter(key: AccessKeyInfo, now: number, role: Role | 'all', state: KeyStateFilter): boolean {
  if (role !== 'all' && key.role !== role) return false;
  const s = keyState(key, now).kind;
  if (state === 'active') return s === 'active' || s === 'expires';
  if (state === 'expired') return s === 'expired';
  if (state === 'revoked') return s === 'revoked';
  return true;
}

/** Working keys first, then by role, then the newest first. */
export function sortKeys(keys: AccessKeyInfo[], now: number, roles: readonly Role[]): AccessKeyInfo[] {
  const rank = (k: AccessKeyInfo) => (isUsable(keyState(k, now)) ? 0 : 1);
  return [...keys].sort((a, b) => rank(a) - rank(b) || roles.indexOf(a.role) - roles.indexOf(b.role) || b.createdAt.localeCompare(a.createdAt));
}

/** 'YYYY-MM-DD HH:MM' (or with seconds) in Asia/Shanghai. */
export function beijingTime(epochMs: number, seconds = false): string {
  const iso = new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, seconds ? 19 : 16)}`;
}

/** A datetime-local field's 'YYYY-MM-DDTHH:MM', read as Beijing time, as ISO with its offset; null when empty or malformed. */
export function beijingInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const iso = `${value}:00+08:00`;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}

/** The earliest value the expiry field offers (now, in Beijing time). */
export function beijingInputNow(epochMs: number): string {
  return new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16);
}

/** A token's hint ('ak_AbC…') as the server makes it: whether this page's own key is that one. */
export const isOwnKey = (key: AccessKeyInfo, ownToken: string): boolean => key.role === 'admin' && key.hint === `${ownToken.slice(0, 6)}…`;

export interface KeyLinks {
  screens: { wall: string; screen: string; url: string }[];
  consoles: { wall: string; url: string }[];
}

/** The URLs a new token opens: every screen of its walls for a screen key, every console of its walls for a presenter key. */
export function keyLinks(key: AccessKeyInfo, token: string, walls: WallSummary[], origin: string): KeyLinks {
  const mine = walls.filter((w) => key.walls === null || key.walls.includes(w.id));
  const t = encodeURIComponent(token);
  const scope = key.scope !== CITY_CODE ? `&scope=${key.scope}` : '';
  if (key.role === 'screen') {
    return {
      screens: mine.flatMap((w) =>
        w.screens.map((s) => ({ wall: w.id, screen: s.screen, url: `${origin}/wall/${w.id}?screen=${encodeURIComponent(s.screen)}&token=${t}${scope}` })),
      ),
      consoles: [],
    };
  }
  if (key.role === 'presenter') return { screens: [], consoles: mine.map((w) => ({ wall: w.id, url: `${origin}/console/${w.id}?token=${t}` })) };
  return { screens: [], consoles: [] };
}
