// The map's pure pieces, without a browser: the density estimate of the last hour's reports, the
// camera of a map slice, the urgent cases that pulse, workers binned into cells, the render mode,
// district names that give way to one another.
import { describe, expect, it } from 'vitest';
import { densityImage, KERNEL_SIGMA_KM } from '../../client/panels/map/densityLayer.ts';
import { cameraForSlice, panelCamera, sliceOf } from '../../client/panels/map/mapCamera.ts';
import { HEAT_STRIDE } from '../../client/store/liveBuffers.ts';
import { WORKER_COLORS, workerCells } from '../../client/panels/map/workerLayer.ts';
import { isSoftwareGl } from '../../client/panels/map/renderMode.ts';
import { declutter, type Label } from '../../client/panels/map/regionLabelLayer.ts';
import { chooseLegendCorner, districtRings } from '../../client/panels/map/legendCorner.ts';
import type { DistrictCollection } from '../../client/geo/loadGeo.ts';
import { URGENT_PULSE_MS, withUrgent } from '../../client/store/wallStore.ts';
import type { TickerLine } from '../../shared/protocol.ts';
import { fitBounds, toMercator, type Bounds } from '../../shared/webMercator.ts';
import { grids } from '../support/factories.ts';
import { loadWallLayouts } from '../../server/walls/wallLayouts.ts';
import { panelsOnScreen } from '../../shared/wallLayout.ts';

const CITY: Bounds = [
  [116.69, 38.55],
  [118.07, 40.26],
];
const heatWith = (counts: Record<number, number>) => {
  const heat = new Int32Array(grids.grids.length * HEAT_STRIDE);
  for (const [g, n] of Object.entries(counts)) heat[Number(g) * HEAT_STRIDE + 1] = n; // newLastHour
  return heat;
};
const alphaAt = (img: ReturnType<typeof densityImage>, lonLat: [number, number]) => {
  const [x0, y1] = toMercator(img.bounds[0]);
  const [x1, y0] = toMercator(img.bounds[1]);
  const [mx, my] = toMercator(lonLat);
  const x = Math.round(((mx - x0) / (x1 - x0)) * img.width);
  const y = Math.round(((my - y0) / (y1 - y0)) * img.height);
  return img.data[(y * img.width + x) * 4 + 3]!;
};

describe('report density', () => {
  it('is empty without reports, and ignores open cases that were not reported in the last hour', () => {
    const heat = new Int32Array(grids.grids.length * HEAT_STRIDE);
    heat[0] = 9; // open, not new
    const img = densityImage(heat, grids.grids, CITY);
    expect(img.peak).toBe(0);
    expect(img.data.some((v) => v > 0)).toBe(false);
  });

  it('peaks where the reports are and fades with distance, at the kernel width', () => {
    const busy = 5000;
    const quiet = 100;
    const img = densityImage(heatWith({ [busy]: 12, [quiet]: 2 }), grids.grids, CITY);
    const at = (g: number) => alphaAt(img, grids.grids[g]!.centroid);
    expect(at(busy)).toBeGreaterThan(at(quiet));
    expect(at(quiet)).toBeGreaterThan(0);
    // 12 reports under a Gaussian of sigma 1.5 km: the peak density in reports per km²
    expect(img.peak).toBeCloseTo(12 / (2 * Math.PI * KERNEL_SIGMA_KM ** 2), 1);
    // 20 km away nothing is drawn
    const [lon, lat] = grids.grids[busy]!.centroid;
    expect(alphaAt(img, [lon + 0.25, lat])).toBe(0);
  });
});

