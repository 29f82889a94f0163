// A wall is configuration: rows x columns of screens of one resolution, the bezels between them,
// how large type must be for the hall's viewing distance, and panels placed in wall coordinates.
// Panel positions are in screens (x 1.5 = the middle of the second column), so a layout reads the
// same whatever the resolution. Only a map may span screens (it is one seamless map, each screen
// drawing its slice); every other panel lies within one screen, so no text is ever cut by a bezel.
import { z } from 'zod';
import { HEAT_METRICS, TREND_PERIODS } from './protocol.ts';
import { regionCodeSchema, sceneSchema } from './wallControl.ts';

export const PANEL_KINDS = ['title', 'kpis', 'map', 'ticker', 'trend', 'rising', 'sources', 'ranking', 'alerts', 'status'] as const;
export type PanelKind = (typeof PANEL_KINDS)[number];

/** maplibre's default largest canvas side: a map slice on one screen must not exceed it. */
export const MAX_CANVAS_PX = 4096;
/** 1 rem (body text) subtends this angle at the viewing distance: ISO 9241-303 prefers 20-22 arcmin for text. */
export const BODY_TEXT_ARCMIN = 20;

const place = {
  id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'lower-case letters, digits and -'),
  /** Left and top edges, in screens from the wall's top-left corner. */
  x: z.number().min(0),
  y: z.number().min(0),
  /** Width and height in screens. */
  w: z.number().positive(),
  h: z.number().positive(),
};

const regionCode = regionCodeSchema;

export const panelSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...place,
    kind: z.literal('map'),
    /** What the grid choropleth shows. */
    heat: z.enum(HEAT_METRICS).default('open'),
    /** A density heatmap of the last hour's reports over the choropleth. */
    density: z.boolean().default(true),
    workers: z.boolean().default(true),
    /** The region the map frames (default: the wall's focus, else its scope, else the city). */
    focus: regionCode.optional(),
  }),
  z.strictObject({ ...place, kind: z.literal('trend'), period: z.enum(TREND_PERIODS).default('24h') }),
  z.strictObject({ ...place, kind: z.enum(['title', 'kpis', 'ticker', 'rising', 'sources', 'ranking', 'alerts', 'status']) }),
]);
export type PanelConfig = z.infer<typeof panelSchema>;
export type MapPanelConfig = Extract<PanelConfig, { kind: 'map' }>;

const typeSchema = z.union([
  /** The size of 1 rem (body text) in screen pixels, given directly. */
  z.strictObject({ remPx: z.number().min(6).max(200) }),
  /** Or derived: body text subtends BODY_TEXT_ARCMIN at this distance on screens with this pixel pitch. */
  z.strictObject({ viewingDistanceM: z.number().min(0.3).max(100), pixelPitchMm: z.number().min(0.05).max(20) }),
]);

