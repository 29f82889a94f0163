// Wall layouts: the shipped walls are valid, bad layouts are refused with the field and the reason,
// panels land where the wall coordinates say (bezels included), and a spanning map's slices agree
// on where every place is drawn.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWallLayouts } from '../../server/walls/wallLayouts.ts';
import { panelRect, panelsOnScreen, parseScreen, remPx, screenIds, screenRect, wallSchema, type WallLayout } from '../../shared/wallLayout.ts';
import { fitBounds, sliceCamera, toMercator, worldSize, type Camera, type LonLat } from '../../shared/webMercator.ts';

const shipped = loadWallLayouts('config/walls');
const hall = shipped.get('hall-3x2')!;

function layout(overrides: Record<string, unknown> = {}): unknown {
  return {
    id: 'test',
    name: 'test',
    screens: { rows: 1, cols: 2, width: 1920, height: 1080, bezel: { x: 10, y: 10 } },
    type: { remPx: 20 },
    panels: [{ id: 'map', kind: 'map', x: 0, y: 0, w: 2, h: 1 }],
    ...overrides,
  };
}
const problems = (json: unknown) => {
  const r = wallSchema.safeParse(json);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('wall layouts', () => {
  it('ships a 3x2 hall wall, a 7680x2160 long screen and a 1x1 desk', () => {
    expect(
      shipped
        .list()
        .map((w) => w.id)
        .sort(),
    ).toEqual(['demo', 'hall-3x2', 'long-screen']);
    expect(hall.screens).toMatchObject({ rows: 2, cols: 3, width: 1920, height: 1080 });
    expect(shipped.get('long-screen')!.screens).toMatchObject({ rows: 1, cols: 1, width: 7680, height: 2160 });
    expect(shipped.get('demo')).toMatchObject({ fluid: true, interactive: true });
    expect(screenIds(hall)).toEqual(['1-1', '1-2', '1-3', '2-1', '2-2', '2-3']);
  });

  it('refuses a layout that cannot be drawn, naming the field', () => {
    expect(problems(layout({ panels: [{ id: 'ticker', kind: 'ticker', x: 0.5, y: 0, w: 1, h: 1 }] }))).toEqual([
      'panels.0.x: panel ticker (ticker) crosses a bezel: only a map may span screens',
    ]);
    expect(
      problems(
        layout({
          panels: [
            { id: 'map', kind: 'map', x: 0, y: 0, w: 2, h: 1 },
            { id: 'ticker', kind: 'ticker', x: 1.5, y: 0.5, w: 0.5, h: 0.5 },
          ],
        }),
      ),
    ).toEqual(['panels.1.x: panel ticker overlaps panel map']);
    expect(problems(layout({ panels: [{ id: 'map', kind: 'map', x: 0, y: 0, w: 3, h: 1 }] }))[0]).toMatch(
      /^panels\.0\.w: panel map ends at x 3, past the wall's 2 columns/,
    );
    expect(problems(layout({ fluid: true }))).toEqual(['fluid: a fluid (desk) layout has exactly one screen']);
    expect(problems(layout({ panels: [{ id: 'a', kind: 'clock', x: 0, y: 0, w: 1, h: 1 }] }))[0]).toMatch(/^panels\.0\.kind/);
    expect(
      problems(
        layout({
          panels: [
            { id: 'a', kind: 'kpis', x: 0, y: 0, w: 1, h: 0.5 },
            { id: 'a', kind: 'ticker', x: 0, y: 0.5, w: 1, h: 0.5 },
          ],
        }),
      ),
    ).toEqual(['panels.1.id: panel id a is used twice']);
    // touching edges are not overlaps
    expect(
      problems(
        layout({
          panels: [
            { id: 'a', kind: 'kpis', x: 0, y: 0, w: 1, h: 0.5 },
            { id: 'b', kind: 'ticker', x: 0, y: 0.5, w: 1, h: 0.5 },
            { id: 'c', kind: 'alerts', x: 1, y: 0, w: 1, h: 1 },
          ],
        }),
      ),
    ).toEqual([]);
    const long = { screens: { rows: 1, cols: 1, width: 7680, height: 2160 }, panels: [{ id: 'map', kind: 'map', x: 0, y: 0, w: 0.75, h: 1 }] };
    expect(problems(layout(long))).toEqual(['panels.0.w: map map would need a 5760x2160 canvas on one screen; at most 4096 px a side']);
  });

  it('stops the server with the file and the reason for a bad layout file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridwall-walls-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(layout({ id: 'bad', panels: [{ id: 't', kind: 'ticker', x: 0.5, y: 0, w: 1, h: 1 }] })));
    expect(() => loadWallLayouts(dir)).toThrow(/invalid configuration: wall .*bad\.json: panels\.0\.x: panel t \(ticker\) crosses a bezel/);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(layout({ id: 'other' })));
    expect(() => loadWallLayouts(dir)).toThrow(/its id "other" must match the file name/);
  });

  it('places panels in wall pixels with the bezels between screens', () => {
    const map = hall.panels.find((p) => p.id === 'map')!;
    // the middle column from y 0.15 down: 0.85 of the top screen, the bezel, the whole bottom screen
    expect(panelRect(hall, map)).toEqual({ left: 1926, top: 0.15 * 1080, width: 1920, height: 0.85 * 1080 + 6 + 1080 });
    expect(screenRect(hall, 2, 3)).toEqual({ left: 2 * 1926, top: 1086, width: 1920, height: 1080 });
    // a panel ending on a screen's bottom edge ends there, not after the bezel
    expect(panelRect(hall, hall.panels.find((p) => p.id === 'ticker')!)).toEqual({ left: 2 * 1926, top: 0.15 * 1080, width: 1920, height: 0.85 * 1080 });
    // and one across a bezel both ways: x 0.5..2.5, y 0.5..1.5 of a 3x2 wall with 6-pixel bezels
    expect(panelRect(hall, { x: 0.5, y: 0.5, w: 2, h: 1 })).toEqual({ left: 960, top: 540, width: 960 + 6 + 1920 + 6 + 960, height: 540 + 6 + 540 });
  });

  it('gives each screen the panels on it, and only the part of a spanning map that is its own', () => {
    const onScreen = (row: number, col: number) => panelsOnScreen(hall, row, col).map((p) => `${p.panel.id}${p.whole ? '' : '(part)'}`);
    expect(onScreen(1, 1)).toEqual(['kpis', 'alerts']);
    expect(onScreen(1, 2)).toEqual(['title', 'map(part)']);
    expect(onScreen(2, 2)).toEqual(['map(part)']);
    expect(onScreen(2, 3)).toEqual(['ranking']);
    const slices = ['1-2', '2-2'].map((s) => panelsOnScreen(hall, Number(s[0]), Number(s[2])).find((p) => p.panel.id === 'map')!.visible);
    const rect = panelRect(hall, hall.panels.find((p) => p.id === 'map')!);
    // the slices cover the panel but the bezel, and meet across it
    expect(slices.reduce((a, r) => a + r.width * r.height, 0)).toBeCloseTo(rect.width * (rect.height - 6), 3);
    expect(slices[1]!.top - (slices[0]!.top + slices[0]!.height)).toBeCloseTo(6, 9);
  });

  it('sizes type for the viewing distance: body text subtends 20 arcmin', () => {
    // 8 m from 55-inch 1080p screens (0.63 mm pixels): 8000 mm * tan(20') / 0.63 = 73.9 px
    expect(remPx(hall)).toBeCloseTo(73.9, 1);
    // 10 m from 1.5 mm LED pixels: 10,000 mm * tan(20') / 1.5 = 38.8 px
    expect(remPx(shipped.get('long-screen')!)).toBeCloseTo(38.8, 1);
    expect(remPx(shipped.get('demo')!)).toBeCloseTo(15.1, 1);
    expect(parseScreen(hall, '2-3')).toEqual({ row: 2, col: 3 });
    expect(parseScreen(hall, '3-1')).toBeNull();
  });
});

