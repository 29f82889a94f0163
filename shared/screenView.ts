// What a drilled-down screen asks of its socket: the region whose KPIs and alerts it receives (a
// wall whose layout says `drillScope: true` follows its map's drill-down). Only within the screen's
// own scope, which the server holds for the socket (its handshake's, within its key's): a request
// outside it is refused with the reason and changes nothing. null: back to the screen's scope.
import { z } from 'zod';

export const screenViewSchema = z.strictObject({
  region: z
    .string()
    .regex(/^12\d{2}(\d{2}(\d{3})?)?$/, 'the city (1201), a district (6 digits) or a street (9 digits)')
    .nullable(),
});
export type ScreenViewRequest = z.infer<typeof screenViewSchema>;

export type ScreenViewResult =
  | { ok: true; region: string }
  | { ok: false; code: 'invalid_view' | 'unknown_region' | 'outside_scope' | 'rate_limited'; message: string };

/** The region a map's frame drills a screen of scope `scope` to: a district or street inside it (a community or grid counts as its street); null when not narrower. */
export function drilledRegion(focus: string | null, scope: string): string | null {
  if (!focus || focus.length <= scope.length || !focus.startsWith(scope)) return null;
  const region = focus.slice(0, Math.min(focus.length, 9));
  return region.length === 6 || region.length === 9 ? region : null;
}
