// Every shipped wall layout, every screen, in Chromium at the screen's own resolution, over a seeded
// day: each screen draws the panels the layout puts on it (nothing more), with no scrollbars, no
// error, Chinese text in the CJK font, live data in every panel; the screens are composed into one
// picture per wall (bezels black) in tests/output/wall-<id>.png, for a person to look at.
// Then three rules over every run of text on every screen (DOM and the charts' SVG), as read from
// the layout's viewing distance: legibility (primary figures at least 16 arc-minutes, any text at
// least 10), Chinese only (no Latin words on a wall screen, the index, the console or the admin
// page, outside units and data shown as typed), and nothing overlapping or cut.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWallLayouts } from '../../server/walls/wallLayouts.ts';
import { panelsOnScreen, screenIds, screenRect, type WallLayout } from '../../shared/wallLayout.ts';
import { OUTPUT_DIR, chromiumMissing, launchChromium } from '../support/chromium.ts';
import { arcMinutes, latinWords, overlaps, readScreenText, type TextRun } from '../support/screenText.ts';
import { connectConsole, startTestServer, type TestServer } from '../support/testServer.ts';
import { postWallSeed, wallSeed } from '../support/wallSeed.ts';

const skip = chromiumMissing();
const walls = loadWallLayouts('config/walls').list();
/** The composed pictures are scaled down by this much (a 3x2 wall is 5,772 pixels wide). */
const SHRINK: Record<string, number> = { 'hall-3x2': 2, 'long-screen': 2, demo: 1 };
/** The legibility floors, in arc-minutes at the layout's viewing distance. */
const PRIMARY_ARCMIN = 16;
const TEXT_ARCMIN = 10;

interface PageText {
  page: string;
  runs: TextRun[];
  /** How the page's text is read: a wall screen from its layout's distance; the other pages only for language. */
  wall?: WallLayout;
}

function compose(wall: WallLayout, shots: Map<string, PNG>, shrink: number): PNG {
  const last = screenRect(wall, wall.screens.rows, wall.screens.cols);
  const out = new PNG({ width: Math.ceil((last.left + last.width) / shrink), height: Math.ceil((last.top + last.height) / shrink) });
  for (let i = 3; i < out.data.length; i += 4) out.data[i] = 255; // bezels: opaque black
  for (const [screen, png] of shots) {
    const [row, col] = screen.split('-').map(Number) as [number, number];
    const at = screenRect(wall, row, col);
    for (let y = 0; y < png.height; y += shrink) {
      for (let x = 0; x < png.width; x += shrink) {
        const i = (y * png.width + x) * 4;
        const j = (Math.floor((at.top + y) / shrink) * out.width + Math.floor((at.left + x) / shrink)) * 4;
        png.data.copy(out.data, j, i, i + 4);
      }
    }
  }
  return out;
}