describe('map slice camera', () => {
  it('is the whole viewport camera for a map wholly on one screen', () => {
    const rect = { left: 100, top: 50, width: 1200, height: 900 };
    const cam = cameraForSlice(CITY, { rect, visible: rect, scale: 1 });
    const whole = fitBounds(CITY, 1200, 900, 900 * 0.03);
    expect(cam.zoom).toBeCloseTo(whole.zoom, 9);
    expect(cam.center[0]).toBeCloseTo(whole.center[0], 9);
    expect(cam.center[1]).toBeCloseTo(whole.center[1], 9);
  });

  it('moves a slice east of the middle eastwards, by its offset at the same zoom', () => {
    const rect = { left: 0, top: 0, width: 2000, height: 1000 };
    const left = cameraForSlice(CITY, { rect, visible: { left: 0, top: 0, width: 990, height: 1000 }, scale: 1 });
    const right = cameraForSlice(CITY, { rect, visible: { left: 1010, top: 0, width: 990, height: 1000 }, scale: 1 });
    expect(left.zoom).toBe(right.zoom);
    expect(right.center[0]).toBeGreaterThan(left.center[0]);
    const px = (toMercator(right.center)[0] - toMercator(left.center)[0]) * 512 * 2 ** left.zoom;
    expect(px).toBeCloseTo(1010, 6); // the distance between the two slices' centres, bezel included
  });
  it('frames a small region on the screen that holds most of a spanning map, not across the bezel', () => {
    const hall = loadWallLayouts('config/walls').get('hall-3x2')!;
    const [top, bottom] = panelsOnScreen(hall, 1, 2)
      .concat(panelsOnScreen(hall, 2, 2))
      .filter((p) => p.panel.kind === 'map');
    expect(top!.primary).toEqual(bottom!.visible); // the lower screen holds more of the map
    const street: Bounds = [
      [117.15, 39.16],
      [117.18, 39.18],
    ];
    const centre: [number, number] = [117.165, 39.17];
    const sliceOfScreen = (p: typeof top) => ({ rect: p!.rect, visible: p!.visible, primary: p!.primary, scale: 1 });
    const whole = panelCamera(street, sliceOfScreen(bottom), true);
    // the street's centre is drawn at the centre of the lower screen's part, on both screens' reckoning
    const cam = sliceOf(whole, sliceOfScreen(bottom));
    const [cx, cy] = toMercator(cam.center);
    const [sx, sy] = toMercator(centre);
    expect(Math.abs(cx - sx) * 512 * 2 ** cam.zoom).toBeLessThan(1);
    expect(Math.abs(cy - sy) * 512 * 2 ** cam.zoom).toBeLessThan(1);
    expect(panelCamera(street, sliceOfScreen(top), true)).toEqual(whole);
    // the whole city still spans the wall
    expect(panelCamera(CITY, sliceOfScreen(top))).toEqual(
      fitBounds(CITY, top!.rect.width, top!.rect.height, Math.min(top!.rect.width, top!.rect.height) * 0.03),
    );
  });
});

describe('urgent pulses', () => {
  const line = (seq: number, at: number, urgency: TickerLine['urgency'], type: TickerLine['type'] = 'reported'): TickerLine => ({
    seq,
    caseId: `C${seq}`,
    type,
    status: 'reported',
    at,
    gridCode: '120101001008003',
    districtCode: '120101',
    category: 'appearance.garbage',
    urgency,
    source: 'hotline_12345',
    summary: '',
  });

  it('keeps new urgent reports for a while, and nothing else', () => {
    const now = 1_000_000_000;
    const urgent = withUrgent(
      [],
      [line(1, now - 1000, 'urgent'), line(2, now, 'ordinary'), line(3, now, 'urgent', 'accepted'), line(4, now - URGENT_PULSE_MS - 1, 'urgent')],
      now,
    );
    expect(urgent.map((u) => u.caseId)).toEqual(['C1']);
    expect(withUrgent(urgent, [], now)).toBe(urgent); // unchanged: the same array, no re-render
    expect(withUrgent(urgent, [], now + URGENT_PULSE_MS)).toEqual([]);
  });
});

describe('workers as cells (software GL at city zoom)', () => {
  // zoom 10: a cell is 360 / (512 × 2^10) × 10 px = 0.006866° wide
  const positions = new Float32Array([117.2, 39.1, 117.2021, 39.1021, 117.201, 39.1005, 117.25, 39.15, 0, 0]);
  const states = new Uint8Array([0, 1, 1, 2, 0]); // patrolling, idle, idle, offline, (no fix yet)

  it('puts each worker in its cell, one dot a cell at its workers’ mean, sized by their number, coloured by most of them', () => {
    const cells = workerCells(positions, states, 5, 10);
    expect(cells.length).toBe(2); // the worker without a fix is not drawn
    const p = cells.attributes.getPosition.value;
    expect(p[0]).toBeCloseTo((117.2 + 117.2021 + 117.201) / 3, 4);
    expect(p[1]).toBeCloseTo((39.1 + 39.1021 + 39.1005) / 3, 4);
    expect([p[2], p[3]]).toEqual([Math.fround(117.25), Math.fround(39.15)]);
    // three workers: 1.4 + 0.9 × √2 = 2.673 px; one: 1.4 px
    expect(cells.attributes.getRadius.value[0]).toBeCloseTo(2.673, 3);
    expect(cells.attributes.getRadius.value[1]).toBeCloseTo(1.4, 5);
    // two of the three idle: the idle colour; the lone one offline
    expect([...cells.attributes.getFillColor.value.slice(0, 4)]).toEqual(WORKER_COLORS.idle);
    expect([...cells.attributes.getFillColor.value.slice(4, 8)]).toEqual(WORKER_COLORS.offline);
  });

  it('bins finer as the map zooms in, and scales the dots with the type', () => {
    // at zoom 12 a cell is 0.001717° wide: the three near workers fall into three cells
    expect(workerCells(positions, states, 5, 12).length).toBe(4);
    expect(workerCells(positions, states, 5, 10, 2).attributes.getRadius.value[1]).toBeCloseTo(2.8, 5);
  });
});

