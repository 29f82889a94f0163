// A presenter drives a wall in real headless Chromium: two screen pages of the hall wall (the map's
// top half with the title, and the ticker) and the console page. A scene pressed on the console
// reaches both screens, whose visible states match; a screen reloaded mid-scene comes back to the
// scene; the "yesterday in 60 s" scene plays back yesterday (its ticker shows yesterday's cases, not
// today's) with the playback band on every screen, and Esc on a screen's keyboard goes back to
// live; a screen token cannot command.
import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDayStart } from '../../shared/shanghaiTime.ts';
import { OUTPUT_DIR, chromiumMissing, launchChromium } from '../support/chromium.ts';
import { grids, reported, uniqueId } from '../support/factories.ts';
import { connectScreen, startTestServer, type TestServer } from '../support/testServer.ts';

const skip = chromiumMissing();
/** Liveness bounds on a loaded machine, never timings. */
const PAGE_TIMEOUT = 240_000;
const WAIT = 90_000;
const MIN = 60_000;

describe.skipIf(skip)('a wall driven from the console', () => {
  let server: TestServer;
  let browser: BrowserContext;
  let mapScreen: Page;
  let tickerScreen: Page;
  let console_: Page;
  /** Script errors and console errors of the screens (deck.gl reports a layer that fails to update there). */
  const pageErrors: string[] = [];
  const yesterday = Array.from({ length: 5 }, () => uniqueId('YDAY'));
  const today = uniqueId('TODAY');

  const screenUrl = (screen: string) => `${server.url}/wall/hall-3x2?screen=${screen}&token=${server.secrets.screenToken}`;
  const wallAttr = (page: Page, name: string) => page.locator('.wall').getAttribute(name);
  const tickerCases = (page: Page) =>
    page.locator('[data-testid=ticker] [data-case-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case-id')));

  beforeAll(async () => {
    mkdirSync(OUTPUT_DIR, { recursive: true });
    server = await startTestServer();
    // yesterday just after midnight (Shanghai), in Hongqiao: what the playback scene will show
    const midnight = shanghaiDayStart(Date.now()) - 24 * 60 * MIN;
    const hongqiao = grids.grids.filter((g) => g.code.startsWith('120106'));
    await server.post('/api/v1/events', {
      events: yesterday.map((id, i) => reported(id, { gridCode: hongqiao[i * 7]!.code, at: new Date(midnight + (5 + i * 3) * MIN).toISOString() })),
    });
    await server.post('/api/v1/events', { events: [reported(today, { gridCode: hongqiao[1]!.code, at: new Date().toISOString() })] });
    browser = await launchChromium();
    [mapScreen, tickerScreen] = await Promise.all([browser.newPage(), browser.newPage()]);
    for (const page of [mapScreen, tickerScreen]) {
      page.on('pageerror', (err) => pageErrors.push(err.message));
      page.on('console', (m) => {
        if (m.type() === 'error') pageErrors.push(m.text());
      });
    }
    await Promise.all([mapScreen.goto(screenUrl('1-2')), tickerScreen.goto(screenUrl('1-3'))]);
    console_ = await browser.newPage();
    await console_.setViewportSize({ width: 1280, height: 800 });
    await console_.goto(`${server.url}/console/hall-3x2?token=${server.secrets.presenterToken}&name=${encodeURIComponent('张主任')}`);
    await mapScreen.locator('[data-testid=map][data-map-ready=true]').waitFor({ timeout: WAIT });
    await tickerScreen.locator(`[data-testid=ticker] [data-case-id="${today}"]`).waitFor({ timeout: WAIT });
  }, PAGE_TIMEOUT);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it(
    'a scene pressed on the console reaches both screens, and they show the same',
    async () => {
      await console_.locator('[data-scene=hongqiao]').click({ timeout: WAIT });
      for (const page of [mapScreen, tickerScreen]) await page.locator('.wall[data-scene=hongqiao]').waitFor({ timeout: WAIT });
      expect(await wallAttr(mapScreen, 'data-state-version')).toBe(await wallAttr(tickerScreen, 'data-state-version'));
      await mapScreen.locator('[data-testid=map][data-focus="120106"]').waitFor({ timeout: WAIT });
      expect(await wallAttr(tickerScreen, 'data-playback')).toBe('off');
      await mapScreen.screenshot({ path: `${OUTPUT_DIR}/scene-hongqiao-1-2.png` });
      // a scene without the density estimate, and back to one with it: the map's layers follow without an error
      await console_.locator('[data-scene=overdue]').click({ timeout: WAIT });
      await mapScreen.locator('[data-testid=map][data-metric=overdue]').waitFor({ timeout: WAIT });
      await console_.locator('[data-scene=hongqiao]').click({ timeout: WAIT });
      await mapScreen.locator('[data-testid=map][data-metric=open]').waitFor({ timeout: WAIT });
      expect(pageErrors).toEqual([]);
    },
    PAGE_TIMEOUT,
  );

  it(
    'a screen reloaded mid-scene comes back to the scene',
    async () => {
      const version = await wallAttr(mapScreen, 'data-state-version');
      await tickerScreen.reload();
      await tickerScreen.locator('.wall[data-scene=hongqiao]').waitFor({ timeout: WAIT });
      expect(await wallAttr(tickerScreen, 'data-state-version')).toBe(version);
    },
    PAGE_TIMEOUT,
  );

  it(
    'the playback scene shows yesterday on every screen: its ticker holds yesterday’s cases, not today’s',
    async () => {
      await console_.locator('[data-scene=yesterday]').click({ timeout: WAIT });
      // the banner in the title strip (the map's top screen holds the title); the moment on the
      // other screen's panels' title lines
      await mapScreen.locator('[data-testid=playback-banner]').waitFor({ timeout: WAIT });
      await tickerScreen.locator('[data-testid=playback-tag]').first().waitFor({ timeout: WAIT });
      await tickerScreen.waitForFunction(
        (ids) => {
          // the ticker is paced and shows the rows that fit: some of yesterday's cases, then others
          const shown = [...document.querySelectorAll('[data-testid=ticker] [data-case-id]')].map((r) => r.getAttribute('data-case-id'));
          return ids.some((id) => shown.includes(id));
        },
        yesterday,
        { timeout: WAIT },
      );
      expect(await tickerCases(tickerScreen)).not.toContain(today);
      // both screens play the same moment of yesterday (the clock is the wall's, not each screen's)
      const [a, b] = await Promise.all([
        mapScreen.locator('[data-testid=playback-banner]').getAttribute('data-play-at'),
        tickerScreen.locator('[data-testid=playback-tag]').first().getAttribute('data-play-at'),
      ]);
      const midnight = shanghaiDayStart(Date.now()) - 24 * 60 * MIN;
      for (const at of [a, b]) expect(Number(at)).toBeGreaterThanOrEqual(midnight);
      expect(Math.abs(Number(a) - Number(b))).toBeLessThan(24 * 60 * MIN);
      await tickerScreen.screenshot({ path: `${OUTPUT_DIR}/scene-yesterday-1-3.png` });
    },
    PAGE_TIMEOUT,
  );

  it(
    'Esc on a screen of a keyboard wall goes back to live: today’s case is back in the ticker',
    async () => {
      await tickerScreen.keyboard.press('Escape');
      for (const page of [mapScreen, tickerScreen]) await page.locator('.wall[data-playback=off]').waitFor({ timeout: WAIT });
      await tickerScreen.locator(`[data-testid=ticker] [data-case-id="${today}"]`).waitFor({ timeout: WAIT });
      expect(await mapScreen.locator('[data-testid=playback-banner]').count()).toBe(0);
      expect(await tickerScreen.locator('[data-testid=playback-tag]').count()).toBe(0);
      // through every scene switch, playback and back, no layer failed to update
      expect(pageErrors).toEqual([]);
    },
    PAGE_TIMEOUT,
  );

  it(
    'a screen-token client that sends a command is refused',
    async () => {
      const screen = connectScreen(server, { wall: 'hall-3x2', screen: '2-1' });
      await screen.until(() => screen.snapshots.length > 0, 'a snapshot', WAIT);
      const result = await screen.socket.timeout(WAIT).emitWithAck('command', { type: 'scene', scene: 'city' });
      expect(result).toMatchObject({ ok: false, code: 'forbidden' });
      screen.close();
    },
    PAGE_TIMEOUT,
  );
});
