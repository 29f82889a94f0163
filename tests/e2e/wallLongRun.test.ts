// The wall left running under a high load in headless Chromium (software GL): thousands of workers
// walking, tens of case reports a second (each closed a few seconds later, so the ticker and the KPIs
// churn). First its renderer is blocked 2 s in every 3 for BUSY_SECONDS (a screen PC drawing in
// software, a virtual desktop): the feed, in its worker, must hold — no disconnection, no banner —
// and every transition must reach the page exactly once; the ticker must account for each of them
// exactly once (a row, or counted in a summary row) while showing one row at most every 2 s, far
// fewer than come (client/store/tickerPacing.ts). Then the six screens of the hall wall open
// together in the same browser under the same load (screenshots in tests/output/hall-under-load-*.png):
// none may lose its feed or show a banner. Then the long run: every 10 s a forced GC,
// the JS heap and the DOM node count; after a warm-up the heap must stay flat (the median of the last
// three samples within 10 % of the median of the first three after the warm-up) and the DOM bounded.
// The busy minute is the long run's warm-up. LONG_RUN_MINUTES (default 1.5, after the busy minute)
// runs it longer; the samples go to tests/output/wall-long-run.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_DIR, chromiumMissing, launchChromium } from '../support/chromium.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';
import { startWallLoad, type WallLoad } from '../support/wallLoad.ts';

const skip = chromiumMissing();
const BUSY_SECONDS = Number(process.env.BUSY_SECONDS ?? 60);
const MINUTES = Number(process.env.LONG_RUN_MINUTES ?? 1.5);
const SAMPLE_S = 10;
const WORKERS = Number(process.env.LONG_RUN_WORKERS ?? 3000);
const CASES_PER_S = Number(process.env.LONG_RUN_CASES ?? 30);
/** Samples before this are the warm-up (caches, font atlases, the JIT, the ticker filling up). */
const WARMUP_S = Math.max(0, Math.max(40, Math.min(120, MINUTES * 60 * 0.25)) - BUSY_SECONDS);
const HEAP_TOLERANCE = 0.1;
/** How long the six hall screens run together under the load. */
const HALL_SECONDS = Number(process.env.HALL_SECONDS ?? 20);

/** What the page saw of its feed (installed before the wall's code runs; see client/feed/wallFeed.ts). */
interface Probe {
  /** Log positions of the ticker lines taken, in order. */
  seqs: number[];
  updates: number;
  drops: number;
  /** Each feed banner that appeared, by its text. */
  banners: string[];
  /** What the ticker's pace did (client/panels/ticker/TickerPanel.tsx), while `on`. */
  paced: {
    on: boolean;
    /** Times each line was accounted for: shown as a row, or summed up. */
    accounted: Record<number, number>;
    /** Rows that entered: the line's seq (0: a summary row), and when (the pace's clock). */
    entries: { seq: number; at: number }[];
    /** Lines summed up since the last summary row, and summary rows whose count differed from it. */
    sinceSummary: number;
    summaryMismatches: string[];
  };
}
declare const __probe: Probe;
const PROBE = `
window.__probe = { seqs: [], updates: 0, drops: 0, banners: [], paced: { on: true, accounted: {}, entries: [], sinceSummary: 0, summaryMismatches: [] } };
window.addEventListener('gridwall:ticker', (e) => {
  const p = __probe.paced;
  if (!p.on) return;
  const { entered, summarised } = e.detail;
  for (const seq of summarised) p.accounted[seq] = (p.accounted[seq] ?? 0) + 1;
  p.sinceSummary += summarised.length;
  if (entered?.kind === 'line') p.accounted[entered.seq] = (p.accounted[entered.seq] ?? 0) + 1;
  if (entered?.kind === 'summary' && entered.count !== p.sinceSummary) p.summaryMismatches.push(entered.count + ' for ' + p.sinceSummary);
  if (entered?.kind === 'summary') p.sinceSummary = 0;
  if (entered) p.entries.push({ seq: entered.kind === 'line' ? entered.seq : 0, at: entered.at });
});
window.addEventListener('gridwall:feed', (e) => {
  __probe.seqs.push(...e.detail.seqs);
  __probe.updates += 1;
  __probe.drops = e.detail.feed.drops;
});
new MutationObserver(() => {
  const banner = document.querySelector('[data-testid=feed-banner]');
  if (banner && __probe.banners.at(-1) !== banner.textContent) __probe.banners.push(banner.textContent);
}).observe(document, { childList: true, subtree: true, characterData: true });
`;