describe('render mode', () => {
  it('takes the software rasterisers for software GL, and a real GPU for one', () => {
    for (const r of [
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      'llvmpipe (LLVM 15.0.6, 256 bits)',
      'ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)',
      '',
    ])
      expect(isSoftwareGl(r), r).toBe(true);
    for (const r of ['ANGLE (NVIDIA, NVIDIA H100 80GB HBM3/PCIe/SSE2, OpenGL 4.5)', 'ANGLE (Intel, Intel(R) UHD Graphics 630 Direct3D11 vs_5_0 ps_5_0)'])
      expect(isSoftwareGl(r), r).toBe(false);
  });
});

describe('district names that would overlap', () => {
  it('give way by rank: the lower-ranked of two overlapping boxes goes, a clear one stays', () => {
    // at 20 px a 3-character name's box is 3 x 20 + 12 = 72 px wide and 28 px tall; 4 characters: 92 px
    const centre: Label = { name: '市内六区', position: [100, 100], priority: 100 };
    const east: Label = { name: '东丽区', position: [170, 110], priority: 50 }; // 134-206 against 54-146: overlaps
    const south: Label = { name: '津南区', position: [170, 140], priority: 50 }; // y 126-154 against 86-114: clear
    const west: Label = { name: '西青区', position: [20, 100], priority: 50 }; // -16-56 against 54-146: 2 px overlap
    const project = (p: [number, number]): [number, number] => p;
    expect(declutter([east, south, west, centre], project, 20).map((l) => l.name)).toEqual(['津南区', '市内六区']);
    // the centre's label wins, so it is kept whatever the order given
    expect(declutter([west, centre], project, 20).map((l) => l.name)).toEqual(['市内六区']);
    // twice as far apart (a closer zoom), all stay
    const double = (p: [number, number]): [number, number] => [p[0] * 2, p[1] * 2];
    expect(declutter([east, south, west, centre], double, 20)).toHaveLength(4);
  });
});

describe('where the legend goes', () => {
  // a 1000 x 1000 px panel looking at 117 E 39 N; a "district" is a rectangle in degrees
  const camera = { center: [117, 39] as [number, number], zoom: 8 };
  const panel = { width: 1000, height: 1000 };
  const legend = { width: 300, height: 100 };
  const district = (w: number, s: number, e: number, n: number): DistrictCollection => ({
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { code: '120199', name: '测试区', center: [(w + e) / 2, (s + n) / 2] },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [w, s],
              [e, s],
              [e, n],
              [w, n],
              [w, s],
            ],
          ],
        },
      },
    ],
  });
  const all = ['bottom-left', 'bottom-right', 'top-left'] as const;

  it('takes the corner that hides least of the city, the earlier one on a tie', () => {
    // the city west of 117 E fills the left half: both left corners are on it, the bottom right is clear
    expect(chooseLegendCorner(districtRings(district(110, 30, 117, 45)), camera, panel, legend, 10, all)).toBe('bottom-right');
    // the city south of 39 N fills the bottom half: only the top left is clear
    expect(chooseLegendCorner(districtRings(district(110, 30, 125, 39)), camera, panel, legend, 10, all)).toBe('top-left');
    // and without the top left (a drilled-down map), a tie between the bottom corners: the left
    expect(chooseLegendCorner(districtRings(district(110, 30, 125, 39)), camera, panel, legend, 10, ['bottom-left', 'bottom-right'])).toBe('bottom-left');
    // no city under any corner: the first
    expect(chooseLegendCorner(districtRings(district(116.9, 38.9, 117.1, 39.1)), camera, panel, legend, 10, all)).toBe('bottom-left');
  });
});
