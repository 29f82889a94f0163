// A rehearsal (演练) in real headless Chromium against a real server: the presenter picks a scenario
// and a length in the console's rehearsal tab and starts it; a screen of the hall's wall shows the
// orange frame, the banner at its foot and the badge beside its title — in Chinese, with the
// scenario's title and the minutes left, the badge clear of the title and the clock — and the
// console shows it with a stop button; stopped, every 演练 mark goes.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGridIndex } from '../../server/geo/gridIndex.ts';
import { OUTPUT_DIR, chromiumMissing, launchChromium } from '../support/chromium.ts';
import { connectScreen, startTestServer, type Screen, type TestServer } from '../support/testServer.ts';

const skip = chromiumMissing();
/** Liveness bounds on a loaded machine, never timings. */
const PAGE_TIMEOUT = 240_000;
const WAIT = 90_000;

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe.skipIf(skip)('a rehearsal on the wall and the console, in Chromium', () => {
  let server: TestServer;
  let browser: BrowserContext;
  let consolePage: Page;
  let wallPage: Page;
  let screen: Screen;

  beforeAll(async () => {
    mkdirSync(OUTPUT_DIR, { recursive: true });
    server = await startTestServer();
    // the rehearsal's kind of cases in its low-lying districts, as the simulator would report them
    const low = loadGridIndex('public').grids.filter((g) => /^1201(03|04|02|06)/.test(g.code));
    const now = Date.now();
    const summaries = ['【演练】路口积水没过脚踝，车辆涉水缓行', '【演练】积水中井盖被冲开，有落井危险', '【演练】行道树被风雨刮倒，压住非机动车道'];
    const categories = ['facility.road', 'facility.manhole', 'safety.hazard'];
    const events = Array.from({ length: 60 }, (_, i) => ({
      eventId: `RH-${now}-${i}:1`,
      caseId: `RH-${now}-${i}`,
      type: 'reported',
      at: new Date(now - (60 - i) * 20_000).toISOString(),
      gridCode: low[(i * 97) % low.length]!.code,
      category: categories[i % 3],
      urgency: i % 4 === 0 ? 'immediate' : 'urgent',
      source: 'hotline_12345',
      summary: summaries[i % 3],
    }));
    const res = await server.post('/api/v1/events', { events });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    screen = connectScreen(server, { wall: 'hall-3x2', screen: '2-1' });
    await screen.until(() => screen.snapshots.length > 0, 'a snapshot', WAIT);
    browser = await launchChromium({ width: 1280, height: 800 });
    consolePage = browser.pages()[0] ?? (await browser.newPage());
  }, PAGE_TIMEOUT);
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it(
    'the console lists the scenarios with their Chinese titles and starts one for 42 minutes',
    async () => {
      await consolePage.goto(`${server.url}/console/hall-3x2?token=${server.secrets.presenterToken}&name=${encodeURIComponent('王主任')}`);
      await consolePage.waitForSelector('[data-testid=connection][data-status=connected]', { timeout: WAIT });
      await consolePage.click('.tab[data-tab=rehearsal]');
      await consolePage.waitForSelector('[data-testid=rehearsal-controls] .scenario-btn[data-scenario=rainstorm]', { timeout: WAIT });
      expect(await consolePage.$$eval('.scenario-btn .scenario-title', (els) => els.map((e) => e.textContent))).toEqual([
        '供暖首日',
        '马拉松',
        '平安夜间',
        '暴雨内涝',
      ]);
      await consolePage.click('.scenario-btn[data-scenario=rainstorm]');
      expect(await consolePage.inputValue('[data-testid=rehearsal-minutes]')).toBe('180');
      await consolePage.fill('[data-testid=rehearsal-minutes]', '42');
      await consolePage.screenshot({ path: join(OUTPUT_DIR, 'console-rehearsal-picker.png') });

      await consolePage.click('[data-testid=rehearsal-start]');
      await screen.until(() => screen.rehearsals.at(-1)?.name === 'rainstorm', 'the rehearsal', WAIT);
      const banner = await consolePage.waitForSelector('[data-testid=console-rehearsal][data-rehearsal=rainstorm]', { timeout: WAIT });
      expect(await banner.textContent()).toMatch(/^演练：暴雨内涝 · 剩余 42 分钟王主任 于 \d\d:\d\d:\d\d 发起结束演练$/);
      expect(await consolePage.isDisabled('[data-testid=rehearsal-start]')).toBe(true);
      await consolePage.screenshot({ path: join(OUTPUT_DIR, 'console-rehearsal-running.png') });
    },
    PAGE_TIMEOUT,
  );

  it(
    'a screen of the hall shows 演练 with the title and the minutes left, clear of its title and clock',
    async () => {
      wallPage = await browser.newPage();
      await wallPage.setViewportSize({ width: 1920, height: 1080 });
      await wallPage.goto(`${server.url}/wall/hall-3x2?screen=1-2&token=${server.secrets.screenToken}`);
      await wallPage.waitForSelector('[data-testid=map][data-map-ready=true] canvas', { timeout: WAIT });
      const banner = await wallPage.waitForSelector('[data-testid=rehearsal-banner][data-rehearsal=rainstorm]', { timeout: WAIT });
      expect(await banner.textContent()).toBe('演练：暴雨内涝 · 剩余 42 分钟');
      const badge = await wallPage.waitForSelector('[data-testid=rehearsal-badge]');
      expect(await badge.$eval('b', (el) => el.textContent)).toBe('演练：暴雨内涝');
      expect(await badge.$eval('small', (el) => el.textContent)).toBe('剩余 42 分钟');
      expect(await wallPage.getAttribute('.wall', 'data-rehearsal')).toBe('rainstorm');

      // readable from the back of the hall: the banner's text 1.2 times the wall's body text (itself
      // 20' at the viewing distance), on one line, and
      // the badge beside the title, overlapping neither the title's text nor the clock
      const fontPx = await banner.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
      const rem = await wallPage.evaluate(() => Number.parseFloat(getComputedStyle(document.documentElement).fontSize));
      expect(fontPx).toBeGreaterThanOrEqual(1.2 * rem - 0.01); // computed styles keep 4 decimals
      const badgeBox = (await badge.boundingBox())!;
      const clockBox = (await wallPage.locator('.title-panel .wall-clock').boundingBox())!;
      const titleBox = (await wallPage.locator('[data-testid=wall-title]').boundingBox())!;
      expect(overlaps(badgeBox, clockBox), JSON.stringify({ badgeBox, clockBox })).toBe(false);
      expect(overlaps(badgeBox, titleBox), JSON.stringify({ badgeBox, titleBox })).toBe(false);
      // the whole text shows, not cut: the badge's, the banner's (on one line), and the title's
      expect(await badge.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
      expect(
        await banner.evaluate(
          (el) => el.scrollWidth <= el.clientWidth + 1 && el.getBoundingClientRect().height < 2.5 * Number.parseFloat(getComputedStyle(el).fontSize),
        ),
      ).toBe(true);
      const title = await wallPage
        .locator('[data-testid=wall-title]')
        .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, font: getComputedStyle(el).fontSize }));
      expect(title.scroll, JSON.stringify(title)).toBeLessThanOrEqual(title.client + 1);
      await wallPage.waitForTimeout(1500); // let the heat and the ticker settle for the picture
      await wallPage.screenshot({ path: join(OUTPUT_DIR, 'wall-rehearsal-hall-1-2.png') });

      // a screen without the title panel shows the banner all the same
      await wallPage.goto(`${server.url}/wall/hall-3x2?screen=2-3&token=${server.secrets.screenToken}`);
      await wallPage.waitForSelector('[data-testid=rehearsal-banner][data-rehearsal=rainstorm]', { timeout: WAIT });
      expect(await wallPage.$('[data-testid=rehearsal-badge]')).toBeNull();
      await wallPage.waitForTimeout(1500);
      await wallPage.screenshot({ path: join(OUTPUT_DIR, 'wall-rehearsal-hall-2-3.png') });
    },
    PAGE_TIMEOUT,
  );

  it(
    'stopped from the console, every 演练 mark goes',
    async () => {
      await consolePage.click('[data-testid=console-rehearsal] [data-testid=rehearsal-stop]');
      await screen.until(() => screen.rehearsals.at(-1) === null, 'the rehearsal gone', WAIT);
      await wallPage.waitForSelector('[data-testid=rehearsal-banner]', { state: 'detached', timeout: WAIT });
      expect(await wallPage.getAttribute('.wall', 'data-rehearsal')).toBe('');
      await consolePage.waitForSelector('[data-testid=console-rehearsal]', { state: 'detached', timeout: WAIT });
      await consolePage.waitForSelector('[data-testid=command-notice][data-ok=true]');
      expect(await consolePage.textContent('[data-testid=command-notice]')).toContain('已结束演练：暴雨内涝');
    },
    PAGE_TIMEOUT,
  );
});
