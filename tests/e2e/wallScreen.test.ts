// A real wall screen in headless Chromium against a real server: the map loads from the project's
// own geography (no internet), a posted case appears in the ticker, a burst is paced (its urgent
// lines shown, the rest summed up in one row), a lost feed is announced.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fix, grids, reported, uniqueId } from '../support/factories.ts';
import { OUTPUT_DIR, chromiumMissing, glRenderer, launchChromium } from '../support/chromium.ts';
import type { TickerPacedDetail } from '../../client/panels/ticker/TickerPanel.tsx';
import { startTestServer, type TestServer } from '../support/testServer.ts';
import { TIANJIN_BOUNDS } from '../../client/geo/loadGeo.ts';
import { cameraForSlice } from '../../client/panels/map/mapCamera.ts';
import { isSoftwareGl } from '../../client/panels/map/renderMode.ts';
import { shanghaiClock } from '../../shared/shanghaiTime.ts';
import { toMercator, worldSize } from '../../shared/webMercator.ts';

const skip = chromiumMissing();
/** A test waits for the map; on a loaded machine (other suites' Chromium beside it) that takes a while. */
const PAGE_TIMEOUT = 240_000;

describe.skipIf(skip)('wall screen in Chromium', () => {
  let server: TestServer;
  let browser: BrowserContext;
  let page: Page;
  const external: string[] = [];

  beforeAll(async () => {
    if (!existsSync('dist/client/index.html')) throw new Error('the wall is not built: run `npm run build` (npm test does)');
    mkdirSync(OUTPUT_DIR, { recursive: true });
    server = await startTestServer();
    // some workers and a case before the screen opens: they must come with the snapshot
    await server.post('/api/v1/positions', {
      fixes: grids.grids.slice(0, 300).map((g, i) => fix(`W${i}`, { gridCode: g.code, lon: g.centroid[0], lat: g.centroid[1] })),
    });
    // timestamped now, not at the factories' fixed hour: the KPIs count "today" in Shanghai
    await server.post('/api/v1/events', {
      events: grids.grids.slice(0, 200).map((g) => reported(uniqueId(), { gridCode: g.code, at: new Date().toISOString() })),
    });
    // one report at this very time yesterday: the log reaches back to yesterday, so the KPIs compare
    await server.post('/api/v1/events', {
      events: [reported(uniqueId(), { gridCode: grids.grids[300]!.code, at: new Date(Date.now() - 86_400_000).toISOString() })],
    });
    browser = await launchChromium();
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('request', (r) => {
      if (!r.url().startsWith(server.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) external.push(r.url());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it(
    'shows the map, the KPIs and a new case in the ticker as it is ingested',
    async () => {
      await page.goto(`${server.url}/wall/demo?screen=1-1&token=${server.secrets.screenToken}`);
      await page.waitForSelector('[data-testid=map][data-map-ready=true] canvas', { timeout: 90_000 });
      await page.waitForSelector('[data-testid=ticker] .ticker-row');
      await page.waitForFunction(() => document.querySelector('[data-testid=kpi-reported] .kpi-value')?.textContent === '200');

      const caseId = uniqueId('E2E');
      await server.post('/api/v1/events', {
        events: [reported(caseId, { summary: '市民反映2号楼门口垃圾堆放，联系电话13912345678', urgency: 'urgent', at: new Date().toISOString() })],
      });
      const row = await page.waitForSelector(`[data-case-id="${caseId}"]`, { timeout: 60_000 });
      expect(await row.textContent()).toContain('*号楼');
      expect(await row.textContent()).not.toContain('13912345678');
      await page.waitForFunction(() => document.querySelector('[data-testid=kpi-reported] .kpi-value')?.textContent === '201');
      // the change against the same time yesterday (one report then)
      expect(await page.textContent('[data-testid=kpi-reported-change]')).toBe('较昨日同时 ▲20,000%');
      await page.waitForTimeout(1200); // let the heat tick and the ticker animation settle for the picture
      await page.screenshot({ path: join(OUTPUT_DIR, 'wall-screen.png') });
      expect(external).toEqual([]);
      // the map draws for the GL it has: lean (on change, workers in cells at city zoom) under software GL
      const renderer = await glRenderer(page);
      const lean = isSoftwareGl(renderer);
      expect(await page.getAttribute('[data-testid=map]', 'data-render'), renderer).toBe(lean ? 'lean' : 'smooth');
      expect(await page.getAttribute('[data-testid=map]', 'data-workers')).toBe(lean ? 'cells' : 'dots');
    },
    PAGE_TIMEOUT,
  );

  it(
    'paces a burst of 40 routine and 2 urgent reports: the urgent ones shown first, the others summed up in one row',
    async () => {
      // what the ticker's pace did, as the page tells it (client/panels/ticker/TickerPanel.tsx)
      await page.evaluate(() => {
        const w = window as unknown as { paced: TickerPacedDetail[] };
        w.paced = [];
        window.addEventListener('gridwall:ticker', (e) => w.paced.push((e as CustomEvent<TickerPacedDetail>).detail));
      });
      const ids = Array.from({ length: 42 }, () => uniqueId('BURST'));
      const urgent = [ids[9]!, ids[29]!];
      const now = new Date().toISOString();
      await server.post('/api/v1/events', {
        events: ids.map((id, i) => reported(id, { gridCode: grids.grids[400 + i]!.code, at: now, ...(urgent.includes(id) && { urgency: 'urgent' as const }) })),
      });
      // every one of the 42 is accounted for once: a row, or counted in the summary (a routine line
      // waits at most 10 s for a row)
      const seqs = await page.waitForFunction(
        (n) => {
          const paced = (window as unknown as { paced: TickerPacedDetail[] }).paced;
          const seen = paced.flatMap((p) => [...(p.entered?.kind === 'line' ? [p.entered.seq] : []), ...p.summarised]);
          return seen.length >= n && paced.some((p) => p.entered?.kind === 'summary') ? seen : null;
        },
        42,
        { timeout: 60_000, polling: 250 },
      );
      const paced = await page.evaluate(() => (window as unknown as { paced: TickerPacedDetail[] }).paced);
      const seen = (await seqs.jsonValue()) as number[];
      expect(new Set(seen).size, 'no line accounted twice').toBe(seen.length);
      expect(seen).toHaveLength(42);
      const entered = paced.flatMap((p) => (p.entered ? [p.entered] : []));
      const summarised = paced.flatMap((p) => p.summarised);
      // the summary row counts the lines summed up until it entered (that step's included); a line
      // still waiting may run out of time after it and go to the next summary
      const atSummary = paced.findIndex((p) => p.entered?.kind === 'summary');
      const summedBefore = paced.slice(0, atSummary + 1).flatMap((p) => p.summarised).length;
      // the urgent two enter first, then the summary row of every line summed up, then routine lines
      const rowOf = async (id: string) => Number(await page.getAttribute(`[data-case-id="${id}"]`, 'data-seq'));
      expect(entered.slice(0, 3)).toEqual([
        { kind: 'line', seq: await rowOf(urgent[0]!), at: expect.any(Number) },
        { kind: 'line', seq: await rowOf(urgent[1]!), at: expect.any(Number) },
        { kind: 'summary', count: summedBefore, at: expect.any(Number) },
      ]);
      // one row at most every 2 s
      for (let i = 1; i < entered.length; i++) expect(entered[i]!.at - entered[i - 1]!.at).toBeGreaterThanOrEqual(2000);
      // at most 2 routine lines wait: at least 38 summed up, in one row on screen
      expect(summedBefore).toBeGreaterThanOrEqual(38);
      expect(summarised.length).toBeGreaterThanOrEqual(summedBefore);
      const more = page.locator('[data-testid=ticker-more] .ticker-more-text');
      expect(await more.allTextContents()).toContain(`近1分钟另有 ${summedBefore} 条案件动态`);
      // the urgent rows are marked, and stamped with the time of the report, not of its arrival
      for (const id of urgent) {
        const row = page.locator(`[data-case-id="${id}"]`);
        expect(await row.getAttribute('class')).toContain('is-priority');
        expect(await row.locator('.ticker-time').textContent()).toBe(shanghaiClock(Date.parse(now)));
      }
      await page.locator('[data-testid=ticker]').screenshot({ path: join(OUTPUT_DIR, 'ticker-burst.png') });
    },
    PAGE_TIMEOUT,
  );

  it(
    'draws the base map and the heat: the map area is not blank',
    async () => {
      const png = PNG.sync.read(await page.locator('[data-testid=map]').screenshot());
      let districtFill = 0;
      let heat = 0;
      for (let i = 0; i < png.data.length; i += 4) {
        const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
        if (Math.abs(r - 10) < 8 && Math.abs(g - 26) < 8 && Math.abs(b - 51) < 8) districtFill += 1;
        if (r > 150 && g > 60 && b < 110 && r > b + 80) heat += 1;
      }
      const pixels = png.width * png.height;
      expect(districtFill / pixels).toBeGreaterThan(0.05);
      expect(heat).toBeGreaterThan(200);
    },
    PAGE_TIMEOUT,
  );

  it(
    'drills down on a desk: a click frames the district clicked, its KPIs and alerts follow, so labelled, Esc goes back up; the choropleth switches metric',
    async () => {
      const box = (await page.locator('[data-testid=map]').boundingBox())!;
      const rect = { left: 0, top: 0, width: box.width, height: box.height };
      const camera = cameraForSlice(TIANJIN_BOUNDS, { rect, visible: rect, scale: 1 });
      const place = grids.grids.find((g) => g.code.startsWith('120116'))!.centroid; // 滨海新区
      const [mx, my] = toMercator(place);
      const [cx, cy] = toMercator(camera.center);
      const size = worldSize(camera.zoom);
      await page.mouse.click(box.x + (mx - cx) * size + box.width / 2, box.y + (my - cy) * size + box.height / 2);
      await page.waitForSelector('[data-testid=map][data-focus="120116"]', { timeout: 60_000 });
      expect(await page.textContent('[data-testid=region-trail]')).toBe('天津市›滨海新区');
      // the desk's layout has the KPIs and alerts follow the drill-down: the district's figures, so labelled;
      // the trend stays city-wide and says so
      await page.waitForSelector('[data-testid=kpis][data-region="120116"]', { timeout: 30_000 });
      expect(await page.textContent('[data-testid=kpis] [data-testid=panel-region]')).toBe('滨海新区');
      const binhai = grids.grids.slice(0, 200).filter((g) => g.code.startsWith('120116')).length;
      await page.waitForSelector(`[data-testid=kpi-reported][data-value="${binhai}"]`);
      await page.waitForSelector('[data-testid=alerts] [data-testid=panel-region][data-region="120116"]');
      expect(await page.textContent('[data-testid=alerts] [data-testid=panel-region]')).toBe('滨海新区');
      expect(await page.textContent('[data-testid=trend-24h] [data-testid=panel-region]')).toBe('全市');
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-testid=map][data-focus="1201"]');
      // back up: city-wide again, nothing to say
      await page.waitForSelector('[data-testid=kpis][data-region="1201"]');
      expect(await page.locator('[data-testid=panel-region]').count()).toBe(0);
      await page.click('[data-testid=map-legend] button[data-metric=overdue]');
      await page.waitForSelector('[data-testid=map][data-metric=overdue]');
      await page.click('[data-testid=map-legend] button[data-metric=open]');
    },
    PAGE_TIMEOUT,
  );

  it(
    "a screen whose key is revoked says so at once, in Chinese, with the server's reason",
    async () => {
      const admin = { authorization: `Bearer ${server.secrets.adminToken}`, 'content-type': 'application/json' };
      const made = await fetch(`${server.url}/api/v1/admin/keys`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ role: 'screen', label: '临时屏', walls: ['demo'] }),
      }).then((r) => r.json());
      const other = await browser.newPage();
      await other.goto(`${server.url}/wall/demo?screen=1-1&token=${made.token}`);
      await other.waitForSelector('[data-testid=ticker] .ticker-row', { timeout: 90_000 });
      expect((await fetch(`${server.url}/api/v1/admin/keys/${made.key.id}`, { method: 'DELETE', headers: admin })).status).toBe(200);
      // the picture goes at once: nothing of the wall stays on a screen whose key is revoked
      const ended = await other.waitForSelector('[data-testid=access-ended][data-ended=true]', { timeout: 60_000 });
      expect(await ended.textContent()).toMatch(
        /^本屏已停止显示此屏的访问令牌已被撤销，画面已清除。请向管理员索取新的大屏地址。 · the key of this screen was revoked$/,
      );
      expect(await other.$('[data-testid=ticker]')).toBeNull();
      expect(await other.$('[data-testid=map]')).toBeNull();
      await other.screenshot({ path: join(OUTPUT_DIR, 'wall-key-revoked.png') });
      // a token that does not open this scope: refused, in Chinese by the refusal's code (outside_scope),
      // with the server's reason
      const street = await fetch(`${server.url}/api/v1/admin/keys`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ role: 'screen', label: '街道屏', scope: '120101001' }),
      }).then((r) => r.json());
      await other.goto(`${server.url}/wall/demo?screen=1-1&scope=1201&token=${street.token}`);
      const refused = await other.waitForSelector('[data-testid=access-ended][data-ended=false]', { timeout: 60_000 });
      expect(await refused.textContent()).toMatch(/^本屏无权显示此大屏此令牌的辖区不含本大屏要显示的范围 · the key "街道屏" sees 120101001 only/);
      await other.close();
    },
    PAGE_TIMEOUT,
  );

  it(
    'says loudly when the feed is lost',
    async () => {
      await server.stop();
      const banner = await page.waitForSelector('[data-testid=feed-banner].feed-lost', { timeout: 60_000 });
      expect(await banner.textContent()).toMatch(/数据中断 · 自 \d\d:\d\d:\d\d 起/);
      // in the wall's language, not Socket.IO's ("websocket error"), once a reconnection has failed
      await page.waitForSelector('[data-testid=feed-banner] .feed-error', { timeout: 60_000 });
      expect(await page.textContent('[data-testid=feed-banner] .feed-error')).toBe('无法连接服务器，正在重试');
      // said once on the screen, not stamped on every panel; the panels grey out
      expect(await page.$$('[data-testid=feed-banner]')).toHaveLength(1);
      const stamps = await page.$$eval('.panel, .kpi-strip', (els) => els.map((el) => getComputedStyle(el, '::after').content).filter((c) => c !== 'none'));
      expect(stamps).toEqual([]);
      expect(await page.$eval('.kpi-strip > *', (el) => getComputedStyle(el).filter)).toMatch(/grayscale/);
      // never a false all-clear: the alerts panel says their state is unknown
      expect(await page.textContent('[data-testid=alerts-unknown]')).toBe('数据中断，预警状态未知');
      await page.screenshot({ path: join(OUTPUT_DIR, 'wall-feed-lost.png') });
    },
    PAGE_TIMEOUT,
  );
});
