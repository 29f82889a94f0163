// The rooms of the screens' namespace: one per feed and scope (what a screen is sent), one per feed
// and view (the region whose KPIs and alerts it is sent: its scope, or where it drilled down to),
// one per wall (its presenter-held state), and one per wall and scope (that state as the scope may see it).
// A feed is the live projections or a wall's playback.
import { CITY_CODE } from '../../shared/regions.ts';
import type { ScreenNamespace } from './socketServer.ts';

export const LIVE = 'live';

export const scopeRoom = (feed: string, scope: string) => (feed === LIVE ? `scope:${scope}` : `${feed}|scope:${scope}`);
export const viewRoom = (feed: string, region: string) => (feed === LIVE ? `view:${region}` : `${feed}|view:${region}`);
export const wallRoom = (wall: string) => `wall:${wall}`;
export const wallScopeRoom = (wall: string, scope: string) => `wall:${wall}|scope:${scope}`;

/** The scopes with a screen of this wall on this node. */
export function wallScopes(screens: ScreenNamespace, wall: string): string[] {
  const prefix = wallScopeRoom(wall, '');
  return [...screens.adapter.rooms.keys()].filter((r) => r.startsWith(prefix)).map((r) => r.slice(prefix.length));
}
/** The grid-code prefix of a scope's grids and workers ('' for the whole city). */
export const prefixOf = (scope: string) => (scope === CITY_CODE ? '' : scope);

/** The scopes with a screen on a feed. */
export function activeScopes(screens: ScreenNamespace, feed: string): string[] {
  const prefix = scopeRoom(feed, '');
  return [...screens.adapter.rooms.keys()].filter((r) => r.startsWith(prefix)).map((r) => r.slice(prefix.length));
}

/** The regions whose KPIs and alerts a screen on a feed receives. */
export function activeViews(screens: ScreenNamespace, feed: string): string[] {
  const prefix = viewRoom(feed, '');
  return [...screens.adapter.rooms.keys()].filter((r) => r.startsWith(prefix)).map((r) => r.slice(prefix.length));
}