export const wallSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'lower-case letters, digits and -'),
    name: z.string().min(1).max(80),
    screens: z.strictObject({
      rows: z.number().int().min(1).max(8),
      cols: z.number().int().min(1).max(16),
      /** Each screen's resolution in pixels. */
      width: z.number().int().min(320).max(16_384),
      height: z.number().int().min(240).max(8_192),
      /** The hidden gap between two screens' pictures, in the screens' pixels (horizontal, vertical). */
      bezel: z.strictObject({ x: z.number().min(0).max(1000), y: z.number().min(0).max(1000) }).default({ x: 0, y: 0 }),
    }),
    /** A desk layout: one screen that takes whatever size the browser window has. */
    fluid: z.boolean().default(false),
    /** Click on the map to drill down (a desk, not a hall wall). */
    interactive: z.boolean().default(false),
    type: typeSchema,
    /** The region whose data the wall shows (city, district or street); the URL's &scope= may narrow it. */
    scope: regionCode.optional(),
    /** Where its maps look unless a panel says otherwise. */
    focus: regionCode.optional(),
    panels: z.array(panelSchema).min(1).max(64),
    /** Named states a presenter starts from the console (or the keyboard: arrows step through them in this order). */
    scenes: z.array(sceneSchema).max(40).default([]),
    /**
     * Seconds an ended playback holds its last moment before the server takes the wall back to live
     * (0: it stays until a presenter goes live); default the server's LIVE_AFTER_PLAYBACK_S (15).
     */
    liveAfterPlaybackS: z.number().int().min(0).max(3600).optional(),
    /**
     * The KPIs and alerts follow the map's drill-down: a screen drilled to a district or street
     * receives that region's (within its own scope), and says so in their titles.
     */
    drillScope: z.boolean().default(false),
    /** Arrow keys on a screen's own keyboard step through the scenes, Esc goes back to live (halls without a tablet). */
    keyboard: z.boolean().default(false),
  })
  .superRefine((wall, ctx) => {
    const { rows, cols } = wall.screens;
    if (wall.fluid && (rows !== 1 || cols !== 1)) ctx.addIssue({ code: 'custom', path: ['fluid'], message: 'a fluid (desk) layout has exactly one screen' });
    const sceneIds = new Set<string>();
    wall.scenes.forEach((s, i) => {
      if (sceneIds.has(s.id)) ctx.addIssue({ code: 'custom', path: ['scenes', i, 'id'], message: `scene id ${s.id} is used twice` });
      sceneIds.add(s.id);
      if (s.focus && s.bounds)
        ctx.addIssue({ code: 'custom', path: ['scenes', i, 'bounds'], message: `scene ${s.id} gives both a focus and bounds: one frame only` });
    });
    const ids = new Set<string>();
    // two panels on the same spot would hide one another
    wall.panels.forEach((a, i) =>
      wall.panels.slice(0, i).forEach((b) => {
        const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
        const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
        if (w > 1e-6 && h > 1e-6) ctx.addIssue({ code: 'custom', path: ['panels', i, 'x'], message: `panel ${a.id} overlaps panel ${b.id}` });
      }),
    );
    wall.panels.forEach((p, i) => {
      const at = (key: string) => ['panels', i, key];
      if (ids.has(p.id)) ctx.addIssue({ code: 'custom', path: at('id'), message: `panel id ${p.id} is used twice` });
      ids.add(p.id);
      const eps = 1e-9;
      if (p.x + p.w > cols + eps)
        ctx.addIssue({ code: 'custom', path: at('w'), message: `panel ${p.id} ends at x ${p.x + p.w}, past the wall's ${cols} columns` });
      if (p.y + p.h > rows + eps)
        ctx.addIssue({ code: 'custom', path: at('h'), message: `panel ${p.id} ends at y ${p.y + p.h}, past the wall's ${rows} rows` });
      const spans = Math.floor(p.x + eps) !== Math.ceil(p.x + p.w - eps) - 1 || Math.floor(p.y + eps) !== Math.ceil(p.y + p.h - eps) - 1;
      if (spans && p.kind !== 'map')
        ctx.addIssue({ code: 'custom', path: at('x'), message: `panel ${p.id} (${p.kind}) crosses a bezel: only a map may span screens` });
      if (p.kind === 'map') {
        const widest = Math.min(p.w, 1) * wall.screens.width;
        const tallest = Math.min(p.h, 1) * wall.screens.height;
        if (!wall.fluid && (widest > MAX_CANVAS_PX || tallest > MAX_CANVAS_PX))
          ctx.addIssue({
            code: 'custom',
            path: at('w'),
            message: `map ${p.id} would need a ${Math.round(widest)}x${Math.round(tallest)} canvas on one screen; at most ${MAX_CANVAS_PX} px a side`,
          });
      }
    });
  });
export type WallLayout = z.infer<typeof wallSchema>;

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Screen size in pixels: the configured resolution, or the window's for a fluid (desk) layout. */
export function screenSize(wall: WallLayout, viewport?: { width: number; height: number }) {
  return wall.fluid && viewport ? { width: viewport.width, height: viewport.height } : { width: wall.screens.width, height: wall.screens.height };
}

/** Wall pixel of a position given in screens along one axis; `end` for a right/bottom edge that falls on a screen's edge. */
function axisPx(u: number, screenPx: number, bezelPx: number, end: boolean): number {
  const whole = end && Number.isInteger(u) && u > 0 ? u - 1 : Math.floor(u);
  return whole * (screenPx + bezelPx) + (u - whole) * screenPx;
}