describe('slices of one virtual viewport', () => {
  const pixelOf = (camera: Camera, width: number, height: number, p: LonLat): [number, number] => {
    const [x, y] = toMercator(p);
    const [cx, cy] = toMercator(camera.center);
    const s = worldSize(camera.zoom);
    return [(x - cx) * s + width / 2, (y - cy) * s + height / 2];
  };

  it('draw every place at the same wall pixel, whichever screen draws it', () => {
    const wall = wallSchema.parse(layout()) as WallLayout;
    const rect = panelRect(wall, wall.panels[0]!);
    const whole = fitBounds(
      [
        [116.69, 38.55],
        [118.07, 40.26],
      ],
      rect.width,
      rect.height,
      20,
    );
    for (const col of [1, 2]) {
      const visible = panelsOnScreen(wall, 1, col)[0]!.visible;
      const cam = sliceCamera(whole, [
        visible.left + visible.width / 2 - (rect.left + rect.width / 2),
        visible.top + visible.height / 2 - (rect.top + rect.height / 2),
      ]);
      for (const place of [
        [117.2, 39.13],
        [116.9, 38.8],
        [117.9, 40.1],
      ] as LonLat[]) {
        const onWhole = pixelOf(whole, rect.width, rect.height, place);
        const onSlice = pixelOf(cam, visible.width, visible.height, place);
        expect(onSlice[0] + visible.left - rect.left).toBeCloseTo(onWhole[0], 6);
        expect(onSlice[1] + visible.top - rect.top).toBeCloseTo(onWhole[1], 6);
      }
    }
  });

  it('frame the bounds inside the padding', () => {
    const cam = fitBounds(
      [
        [117, 39],
        [117.5, 39.5],
      ],
      1000,
      800,
      50,
    );
    const [x0, y1] = toMercator([117, 39]);
    const [x1, y0] = toMercator([117.5, 39.5]);
    const s = worldSize(cam.zoom);
    expect(Math.max((x1 - x0) * s, ((y1 - y0) * s * 900) / 700)).toBeCloseTo(900, 3);
  });
});