describe.skipIf(skip)('the shipped wall layouts in Chromium', () => {
  let server: TestServer;
  let browser: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  /** The text of every page visited, for the three rules at the end. */
  const read: PageText[] = [];

  beforeAll(async () => {
    mkdirSync(OUTPUT_DIR, { recursive: true });
    server = await startTestServer();
    await postWallSeed({ url: server.url, ingestKey: server.secrets.ingestKey }, wallSeed());
    browser = await launchChromium();
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('pageerror', (err) => errors.push(err.message));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('lists every wall and links each of its screens on the index page', async () => {
    await page.setViewportSize({ width: 1280, height: 1100 });
    await page.goto(`${server.url}/?token=${server.secrets.screenToken}`);
    await page.waitForSelector('.index-wall');
    const links = await page.$$eval('.index-screens a', (as) =>
      as.map((a) => new URL((a as HTMLAnchorElement).href).pathname + new URL((a as HTMLAnchorElement).href).search),
    );
    expect(links).toEqual(walls.flatMap((w) => screenIds(w).map((s) => `/wall/${w.id}?screen=${s}&token=${server.secrets.screenToken}`)));
    await page.screenshot({ path: join(OUTPUT_DIR, 'wall-index.png') });
    read.push({ page: 'index', runs: await readScreenText(page) });
  });

  /** Opens every screen of a wall in turn (in the wall's present state), checks it and reads its text. */
  async function visitScreens(wall: WallLayout, state: string, ready: [attribute: string, value: string] | null) {
    const shots = new Map<string, PNG>();
    for (const screen of screenIds(wall)) {
      const [row, col] = screen.split('-').map(Number) as [number, number];
      await page.setViewportSize({ width: wall.screens.width, height: wall.screens.height });
      await page.goto(`${server.url}/wall/${wall.id}?screen=${screen}&token=${server.secrets.screenToken}`);
      const expected = panelsOnScreen(wall, row, col).map((p) => p.panel.id);
      await page.waitForFunction(() => document.querySelector('.wall')?.getAttribute('data-feed') === 'live', undefined, { timeout: 60_000 });
      if (ready) await page.locator(`.wall[${ready[0]}="${ready[1]}"]`).waitFor({ timeout: 60_000 });
      if (expected.includes('map')) await page.waitForSelector('[data-testid=map][data-map-ready=true] canvas', { timeout: 60_000 });
      // trends, alerts and the first heat ticks arrive: wait until no panel is waiting for data
      // (if one never gets any, the assertion below names it)
      if (state === 'live')
        await page.waitForFunction(() => document.querySelectorAll('.panel-empty').length === 0, undefined, { timeout: 60_000 }).catch(() => undefined);
      // the state's data: no panel still waiting for it (an empty past says so in its own words)
      else
        await page.waitForFunction(() => ![...document.querySelectorAll('.panel-empty')].some((el) => el.textContent === '等待数据…'), undefined, {
          timeout: 60_000,
        });
      await page.waitForTimeout(500); // a frame or two more, for the picture
      const shown = await page.evaluate(() => ({
        panels: [...document.querySelectorAll('.panel-slot')].map((el) => el.getAttribute('data-panel')),
        scroll: [document.documentElement.scrollWidth - innerWidth, document.documentElement.scrollHeight - innerHeight],
        waiting: [...document.querySelectorAll('.panel-empty')].map((el) => el.textContent),
        // every heading in a CJK font
        fonts: [...document.querySelectorAll('.panel-title, .kpi-label, h1')].map((el) => getComputedStyle(el).fontFamily.split(',')[0]),
        title: document.querySelector('[data-testid=wall-title]')?.textContent ?? null,
      }));
      expect(shown.panels, `${wall.id} ${screen}`).toEqual(expected);
      expect(shown.scroll, `${wall.id} ${screen}: no scrollbars`).toEqual([0, 0]);
      // a playback's past may well have no alerts or rising issues: the panel then says so
      if (state === 'live') expect(shown.waiting, `${wall.id} ${screen}: every panel has data`).toEqual([]);
      for (const font of shown.fonts) expect(font).toMatch(/Noto Sans CJK SC/);
      if (expected.includes('title')) expect(shown.title).toBe('天津市网格化社会治理指挥中心');
      shots.set(screen, PNG.sync.read(await page.screenshot()));
      read.push({ page: `${wall.id} ${screen}${state === 'live' ? '' : ` ${state}`}`, runs: await readScreenText(page), wall });
    }
    const name = state === 'live' ? `wall-${wall.id}.png` : `wall-${wall.id}-${state}.png`;
    writeFileSync(join(OUTPUT_DIR, name), PNG.sync.write(compose(wall, shots, SHRINK[wall.id] ?? 2)));
    expect(errors).toEqual([]);
  }

  for (const wall of walls) {
    it(`${wall.id}: every screen draws its own panels, live, legibly, without scrollbars`, () => visitScreens(wall, 'live', null), 300_000);
  }

  // the states a wall is also read in: a playback (paused, so that it holds while the screens are
  // read) with its banner, and drilled to a street with the panels saying which region they cover
  const OTHER_STATES = [
    { wall: 'hall-3x2', state: 'playback', commands: [{ type: 'scene', scene: 'yesterday' }, { type: 'pause' }], ready: ['data-playback', 'on'] },
    { wall: 'long-screen', state: 'playback', commands: [{ type: 'scene', scene: 'yesterday' }, { type: 'pause' }], ready: ['data-playback', 'on'] },
    { wall: 'hall-3x2', state: 'street', commands: [{ type: 'scene', scene: 'dingzigu' }], ready: ['data-scene', 'dingzigu'] },
    { wall: 'demo', state: 'street', commands: [{ type: 'scene', scene: 'dingzigu' }], ready: ['data-scene', 'dingzigu'] },
  ] as const;
  for (const { wall: id, state, commands, ready } of OTHER_STATES) {
    it(`${id}: every screen reads as well ${state === 'playback' ? 'in a playback' : 'drilled to a street'}`, async () => {
      const wall = walls.find((w) => w.id === id)!;
      const presenter = connectConsole(server, { wall: id });
      try {
        for (const command of commands) expect(await presenter.send(command)).toMatchObject({ ok: true });
        await visitScreens(wall, state, [...ready]);
        expect(await presenter.send({ type: 'reset' })).toMatchObject({ ok: true });
      } finally {
        presenter.close();
      }
    }, 300_000);
  }

  it('the presenter console and the admin page speak Chinese too', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/console/hall-3x2?token=${server.secrets.presenterToken}`);
    await page.waitForSelector('[data-testid=connection][data-status=connected]');
    read.push({ page: 'console', runs: await readScreenText(page) });
    await page.goto(`${server.url}/admin?token=${server.secrets.adminToken}`);
    await page.waitForSelector('[data-testid=key-row]');
    read.push({ page: 'admin', runs: await readScreenText(page) });
  });

  const screens = () => read.filter((p): p is Required<PageText> => !!p.wall);

  it('legibility: primary figures subtend 16 arc-minutes and any text 10 at the viewing distance', () => {
    const screenCount = (id: string) => screenIds(walls.find((w) => w.id === id)!).length;
    expect(screens().length).toBe(walls.reduce((n, w) => n + screenCount(w.id), 0) + OTHER_STATES.reduce((n, s) => n + screenCount(s.wall), 0));
    const small: string[] = [];
    for (const { page: at, runs, wall } of screens()) {
      expect('viewingDistanceM' in wall.type, `${wall.id} states its viewing distance and pixel pitch`).toBe(true);
      if (!('viewingDistanceM' in wall.type)) continue;
      const { viewingDistanceM, pixelPitchMm } = wall.type;
      for (const run of runs) {
        const angle = arcMinutes(run.fontPx, pixelPitchMm, viewingDistanceM);
        const floor = run.primary ? PRIMARY_ARCMIN : TEXT_ARCMIN;
        // 0.5 rem is 10′ by definition (1 rem = 20′); allow the rounding of px and the atan against tan
        if (angle < floor - 0.05) small.push(`${at} ${run.where} "${run.text.slice(0, 24)}": ${angle.toFixed(1)}′ < ${floor}′ (${run.fontPx.toFixed(0)} px)`);
      }
      // the figures a duty leader reads out are marked, so the larger floor applies to them
      if (runs.some((r) => r.where.startsWith('kpis')))
        expect(
          runs.some((r) => r.primary && r.where.startsWith('kpis')),
          `${at}: KPI figures marked primary`,
        ).toBe(true);
    }
    expect(small).toEqual([]);
  });

  it('Chinese only: no Latin words on the screens, the index, the console or the admin page', () => {
    expect(read.map((p) => p.page)).toEqual(expect.arrayContaining(['index', 'console', 'admin', 'hall-3x2 1-1']));
    const latin = read.flatMap(({ page: at, runs }) =>
      runs.filter((r) => !r.verbatim).flatMap((r) => latinWords(r.text).map((w) => `${at} ${r.where}: "${w}" in "${r.text.slice(0, 40)}"`)),
    );
    expect(latin).toEqual([]);
  });

  it('nothing overlaps and nothing is cut on any screen', () => {
    const problems = screens().flatMap(({ page: at, runs }) => [
      ...runs.filter((r) => r.clipped).map((r) => `${at} "${r.text.slice(0, 24)}" ${r.clipped}`),
      ...overlaps(runs).map(([a, b]) => `${at} "${a.text.slice(0, 16)}" (${a.where}) overlaps "${b.text.slice(0, 16)}" (${b.where})`),
    ]);
    expect(problems).toEqual([]);
  });
});
