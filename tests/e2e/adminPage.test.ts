// The administrator's page in real headless Chromium against a real server: it lists the server's
// keys (the environment's, marked), makes a street-scoped screen key through the form and shows its
// token once with a screen URL that really opens the wall within that street, rotates it (the old
// token is refused at once, the open screen says so) and revokes the new one (refused too), shows
// those actions in the audit log, says why an admin key cannot revoke itself, and replaces itself
// with a clear message for no key or a wrong one. In Chinese, at 1280×800 and 1920×1080.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statutoryDaysOff } from '../../shared/statutoryHolidays.ts';
import { OUTPUT_DIR, chromiumMissing, launchChromium } from '../support/chromium.ts';
import { GRID, grids } from '../support/factories.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';

const skip = chromiumMissing();
/** Liveness bounds on a loaded machine, never timings (ADMIN_TEST_WAIT=10000 fails faster while debugging). */
const WAIT = Number(process.env.ADMIN_TEST_WAIT ?? 60_000);
const TEST_TIMEOUT = 120_000;
const STREET = '120106004'; // 红桥区 丁字沽街道
const LABEL = '丁字沽街道值班屏';

function adminBuilt(): boolean {
  const assets = 'dist/client/assets';
  return existsSync(assets) && readdirSync(assets).some((f) => f.startsWith('AdminPage') && f.endsWith('.js'));
}