/** A panel's rectangle in wall pixels (bezels included in the coordinates, so a spanning map runs on behind them). */
export function panelRect(wall: WallLayout, panel: Pick<PanelConfig, 'x' | 'y' | 'w' | 'h'>, size = screenSize(wall)): Rect {
  const { x: bx, y: by } = wall.screens.bezel;
  const left = axisPx(panel.x, size.width, bx, false);
  const top = axisPx(panel.y, size.height, by, false);
  return { left, top, width: axisPx(panel.x + panel.w, size.width, bx, true) - left, height: axisPx(panel.y + panel.h, size.height, by, true) - top };
}

/** Screen (row, col), 1-based as in the URL, as a rectangle in wall pixels. */
export function screenRect(wall: WallLayout, row: number, col: number, size = screenSize(wall)): Rect {
  return {
    left: (col - 1) * (size.width + wall.screens.bezel.x),
    top: (row - 1) * (size.height + wall.screens.bezel.y),
    width: size.width,
    height: size.height,
  };
}

export function intersect(a: Rect, b: Rect): Rect | null {
  const left = Math.max(a.left, b.left);
  const top = Math.max(a.top, b.top);
  const right = Math.min(a.left + a.width, b.left + b.width);
  const bottom = Math.min(a.top + a.height, b.top + b.height);
  return right - left > 0.5 && bottom - top > 0.5 ? { left, top, width: right - left, height: bottom - top } : null;
}

export interface PanelOnScreen {
  panel: PanelConfig;
  /** The whole panel, in wall pixels. */
  rect: Rect;
  /** The part this screen shows, in wall pixels. */
  visible: Rect;
  /** Whether the whole panel is on this screen. */
  whole: boolean;
  /** The panel's part on the screen that holds most of it: a spanning map puts a small region there, not on a bezel. */
  primary: Rect;
}

/** The panels a screen draws (all or part of), in configuration order. */
export function panelsOnScreen(wall: WallLayout, row: number, col: number, size = screenSize(wall)): PanelOnScreen[] {
  const screen = screenRect(wall, row, col, size);
  const out: PanelOnScreen[] = [];
  for (const panel of wall.panels) {
    const rect = panelRect(wall, panel, size);
    const visible = intersect(rect, screen);
    if (visible)
      out.push({
        panel,
        rect,
        visible,
        whole: visible.width >= rect.width - 0.5 && visible.height >= rect.height - 0.5,
        primary: largestPart(wall, rect, size),
      });
  }
  return out;
}

/** The part of a rectangle (in wall pixels) on the screen that holds most of it; the first such screen on a tie. */
export function largestPart(wall: WallLayout, rect: Rect, size = screenSize(wall)): Rect {
  let best: Rect = rect;
  let area = -1;
  for (let r = 1; r <= wall.screens.rows; r++) {
    for (let c = 1; c <= wall.screens.cols; c++) {
      const part = intersect(rect, screenRect(wall, r, c, size));
      if (part && part.width * part.height > area + 0.5) [best, area] = [part, part.width * part.height];
    }
  }
  return best;
}

/** The size of 1 rem in the screens' pixels. */
export function remPx(wall: WallLayout): number {
  if ('remPx' in wall.type) return wall.type.remPx;
  const mm = wall.type.viewingDistanceM * 1000 * Math.tan(((BODY_TEXT_ARCMIN / 60) * Math.PI) / 180);
  return mm / wall.type.pixelPitchMm;
}

/** Parses `screen=<row>-<col>` and checks it is on the wall. */
export function parseScreen(wall: WallLayout, screen: string): { row: number; col: number } | null {
  const m = /^(\d{1,2})-(\d{1,2})$/.exec(screen);
  if (!m) return null;
  const row = Number(m[1]);
  const col = Number(m[2]);
  return row >= 1 && row <= wall.screens.rows && col >= 1 && col <= wall.screens.cols ? { row, col } : null;
}

/** Every screen's `row-col`, row by row. */
export function screenIds(wall: WallLayout): string[] {
  const ids: string[] = [];
  for (let r = 1; r <= wall.screens.rows; r++) for (let c = 1; c <= wall.screens.cols; c++) ids.push(`${r}-${c}`);
  return ids;
}
