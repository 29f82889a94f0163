// The presenter console in real headless Chromium against a real server: it shows the wall (its
// screens, which are connected, its scenes), a scene pressed on the tablet reaches a real screen's
// socket, a refused command says why, the history names the presenter; it fits a tablet held
// either way and a laptop, in Chinese (and English), with every control big enough to tap.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grids, reported, uniqueId } from '../support/factories.ts';
import { OUTPUT_DIR, chromiumMissing, launchChromium } from '../support/chromium.ts';
import { connectScreen, startTestServer, type Screen, type TestServer } from '../support/testServer.ts';

const skip = chromiumMissing();
/** Liveness bounds on a loaded machine (other suites' Chromium beside this one), never timings. */
const PAGE_TIMEOUT = 240_000;
const WAIT = 60_000;
const NAME = '王主任';

/** Whether the built client holds the console (built before the console existed: say so, not time out). */
function consoleBuilt(): boolean {
  const assets = 'dist/client/assets';
  return existsSync(assets) && readdirSync(assets).some((f) => f.startsWith('PresenterConsole') && f.endsWith('.js'));
}

/** Something on the page that does not fit: a horizontal scrollbar, or text cut at its box's edge. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    if (document.documentElement.scrollWidth > window.innerWidth + 1)
      problems.push(`page is ${document.documentElement.scrollWidth}px wide in a ${window.innerWidth}px window`);
    for (const el of document.querySelectorAll<HTMLElement>('.console-main, .console-wall, .tab-body, .console-card, .console-header')) {
      if (el.scrollWidth > el.clientWidth + 1) problems.push(`${el.className} overflows sideways (${el.scrollWidth} > ${el.clientWidth})`);
    }
    // every visible control can be hit with a finger
    for (const el of document.querySelectorAll<HTMLElement>('.console button, .console input:not([type=range])')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || el.closest('[hidden]')) continue;
      if (r.height < 43.5 || r.width < 43.5)
        problems.push(`control "${el.textContent?.trim() || el.getAttribute('aria-label') || el.tagName}" is ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
    return problems;
  });
}

describe.skipIf(skip)('presenter console in Chromium', () => {
  let server: TestServer;
  let browser: BrowserContext;
  let page: Page;
  let screen: Screen;
  const external: string[] = [];
  const overdueCase = uniqueId('OVD');

  beforeAll(async () => {
    if (!consoleBuilt()) throw new Error('the client in dist/client has no presenter console: run `npm run build` (npm test does)');
    mkdirSync(OUTPUT_DIR, { recursive: true });
    server = await startTestServer();
    // some open cases, one long overdue (an urgent case reported 5 days ago): a spotlight candidate
    const hongqiao = grids.grids.filter((g) => g.code.startsWith('120106')).slice(0, 40);
    await server.post('/api/v1/events', { events: hongqiao.map((g) => reported(uniqueId(), { gridCode: g.code, at: new Date().toISOString() })) });
    await server.post('/api/v1/events', {
      events: [reported(overdueCase, { gridCode: hongqiao[0]!.code, urgency: 'urgent', at: new Date(Date.now() - 5 * 86_400_000).toISOString() })],
    });
    // two screens of the wall are on, four are not
    screen = connectScreen(server, { wall: 'hall-3x2', screen: '1-1' });
    connectScreen(server, { wall: 'hall-3x2', screen: '1-2' });
    await screen.until(() => screen.wallStates.length > 0, 'its first wall state', WAIT);
    browser = await launchChromium({ width: 1280, height: 800 });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) external.push(r.url());
    });
  }, PAGE_TIMEOUT);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it(
    'shows the wall: its screens (which are on), its scenes, live; all of it in Chinese on a 1280x800 laptop',
    async () => {
      await page.goto(`${server.url}/console/hall-3x2?token=${server.secrets.presenterToken}&name=${encodeURIComponent(NAME)}`);
      await page.waitForSelector('[data-testid=connection][data-status=connected]', { timeout: WAIT });
      await page.waitForSelector('[data-testid=drill-map] [data-map-ready=true]', { timeout: WAIT });
      expect(await page.textContent('[data-testid=wall-name]')).toBe('指挥大厅 3×2 拼接屏');
      expect(await page.getAttribute('[data-testid=mode]', 'data-mode')).toBe('live');
      await page.waitForSelector('.mini-screen-label[data-screen="1-2"][data-connected=true]');
      expect(await page.getAttribute('.mini-screen-label[data-screen="2-3"]', 'data-connected')).toBe('false');
      expect(await page.textContent('[data-testid=screens-online]')).toBe('屏幕在线 2/6');
      expect(await page.$$eval('[data-testid=scenes] .scene-btn', (els) => els.length)).toBeGreaterThan(1);
      // the districts of the city, with their open cases
      await page.waitForSelector('[data-testid=region-children] [data-region="120106"] .region-open');
      expect(await layoutProblems(page)).toEqual([]);
      await page.screenshot({ path: join(OUTPUT_DIR, 'console-hall-3x2.png') });
      expect(external).toEqual([]);
    },
    PAGE_TIMEOUT,
  );

  it(
    'starts a scene on the wall: a real screen receives it, the console lights it',
    async () => {
      const before = screen.wallStates.length;
      await page.click('[data-testid=scenes] .scene-btn[data-scene=hongqiao]');
      await screen.until(() => screen.wallStates.slice(before).some((s) => s.scene === 'hongqiao'), 'the scene hongqiao', WAIT);
      const state = screen.wallStates.findLast((s) => s.scene === 'hongqiao')!;
      expect(state.frame).toEqual({ focus: '120106' });
      expect(state.by).toBe(NAME);
      await page.waitForSelector('.scene-btn[data-scene=hongqiao].is-current');
      expect(await page.textContent('[data-testid=state-focus]')).toBe('天津市 › 红桥区');
      expect(await page.textContent('[data-testid=crumb-here]')).toBe('红桥区');
      expect(await page.textContent('[data-testid=last-change]')).toContain(NAME);
    },
    PAGE_TIMEOUT,
  );

  it(
    'drills down from the list: a street of Hongqiao is framed on the wall',
    async () => {
      const street = (await page.getAttribute('[data-testid=region-children] li:first-child .region-btn', 'data-region'))!;
      expect(street).toMatch(/^120106\d{3}$/);
      await page.click(`[data-testid=region-children] .region-btn[data-region="${street}"]`);
      await screen.until(() => JSON.stringify(screen.wallStates.at(-1)?.frame) === JSON.stringify({ focus: street }), `the focus ${street}`, WAIT);
      await page.waitForSelector(`[data-testid=breadcrumb] .crumb-btn[data-region="120106"]`);
      // and back up by the breadcrumb
      await page.click('[data-testid=breadcrumb] .crumb-btn[data-region="120106"]');
      await screen.until(() => JSON.stringify(screen.wallStates.at(-1)?.frame) === JSON.stringify({ focus: '120106' }), 'the focus back on 120106', WAIT);
    },
    PAGE_TIMEOUT,
  );

  it(
    "shows the district's KPIs with their definitions, for the year against the year before",
    async () => {
      await page.waitForSelector('[data-testid=kpi-table] tr[data-rate=onTimeRate] .kc-name');
      expect(await page.textContent('[data-testid=kpi-table] tr[data-rate=onTimeRate] .kc-name')).toBe('按期办结率');
      expect(await page.textContent('[data-testid=kpi-table] tr[data-rate=onTimeRate] .kc-definition')).toMatch(/超期未办结的计入分母/);
      await page.click('[data-testid=kpi-card] .kpi-period[data-period=year]');
      await page.waitForSelector('[data-testid=kpi-table] th:has-text("去年同期")');
      expect(await page.textContent('[data-testid=kpi-span]')).toMatch(/^\d{4}-01-01 至 \d{4}-\d\d-\d\d · 上报 \d+ 件 · 去年同期 \d+ 件$/);
      await page.locator('[data-testid=kpi-card]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(OUTPUT_DIR, 'console-hall-3x2-kpis.png') });
    },
    PAGE_TIMEOUT,
  );

  it(
    'says why a command was refused: a case that does not exist cannot be spotlighted',
    async () => {
      await page.click('.tab[data-tab=cases]');
      // the overdue case is offered as a candidate
      await page.waitForSelector(`[data-testid=candidates] [data-case-id="${overdueCase}"]`, { timeout: WAIT });
      await page.fill('[data-testid=case-input]', 'NO-SUCH-CASE-42');
      await page.click('[data-testid=spotlight]');
      const notice = await page.waitForSelector('[data-testid=command-notice][data-ok=false]', { timeout: WAIT });
      expect(await notice.textContent()).toContain('未找到该案件：NO-SUCH-CASE-42');
      // the real one is spotlighted
      await page.click(`[data-testid=candidates] [data-case-id="${overdueCase}"]`);
      await page.click('[data-testid=spotlight]');
      await screen.until(() => screen.wallStates.at(-1)?.spotlight === overdueCase, 'the spotlight', WAIT);
      await page.waitForSelector('[data-testid=spotlight-now]');
      // the wall now frames the case's community: its open cases are listed to pick from, this one among them
      await page.waitForSelector(`[data-testid=open-here] [data-case-id="${overdueCase}"]`, { timeout: WAIT });
      await page.waitForSelector('[data-testid=case-preview] :is(.case-title, .field-error)', { timeout: WAIT });
      await page.screenshot({ path: join(OUTPUT_DIR, 'console-hall-3x2-case.png') });
    },
    PAGE_TIMEOUT,
  );

  it(
    'lists the commands in the history: newest first, with the presenter, the refused one with its reason',
    async () => {
      await page.click('.tab[data-tab=history]');
      await page.waitForSelector('[data-testid=history-list] .history-row[data-ok=false]', { timeout: WAIT });
      const rows = await page.$$eval('[data-testid=history-list] .history-row', (els) =>
        els.map((el) => ({
          who: el.querySelector('.history-who')?.textContent,
          what: el.querySelector('.history-what')?.textContent,
          ok: el.getAttribute('data-ok'),
          why: el.querySelector('.history-why')?.textContent ?? null,
        })),
      );
      expect(rows[0]).toEqual({ who: NAME, what: `聚焦案件 ${overdueCase}`, ok: 'true', why: null });
      expect(rows[1]).toEqual({ who: NAME, what: '聚焦案件 NO-SUCH-CASE-42', ok: 'false', why: '✕ 被拒绝：未找到该案件：NO-SUCH-CASE-42' });
      expect(rows.at(-1)).toEqual({ who: NAME, what: '切换场景「红桥区」', ok: 'true', why: null });
      expect(await layoutProblems(page)).toEqual([]);
      await page.screenshot({ path: join(OUTPUT_DIR, 'console-hall-3x2-history.png') });
    },
    PAGE_TIMEOUT,
  );

  it(
    'plays yesterday back on the wall and goes back to live',
    async () => {
      await page.click('.tab[data-tab=playback]');
      await page.click('.preset-btn[data-preset=yesterday]');
      await page.waitForSelector('[data-testid=mode][data-mode=playback]', { timeout: WAIT });
      await screen.until(() => screen.wallStates.at(-1)?.playback != null, 'the playback', WAIT);
      const clock = screen.wallStates.at(-1)!.playback!;
      expect(clock.to - clock.from).toBe(86_400_000);
      expect(clock.speed).toBeCloseTo(1440, 6);
      // the clock ticks: the play time moves on (at 1440x, a few real seconds are an hour of play)
      const first = await page.textContent('[data-testid=play-clock]');
      await page.waitForFunction((t) => document.querySelector('[data-testid=play-clock]')?.textContent !== t, first, { timeout: WAIT });
      await page.click('[data-testid=pause]');
      await screen.until(() => screen.wallStates.at(-1)?.playback?.paused === true, 'the pause', WAIT);
      await page.screenshot({ path: join(OUTPUT_DIR, 'console-hall-3x2-playback.png') });
      expect(await layoutProblems(page)).toEqual([]);
      await page.click('[data-testid=back-to-live]');
      await screen.until(() => screen.wallStates.at(-1)?.playback === null, 'live again', WAIT);
      await page.waitForSelector('[data-testid=mode][data-mode=live]');
    },
    PAGE_TIMEOUT,
  );

  it(
    'fits a tablet held upright (768x1024): nothing cut off, every control tappable',
    async () => {
      await page.setViewportSize({ width: 768, height: 1024 });
      await page.click('.tab[data-tab=regions]');
      await page.waitForTimeout(500); // the map and the labels settle into the new size before the picture
      expect(await layoutProblems(page)).toEqual([]);
      await page.screenshot({ path: join(OUTPUT_DIR, 'console-hall-3x2-portrait.png') });
      await page.setViewportSize({ width: 1024, height: 768 });
      expect(await layoutProblems(page)).toEqual([]);
      await page.screenshot({ path: join(OUTPUT_DIR, 'console-hall-3x2-landscape-tablet.png') });
    },
    PAGE_TIMEOUT,
  );

  it(
    'takes the keyboard on a laptop: → starts the next scene, through the same path as the buttons',
    async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      const before = screen.wallStates.length;
      await page.keyboard.press('ArrowRight');
      // the scene was cleared by the single commands since: the first scene is next
      await screen.until(() => screen.wallStates.slice(before).some((s) => s.scene === 'city'), 'the scene city', WAIT);
      await page.waitForSelector('.scene-btn[data-scene=city].is-current');
    },
    PAGE_TIMEOUT,
  );

  it(
    'speaks English with ?lang=en, and it still fits an upright tablet',
    async () => {
      const other = await browser.newPage();
      await other.setViewportSize({ width: 768, height: 1024 });
      await other.goto(`${server.url}/console/hall-3x2?token=${server.secrets.presenterToken}&lang=en&name=Director%20Wang`);
      await other.waitForSelector('[data-testid=connection][data-status=connected]', { timeout: WAIT });
      await other.waitForSelector('[data-testid=region-children] .region-btn', { timeout: WAIT });
      expect(await other.textContent('[data-testid=wall-name]')).toBe('Command hall, 3×2 video wall');
      expect(await other.textContent('.tab[data-tab=playback]')).toBe('Playback');
      expect(await layoutProblems(other)).toEqual([]);
      await other.screenshot({ path: join(OUTPUT_DIR, 'console-hall-3x2-en-portrait.png') });
      await other.close();
    },
    PAGE_TIMEOUT,
  );

  it(
    'refuses a screen token at the handshake and says so',
    async () => {
      const other = await browser.newPage();
      await other.setViewportSize({ width: 1280, height: 800 });
      await other.goto(`${server.url}/console/hall-3x2?token=${server.secrets.screenToken}&lang=en`);
      const error = await other.waitForSelector('[data-testid=console-error]', { timeout: WAIT });
      expect(await error.textContent()).toMatch(/^The server refused the console: forbidden: a screen key only shows a wall/);
      expect(await other.getAttribute('[data-testid=connection]', 'data-status')).toBe('refused');
      expect(await other.textContent('.header-app')).toBe('Presenter console');
      await other.screenshot({ path: join(OUTPUT_DIR, 'console-refused-en.png') });
      await other.close();
    },
    PAGE_TIMEOUT,
  );

  it(
    'says loudly when the connection is lost',
    async () => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await server.stop();
      await page.waitForSelector('[data-testid=connection][data-status=lost]', { timeout: WAIT });
      expect(await page.textContent('[data-testid=console-lost]')).toMatch(/^自 \d\d:\d\d:\d\d 起与服务器断开/);
      const color = await page.$eval('[data-testid=connection]', (el) => getComputedStyle(el).backgroundColor);
      expect(color).toBe('rgb(255, 77, 94)');
    },
    PAGE_TIMEOUT,
  );
});