/** What does not fit: a page wider than its window, a header or toolbar cut sideways, a dialog taller than the window. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    if (document.documentElement.scrollWidth > window.innerWidth + 1)
      problems.push(`page is ${document.documentElement.scrollWidth}px wide in a ${window.innerWidth}px window`);
    for (const el of document.querySelectorAll<HTMLElement>('.admin-header, .toolbar, .table-wrap, .dialog-body, .notice-box')) {
      if (el.scrollWidth > el.clientWidth + 1) problems.push(`${el.className} overflows sideways (${el.scrollWidth} > ${el.clientWidth})`);
    }
    for (const el of document.querySelectorAll<HTMLElement>('.admin-dialog, .admin-header')) {
      const r = el.getBoundingClientRect();
      if (r.bottom > window.innerHeight + 1 || r.top < -1)
        problems.push(`${el.className} runs out of the window (${Math.round(r.top)}..${Math.round(r.bottom)})`);
    }
    return problems;
  });
}

const status = async (server: TestServer, token: string, path = '/api/v1/walls/demo') => {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

const rowOf = (id: string) => `[data-testid=key-row][data-key-id="${id}"]`;

describe.skipIf(skip)('administrator page in Chromium', () => {
  let server: TestServer;
  let browser: BrowserContext;
  let page: Page;
  let adminUrl: string;
  const external: string[] = [];
  /** The servers this test starts: every request must go to one of them (nothing from the internet). */
  const ownServers: string[] = [];
  /** Script errors and content-security-policy refusals on any page (a refused 401 fetch is expected, not listed). */
  const pageErrors: string[] = [];
  let first: { id: string; token: string; screenUrl: string };
  let second: { id: string; token: string };
  let screenPage: Page;

  beforeAll(async () => {
    if (!adminBuilt()) throw new Error('the client in dist/client has no admin page: run `npx vite build` (npm test does)');
    mkdirSync(OUTPUT_DIR, { recursive: true });
    server = await startTestServer();
    ownServers.push(server.url);
    adminUrl = `${server.url}/admin?token=${server.secrets.adminToken}`;
    browser = await launchChromium({ width: 1280, height: 800 });
    browser.setDefaultTimeout(WAIT);
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) pageErrors.push(m.text());
    });
    browser.on('page', (p) => {
      p.on('pageerror', (err) => pageErrors.push(err.message));
      p.on('console', (m) => {
        if (/Content.Security.Policy/i.test(m.text())) pageErrors.push(m.text());
      });
    });
    browser.on('request', (r) => {
      if (!ownServers.some((u) => r.url().startsWith(u)) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) external.push(r.url());
    });
  }, TEST_TIMEOUT);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it(
    'without a key says how to get one',
    async () => {
      await page.goto(`${server.url}/admin`);
      const notice = await page.waitForSelector('[data-testid=admin-no-token]');
      const text = (await notice.textContent())!;
      expect(text).toContain('需要管理员密钥');
      expect(text).toContain('npm run gridwall -- keys create admin --label');
      expect(await layoutProblems(page)).toEqual([]);
      await page.screenshot({ path: join(OUTPUT_DIR, 'admin-no-token.png') });
    },
    TEST_TIMEOUT,
  );

  it(
    "lists the server's keys in words: the environment's marked, with no rotate or revoke",
    async () => {
      await page.goto(adminUrl);
      await page.waitForSelector('[data-testid=key-row]');
      const rows = await page.$$eval('[data-testid=key-row]', (els) =>
        els.map((el) => ({
          role: el.getAttribute('data-role'),
          origin: el.getAttribute('data-origin'),
          state: el.querySelector('[data-testid=key-state]')?.textContent,
          badge: el.querySelector('.role-badge')?.textContent,
          actions: el.querySelectorAll('button').length,
          own: el.querySelector('.own-tag') !== null,
        })),
      );
      expect(rows.map((r) => r.role).sort()).toEqual(['admin', 'ingest', 'presenter', 'screen']);
      expect(rows.every((r) => r.origin === 'env' && r.state === '有效' && r.actions === 0)).toBe(true);
      expect(rows.map((r) => r.badge).sort()).toEqual(['主讲', '大屏', '数据接入', '管理员'].sort());
      expect(rows.find((r) => r.role === 'admin')?.own).toBe(true);
      expect(await page.textContent('[data-testid=key-count]')).toBe('共 4 把密钥');
      // the role filter
      await page.selectOption('[data-testid=role-filter]', 'screen');
      expect(await page.$$eval('[data-testid=key-row]', (els) => els.map((el) => el.getAttribute('data-role')))).toEqual(['screen']);
      await page.selectOption('[data-testid=role-filter]', 'all');
      expect(await layoutProblems(page)).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'makes a street-scoped screen key for wall demo; its token and screen URL are shown once and open the wall',
    async () => {
      await page.click('[data-testid=new-key]');
      await page.waitForSelector('[data-testid=new-key-dialog]');
      // a missing label is said, nothing is sent
      await page.click('[data-testid=create-key]');
      expect(await page.textContent('[data-testid=form-error]')).toBe('请填写名称');
      await page.check('[data-testid=role-screen]');
      await page.fill('[data-testid=key-label]', LABEL);
      await page.check('[data-testid=wall-checks] input[data-wall=demo]');
      await page.fill('[data-testid=scope-search]', '丁字沽');
      await page.click(`[data-testid=scope-options] [data-code="${STREET}"]`);
      expect(await page.getAttribute('[data-testid=scope-chosen]', 'data-code')).toBe(STREET);
      expect(await page.textContent('[data-testid=scope-chosen]')).toBe(`红桥区 丁字沽街道（${STREET}）`);
      expect(await layoutProblems(page)).toEqual([]);
      await page.screenshot({ path: join(OUTPUT_DIR, 'admin-new-key.png') });
      await page.click('[data-testid=create-key]');

      await page.waitForSelector('[data-testid=token-dialog]');
      const token = await page.inputValue('[data-testid=token-value]');
      expect(token).toMatch(/^st_/);
      expect(await page.textContent('[data-testid=token-dialog] .token-warning')).toContain('只在此显示这一次');
      const urls = await page.$$eval('[data-testid=screen-url]', (els) => els.map((el) => el.getAttribute('data-url')));
      expect(urls).toEqual([`${server.url}/wall/demo?screen=1-1&token=${encodeURIComponent(token)}&scope=${STREET}`]);
      expect(await page.textContent('[data-testid=screen-url] .link-url')).toBe(urls[0]);
      first = { id: (await page.getAttribute('[data-testid=token-dialog] .token-box', 'data-key-id'))!, token, screenUrl: urls[0]! };
      expect(await layoutProblems(page)).toEqual([]);
      await page.screenshot({ path: join(OUTPUT_DIR, 'admin-token-dialog.png') });

      // the token reads the wall within the street
      const read = await status(server, token);
      expect(read.status).toBe(200);
      expect(read.body.scope).toBe(STREET);
      // and its URL opens the wall: the screen connects
      screenPage = await browser.newPage();
      await screenPage.setViewportSize({ width: 960, height: 600 });
      await screenPage.goto(first.screenUrl);
      await screenPage.waitForSelector('.wall[data-feed=live] [data-testid=ticker]', { timeout: WAIT });

      await page.click('[data-testid=token-close]');
      const row = await page.waitForSelector(`${rowOf(first.id)}[data-state=active]`);
      expect(await row.$eval('.cell-scope', (el) => el.firstChild?.textContent)).toBe('红桥区 丁字沽街道');
      expect(await row.$eval('.cell-walls', (el) => el.textContent)).toBe('demo');
      expect(await row.$eval('.origin-tag', (el) => el.textContent)).toBe('服务器');
      await page.screenshot({ path: join(OUTPUT_DIR, 'admin-keys-1280.png') });
    },
    TEST_TIMEOUT,
  );

  it(
    'rotates it with no grace: the old token is refused at once and its screen says so',
    async () => {
      await page.click(`${rowOf(first.id)} [data-testid=rotate]`);
      await page.waitForSelector('[data-testid=rotate-dialog]');
      expect(await page.isChecked('[data-testid=grace-choices] input[data-grace="0"]')).toBe(true);
      expect(await page.$$eval('[data-testid=grace-choices] label', (els) => els.map((el) => el.textContent))).toEqual(['立即失效', '1小时', '1天', '7天']);
      await page.click('[data-testid=rotate-confirm]');
      await page.waitForSelector('[data-testid=token-dialog] [data-testid=previous-note]');
      const token = await page.inputValue('[data-testid=token-value]');
      expect(token).not.toBe(first.token);
      expect(await page.textContent('[data-testid=previous-note]')).toContain('旧令牌已立即失效');
      expect(await page.$$eval('[data-testid=screen-url]', (els) => els.map((el) => el.getAttribute('data-url')))).toEqual([
        `${server.url}/wall/demo?screen=1-1&token=${encodeURIComponent(token)}&scope=${STREET}`,
      ]);
      second = { id: (await page.getAttribute('[data-testid=token-dialog] .token-box', 'data-key-id'))!, token };
      expect(second.id).not.toBe(first.id);

      expect((await status(server, first.token)).status).toBe(401);
      expect((await status(server, second.token)).body.scope).toBe(STREET);
      // the open screen is cut off and says why (a page that clears itself, or the lost-feed banner's reason)
      const refused = await screenPage.waitForSelector('[data-testid=access-ended], [data-testid=feed-banner] .feed-error', { timeout: WAIT });
      expect(await refused.textContent()).toContain('访问令牌');
      await screenPage.close();

      await page.click('[data-testid=token-close]');
      await page.waitForSelector(`${rowOf(first.id)}[data-state=expired]`);
      expect(await page.textContent(`${rowOf(first.id)} [data-testid=key-state]`)).toMatch(/^已过期于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      await page.waitForSelector(`${rowOf(second.id)}[data-state=active]`);
    },
    TEST_TIMEOUT,
  );

  it(
    'revokes the new key after a confirmation that names it: its row says revoked, its token is refused',
    async () => {
      await page.click(`${rowOf(second.id)} [data-testid=revoke]`);
      const dialog = await page.waitForSelector('[data-testid=revoke-dialog]');
      const text = (await dialog.textContent())!;
      expect(text).toContain(`「${LABEL}」`);
      expect(text).toContain('立刻断开');
      expect(await layoutProblems(page)).toEqual([]);
      await page.screenshot({ path: join(OUTPUT_DIR, 'admin-revoke-dialog.png') });
      await page.click('[data-testid=revoke-confirm]');
      await page.waitForSelector(`${rowOf(second.id)}[data-state=revoked]`);
      expect(await page.textContent(`${rowOf(second.id)} [data-testid=key-state]`)).toMatch(/^已撤销于 /);
      expect(await page.$$(`${rowOf(second.id)} button`)).toHaveLength(0);
      expect((await status(server, second.token)).status).toBe(401);
      // the state filter
      await page.selectOption('[data-testid=state-filter]', 'revoked');
      expect(await page.$$eval('[data-testid=key-row]', (els) => els.map((el) => el.getAttribute('data-key-id')))).toEqual([second.id]);
      await page.selectOption('[data-testid=state-filter]', 'all');
    },
    TEST_TIMEOUT,
  );

  it(
    'shows key.create, key.rotate and key.revoke in the audit log, filtered by action',
    async () => {
      await page.click('.admin-tab[data-tab=audit]');
      await page.waitForSelector('[data-testid=audit-row][data-action="key.revoke"]');
      const rows = await page.$$eval('[data-testid=audit-row]', (els) =>
        els.map((el) => ({
          action: el.getAttribute('data-action'),
          target: el.getAttribute('data-target'),
          ok: el.getAttribute('data-ok'),
          words: el.querySelector('.cell-action')?.firstChild?.textContent,
          who: el.querySelector('.cell-who')?.textContent,
        })),
      );
      // newest first
      expect(rows.map((r) => `${r.action} ${r.target}`)).toEqual([`key.revoke ${second.id}`, `key.rotate ${first.id}`, `key.create ${first.id}`]);
      expect(rows.map((r) => r.words)).toEqual(['撤销密钥', '轮换密钥', '新建密钥']);
      expect(rows.every((r) => r.ok === 'true' && r.who === 'GRIDWALL_ADMIN_TOKEN管理员')).toBe(true);
      await page.selectOption('[data-testid=action-filter]', 'key.rotate');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=audit-row]').length === 1);
      expect(await page.getAttribute('[data-testid=audit-row]', 'data-action')).toBe('key.rotate');
      await page.selectOption('[data-testid=action-filter]', '');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=audit-row]').length === 3);
      expect(await layoutProblems(page)).toEqual([]);
      await page.screenshot({ path: join(OUTPUT_DIR, 'admin-audit-1280.png') });
    },
    TEST_TIMEOUT,
  );

  it(
    'at 1920×1080 and in English the same fits',
    async () => {
      await page.setViewportSize({ width: 1920, height: 1080 });
      await page.click('.admin-tab[data-tab=keys]');
      await page.waitForSelector(rowOf(second.id));
      expect(await layoutProblems(page)).toEqual([]);
      await page.screenshot({ path: join(OUTPUT_DIR, 'admin-keys-1920.png') });
      await page.goto(`${adminUrl}&lang=en`);
      await page.waitForSelector(rowOf(second.id));
      expect(await page.textContent(`${rowOf(second.id)} .role-badge`)).toBe('Screen');
      expect(await page.textContent(`${rowOf(second.id)} .cell-scope`)).toContain('Hongqiao 丁字沽街道');
      await page.click('.admin-tab[data-tab=audit]');
      await page.waitForSelector('[data-testid=audit-row]');
      expect(await layoutProblems(page)).toEqual([]);
      await page.screenshot({ path: join(OUTPUT_DIR, 'admin-audit-1920-en.png') });
      await page.setViewportSize({ width: 1280, height: 800 });
    },
    TEST_TIMEOUT,
  );

  it(
    'says that an admin key cannot revoke itself (409 own_key)',
    async () => {
      const made = await fetch(`${server.url}/api/v1/admin/keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.secrets.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'admin', label: '第二管理员' }),
      }).then((r) => r.json() as Promise<{ key: { id: string }; token: string }>);
      await page.goto(`${server.url}/admin?token=${made.token}`);
      await page.click(`${rowOf(made.key.id)} [data-testid=revoke]`);
      await page.click('[data-testid=revoke-confirm]');
      const error = await page.waitForSelector('[data-testid=revoke-dialog] [data-testid=dialog-error]');
      expect(await error.textContent()).toContain('管理员密钥不能撤销自身');
      expect(await error.textContent()).toContain('cannot revoke itself');
      expect((await status(server, made.token, '/api/v1/admin/keys')).status).toBe(200);
    },
    TEST_TIMEOUT,
  );

  it(
    'pages back through the audit log 50 at a time',
    async () => {
      // 50 more entries: keys made through the API
      for (let i = 0; i < 50; i++) {
        const res = await fetch(`${server.url}/api/v1/admin/keys`, {
          method: 'POST',
          headers: { authorization: `Bearer ${server.secrets.adminToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ role: 'ingest', label: `来源 ${i}` }),
        });
        expect(res.status).toBe(201);
      }
      await page.goto(adminUrl);
      await page.click('.admin-tab[data-tab=audit]');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=audit-row]').length === 50);
      await page.click('[data-testid=audit-older]');
      // 3 from the page, 1 second admin, 50 sources: 54, newest first, each once
      await page.waitForSelector('[data-testid=audit-end]');
      const ids = await page.$$eval('[data-testid=audit-row]', (els) => els.map((el) => `${el.getAttribute('data-action')} ${el.getAttribute('data-target')}`));
      expect(ids).toHaveLength(54);
      expect(new Set(ids).size).toBe(54);
      expect(ids.at(-1)).toBe(`key.create ${first.id}`);
    },
    TEST_TIMEOUT,
  );

  it(
    "makes a device key for a grid worker's phone: the worker is asked for, an unknown one refused, the key sees his street",
    async () => {
      await page.goto(adminUrl);
      await page.click('[data-testid=new-key]');
      await page.check('[data-testid=role-device]', { force: true }); // the radio sits under its segment's label
      await page.fill('[data-testid=key-label]', '张伟的手机');
      await page.click('[data-testid=create-key]');
      expect(await page.textContent('[data-testid=form-error]')).toBe('请填写这部手机所属网格员的编号');
      await page.fill('[data-testid=key-worker]', 'W999999999999999');
      await page.click('[data-testid=create-key]');
      expect(await (await page.waitForSelector('[data-testid=form-error]:has-text("roster")')).textContent()).toContain('W999999999999999');
      const worker = `W${GRID}`;
      await page.fill('[data-testid=key-worker]', worker);
      expect(await layoutProblems(page)).toEqual([]);
      await page.screenshot({ path: join(OUTPUT_DIR, 'admin-device-key.png') });
      await page.click('[data-testid=create-key]');
      await page.waitForSelector('[data-testid=token-dialog]');
      expect(await page.inputValue('[data-testid=token-value]')).toMatch(/^dk_/);
      await page.keyboard.press('Escape');
      const row = await page.waitForSelector('[data-testid=key-row][data-role=device]');
      expect(await row.$eval('.cell-walls', (el) => el.textContent)).toBe(worker);
      expect(await row.$eval('.cell-scope', (el) => el.textContent)).toContain('街道');
    },
    TEST_TIMEOUT,
  );

  it(
    'over the admin rate limit says how long to wait',
    async () => {
      const limited = await startTestServer({ env: { RATE_LIMIT_ADMIN: '1' } });
      ownServers.push(limited.url);
      try {
        await page.goto(`${limited.url}/admin?token=${limited.secrets.adminToken}`);
        await page.waitForSelector('[data-testid=key-row]');
        // several refreshes at once: beyond one admin request a second the server answers 429 with Retry-After
        await page.evaluate(() => {
          const refresh = [...document.querySelectorAll<HTMLButtonElement>('.toolbar button')].find((b) => b.textContent === '刷新')!;
          for (let i = 0; i < 5; i++) refresh.click();
        });
        const banner = await page.waitForSelector('[data-testid=admin-banner]');
        expect(await banner.textContent()).toMatch(/请求过于频繁.*请等待 \d+ 秒后重试.*服务器答复：rate limit/);
        expect(await layoutProblems(page)).toEqual([]);
        await page.screenshot({ path: join(OUTPUT_DIR, 'admin-rate-limited.png') });
      } finally {
        await limited.stop();
      }
    },
    TEST_TIMEOUT,
  );

  it(
    "shows how far the official holiday schedules reach, and loads next year's from the page",
    async () => {
      await page.goto(adminUrl);
      await page.click('[data-tab=calendar]');
      const reach = await page.waitForSelector('[data-testid=calendar-reach]:has-text("官方安排")');
      expect(await reach.textContent()).toMatch(/^官方安排截至 \d{4}-12-31$|^今年尚无官方安排$/);
      await page.screenshot({ path: join(OUTPUT_DIR, 'admin-calendar-before.png') }); // with its warning in the last 30 days of the official years
      const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear() + 1;
      // not JSON: said so, nothing sent
      await page.fill('[data-testid=calendar-input]', '{"year": 20');
      await page.click('[data-testid=calendar-load]');
      expect(await page.textContent('[data-testid=calendar-message].is-error')).toMatch(/^不是有效的 JSON/);
      // a Saturday listed as a day off: the server's reason
      const saturday = Array.from({ length: 7 }, (_, d) => `${year}-03-0${d + 1}`).find((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 6)!;
      await page.fill('[data-testid=calendar-input]', JSON.stringify({ year, holidays: [saturday], workdays: [] }));
      await page.click('[data-testid=calendar-load]');
      await page.waitForSelector('[data-testid=calendar-message].is-error:has-text("Saturday or Sunday")');
      await page.fill('[data-testid=calendar-input]', JSON.stringify({ year, source: '测试：法定节假日', holidays: statutoryDaysOff(year), workdays: [] }));
      await page.check('.calendar input[type=checkbox]');
      await page.click('[data-testid=calendar-load]');
      await page.waitForSelector(`[data-testid=calendar-message].is-ok:has-text("已载入 ${year} 年的安排")`);
      await page.waitForSelector(`.calendar-table tr[data-year="${year}"]`);
      expect(await layoutProblems(page)).toEqual([]);
      await page.screenshot({ path: join(OUTPUT_DIR, 'admin-calendar.png') });
      expect(external).toEqual([]);
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'shows the duty list read-only, with how each line routes and the lines whose cases come back marked',
    async () => {
      // a noise case in 丁字沽街道: the police station returns it, the district's ecology bureau gets it
      const caseId = `ADM-DUTY-${Date.now().toString(36)}`;
      const t = Date.now() - 3_600_000;
      const at = (m: number) => new Date(t + m * 60_000).toISOString();
      const grid = grids.grids.find((g) => g.code.startsWith(STREET))!.code;
      const posted = await server.post('/api/v1/events', {
        events: [
          {
            eventId: `${caseId}:1`,
            caseId,
            type: 'reported',
            at: at(0),
            gridCode: grid,
            category: 'environment.noise',
            urgency: 'ordinary',
            source: 'hotline_12345',
            summary: '夜间施工噪音',
          },
          { eventId: `${caseId}:2`, caseId, type: 'accepted', at: at(1) },
          { eventId: `${caseId}:3`, caseId, type: 'dispatched', at: at(2), unit: '丁字沽街道派出所', department: '120106004-ga' },
          { eventId: `${caseId}:4`, caseId, type: 'returned', at: at(3), reason: '施工噪声不属于本单位职责' },
          { eventId: `${caseId}:5`, caseId, type: 'dispatched', at: at(4), unit: '红桥区生态环境局', department: '120106-sthj' },
        ],
      });
      expect(posted.status).toBe(200);
      await page.goto(adminUrl);
      await page.click('[data-tab=departments]');
      await page.waitForSelector('[data-testid=departments-summary]:has-text("清单版本")');
      expect(await page.textContent('[data-testid=departments-summary]')).toMatch(/^清单版本 \S+：2002 个部门，30 条职责$/);
      const gas = page.locator('.departments-table tr[data-category="safety.gas"] td');
      expect(await gas.allTextContents()).toEqual(expect.arrayContaining(['燃气安全', '燃气']));
      const noise = page.locator('.departments-table tr[data-category="environment.noise"]');
      await page.waitForSelector('.departments-table tr[data-category="environment.noise"].is-misleading');
      expect((await noise.locator('td').allTextContents()).slice(0, 8)).toEqual(['噪声扰民', '公安', '生态环境', '1', '1', '1', '0', '100.0%']);
      expect(await layoutProblems(page)).toEqual([]);
      await noise.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(OUTPUT_DIR, 'admin-departments.png') });
      expect(external).toEqual([]);
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'with a wrong key shows that the admin key is invalid or revoked',
    async () => {
      await page.goto(`${server.url}/admin?token=ak_not-a-key-of-this-server-000`);
      const refused = await page.waitForSelector('[data-testid=admin-refused][data-kind=invalid]');
      expect(await refused.textContent()).toContain('管理员密钥无效或已被撤销');
      expect(await page.textContent('[data-testid=refused-message]')).toMatch(/^服务器答复：/);
      expect(await layoutProblems(page)).toEqual([]);
      await page.screenshot({ path: join(OUTPUT_DIR, 'admin-invalid-key.png') });
      // a screen key is not an admin key
      await page.goto(`${server.url}/admin?token=${server.secrets.screenToken}`);
      await page.waitForSelector('[data-testid=admin-refused][data-kind=notAdmin]');
      expect(external).toEqual([]);
      expect(pageErrors).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