interface Sample {
  t: number;
  heapMiB: number;
  /** Elements in the document. */
  elements: number;
  /** Live DOM nodes in the renderer, detached ones included (CDP Performance `Nodes`). */
  nodes: number;
  listeners: number;
  /** Feed updates the page took since the previous sample. */
  updates: number;
  warmup: boolean;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

describe.skipIf(skip)('the wall over a long run under load', () => {
  let server: TestServer;
  let browser: BrowserContext;
  let page: Page;
  let cdp: CDPSession;
  let load: WallLoad | undefined;

  beforeAll(async () => {
    if (!existsSync('dist/client/index.html')) throw new Error('the wall is not built: run `npm run build` (npm test does)');
    mkdirSync(OUTPUT_DIR, { recursive: true });
    server = await startTestServer();
    browser = await launchChromium();
    page = browser.pages()[0] ?? (await browser.newPage());
    cdp = await browser.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.addInitScript(PROBE);
    await page.goto(`${server.url}/wall/demo?screen=1-1&token=${server.secrets.screenToken}`);
    await page.waitForSelector('[data-testid=map][data-map-ready=true] canvas', { timeout: 60_000 });
    // the load starts once the map is up (under load a software-GL page takes long to start)
    load = startWallLoad({ url: server.url, ingestKey: server.secrets.ingestKey }, { workers: WORKERS, casesPerSecond: CASES_PER_S, closeAfterMs: 8000 });
  });
  afterAll(async () => {
    await load?.stop();
    await browser?.close();
    await server?.stop();
  });

  it(`keeps its feed while its renderer is blocked 2 s in every 3 for ${BUSY_SECONDS} s, and takes every transition exactly once`, {
    timeout: (BUSY_SECONDS + 120) * 1000,
  }, async () => {
    await page.waitForFunction(() => __probe.seqs.length > 0, undefined, { timeout: 60_000 });
    // read together: lines taken between two reads would count in the window though older than it
    const [from, before] = await page.evaluate(() => [__probe.seqs.length, __probe.seqs.at(-1)!]);
    // the "connecting" banner of the start is behind us: from here on none may show
    await page.evaluate(() => (__probe.banners = []));
    await page.evaluate(() => {
      (window as unknown as { busy: unknown }).busy = setInterval(() => {
        const end = performance.now() + 2000;
        while (performance.now() < end); // a frame that takes 2 s
      }, 3000);
    });
    await new Promise((r) => setTimeout(r, BUSY_SECONDS * 1000));
    await page.evaluate(() => clearInterval((window as unknown as { busy: number }).busy));
    // everything the log held by now must have reached the page: every line of the city's wall, once, in order
    const upTo = ((await (await fetch(`${server.url}/healthz`)).json()) as { seq: number }).seq;
    await page.waitForFunction((seq) => (__probe.seqs.at(-1) ?? 0) >= seq, upTo, { timeout: 60_000 });
    const probe = await page.evaluate(() => __probe);
    const seqs = probe.seqs.slice(from).filter((s) => s <= upTo);
    // on failure, say what went wrong: lines twice, lines from before the window, lines missing
    const counts = new Map<number, number>();
    for (const s of seqs) counts.set(s, (counts.get(s) ?? 0) + 1);
    const twice = [...counts].filter(([, n]) => n > 1).map(([s]) => s);
    const missing = Array.from({ length: upTo - before }, (_, i) => before + 1 + i).filter((s) => !counts.has(s));
    const why = `drops ${probe.drops}; twice ${JSON.stringify(twice.slice(0, 20))} (${twice.length}); older than the window ${seqs.filter((s) => s <= before).length}; missing ${JSON.stringify(missing.slice(0, 20))} (${missing.length}); banners ${JSON.stringify(probe.banners)}`;
    expect(upTo - before, 'transitions logged while the renderer was blocked').toBeGreaterThan(BUSY_SECONDS * CASES_PER_S);
    expect(seqs.length, `lines taken (a gap or a repeat changes the count): ${why}`).toBe(upTo - before);
    expect(
      seqs.every((s, i) => s === before + 1 + i),
      'lines in log order, none missing, none twice',
    ).toBe(true);
    expect(probe.drops, 'disconnections of the feed').toBe(0);
    expect(probe.banners, 'feed banners shown').toEqual([]);
    expect(await page.getAttribute('.wall', 'data-feed')).toBe('live');

    // the ticker took every one of those lines exactly once (a row or a summary row), at its pace; a
    // line waits for a row 10 s at most (an urgent one 60 s: the load makes none)
    const accountedAll = (range: { from: number; to: number }) => {
      for (let s = range.from; s <= range.to; s++) if (!__probe.paced.accounted[s]) return false;
      return true;
    };
    await page.waitForFunction(accountedAll, { from: before + 1, to: upTo }, { timeout: 60_000 });
    const paced = await page.evaluate(() => {
      __probe.paced.on = false; // the long run below measures the heap: stop growing the probe
      return __probe.paced;
    });
    const accounted = Object.entries(paced.accounted).filter(([s]) => Number(s) > before && Number(s) <= upTo);
    const twiceInTicker = accounted.filter(([, n]) => n > 1).map(([s]) => s);
    expect(accounted.length, 'lines accounted for by the ticker').toBe(upTo - before);
    expect(twiceInTicker, 'lines the ticker accounted for twice').toEqual([]);
    expect(paced.summaryMismatches, 'summary rows whose count differs from the lines summed up since the one before').toEqual([]);
    // one row at most every 2 s: over the busy minute some 30 rows for 1,800 lines, a summary among them
    const entries = paced.entries;
    const gaps = entries.slice(1).map((e, i) => e.at - entries[i]!.at);
    expect(Math.min(...gaps), 'the least time between two rows entering (ms)').toBeGreaterThanOrEqual(2000);
    expect(entries.length, 'rows that entered').toBeLessThan((upTo - before) / 10);
    expect(
      entries.some((e) => e.seq === 0),
      'a summary row entered',
    ).toBe(true);
    // only rows that fit wholly are drawn: the last one ends inside the list
    const fit = await page.$eval('[data-testid=ticker] .ticker-list', (list) => ({
      list: list.getBoundingClientRect().bottom,
      last: list.lastElementChild?.getBoundingClientRect().bottom ?? 0,
    }));
    expect(fit.last, 'the bottom of the last ticker row').toBeLessThanOrEqual(fit.list + 0.5);
  });

  it('six hall screens opened together in one browser under the same load keep their feeds: no banner, no disconnection', {
    timeout: 240_000,
  }, async () => {
    const screens = ['1-1', '1-2', '1-3', '2-1', '2-2', '2-3'];
    const pages = await Promise.all(screens.map(() => browser.newPage()));
    try {
      await Promise.all(
        pages.map(async (p, i) => {
          await p.addInitScript(PROBE);
          await p.goto(`${server.url}/wall/hall-3x2?screen=${screens[i]}&token=${server.secrets.screenToken}`);
          await p.waitForFunction(() => document.querySelector('.wall')?.getAttribute('data-feed') === 'live', undefined, { timeout: 120_000 });
        }),
      );
      // every screen up, with its maps drawn: from here on none may lose its feed or say so
      await Promise.all(
        pages.map((p) =>
          p.waitForFunction(() => [...document.querySelectorAll('[data-testid=map]')].every((m) => m.getAttribute('data-map-ready') === 'true'), undefined, {
            timeout: 120_000,
          }),
        ),
      );
      await Promise.all(pages.map((p) => p.evaluate(() => (__probe.banners = []))));
      await new Promise((r) => setTimeout(r, HALL_SECONDS * 1000));
      for (const [i, p] of pages.entries()) {
        await p.screenshot({ path: join(OUTPUT_DIR, `hall-under-load-${screens[i]}.png`) });
        const probe = await p.evaluate(() => __probe);
        expect(probe.banners, `feed banners on screen ${screens[i]}`).toEqual([]);
        expect(probe.drops, `disconnections of screen ${screens[i]}`).toBe(0);
        expect(await p.$$('[data-testid=feed-banner]'), `a banner on screen ${screens[i]}`).toHaveLength(0);
      }
    } finally {
      await Promise.all(pages.map((p) => p.close()));
    }
  });

  it(`keeps a flat heap and a bounded DOM for ${MINUTES} min at ${WORKERS} workers and ${CASES_PER_S} reports/s`, {
    timeout: (MINUTES * 60 + 120) * 1000,
  }, async () => {
    let updates = await page.evaluate(() => __probe.updates);

    const samples: Sample[] = [];
    const t0 = performance.now();
    const count = Math.max(8, Math.floor((MINUTES * 60) / SAMPLE_S));
    for (let k = 1; k <= count; k++) {
      await new Promise((r) => setTimeout(r, Math.max(0, t0 + k * SAMPLE_S * 1000 - performance.now())));
      // two collections: the first may only schedule the finalisation of what it found
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
      const elements = await page.evaluate('document.getElementsByTagName("*").length');
      const taken = await page.evaluate(() => __probe.updates);
      const t = (performance.now() - t0) / 1000;
      samples.push({
        t: Math.round(t),
        heapMiB: m.JSHeapUsedSize! / 2 ** 20,
        elements: elements as number,
        nodes: m.Nodes!,
        listeners: m.JSEventListeners!,
        updates: taken - updates,
        warmup: t < WARMUP_S,
      });
      updates = taken;
    }
    const stats = await load!.stop();

    const post = samples.filter((s) => !s.warmup);
    const first = post.slice(0, 3);
    const last = post.slice(-3);
    const heapStart = median(first.map((s) => s.heapMiB));
    const heapEnd = median(last.map((s) => s.heapMiB));
    const growth = heapEnd / heapStart - 1;
    // CDP's node count includes detached nodes waiting for the collector: it swings between samples
    // (600 to 1,400 here with a constant document), so it is bounded by medians; the elements in the
    // document are the DOM's size, bounded at every sample
    const nodeBound = Math.max(...first.map((s) => s.nodes)) * 1.5;
    const elementBound = Math.max(...first.map((s) => s.elements)) * 1.1 + 50;
    writeFileSync(
      join(OUTPUT_DIR, 'wall-long-run.json'),
      `${JSON.stringify(
        {
          minutes: MINUTES,
          workers: WORKERS,
          casesPerSecond: CASES_PER_S,
          sampleEverySeconds: SAMPLE_S,
          warmupSeconds: WARMUP_S,
          load: stats,
          heapStartMiB: heapStart,
          heapEndMiB: heapEnd,
          heapGrowth: growth,
          heapTolerance: HEAP_TOLERANCE,
          nodeBound,
          elementBound,
          samples,
        },
        null,
        2,
      )}\n`,
    );
    console.log(
      `long run: heap ${heapStart.toFixed(1)} -> ${heapEnd.toFixed(1)} MiB (${(growth * 100).toFixed(1)} %), nodes ${first[0]!.nodes} -> ${last.at(-1)!.nodes}, elements ${first[0]!.elements} -> ${last.at(-1)!.elements}; samples in ${join(OUTPUT_DIR, 'wall-long-run.json')}`,
    );

    // the load really reached the page all along, or a flat heap proves nothing
    expect(post.length).toBeGreaterThanOrEqual(6);
    expect(stats.failures, stats.firstError).toBe(0);
    for (const s of post) expect(s.updates, `feed updates taken in the ${SAMPLE_S} s before t=${s.t} s`).toBeGreaterThan(SAMPLE_S);
    expect(await page.evaluate(() => __probe.drops), 'disconnections of the feed').toBe(0);
    expect(
      growth,
      `JS heap after GC: median of the first post-warm-up samples ${heapStart.toFixed(1)} MiB, of the last ${heapEnd.toFixed(1)} MiB`,
    ).toBeLessThanOrEqual(HEAP_TOLERANCE);
    // Blink counts detached nodes until its own collector runs, which the forced GC does not always
    // trigger: a single sample can read 6,542 and the next 1,053 again (CI, 2026-12-07). A leak raises
    // the floor; so the floor of the last samples is held to the bound, not their median.
    expect(Math.min(...last.map((s) => s.nodes)), 'DOM nodes (detached included), the least of the last samples').toBeLessThanOrEqual(nodeBound);
    for (const s of post) expect(s.elements, `elements at t=${s.t} s`).toBeLessThanOrEqual(elementBound);
  });
});
