// What a person can read on a page, measured in Chromium: every visible run of text (DOM text
// nodes and SVG text, e.g. the charts'), its font size, where its lines are, and whether a box
// cuts it or an ellipsis shortens it. Three wall rules read it: legibility at the viewing
// distance, Chinese only, nothing overlapping or clipped (tests/e2e/wallLegibility.test.ts).
import type { Page } from 'playwright-core';

export interface TextRun {
  text: string;
  /** The CSS font size in screen pixels (the em box: the height of a Chinese character). */
  fontPx: number;
  /** Marked primary (KPI figures, the clock): held to the larger minimum. */
  primary: boolean;
  /** Where it is: the nearest panel's data-panel, or the nearest element's class. */
  where: string;
  /** One rectangle per line box, in screen pixels. */
  lines: { left: number; top: number; right: number; bottom: number }[];
  /** Why it is cut, if it is: by a box's edge, by an ellipsis, off the screen. */
  clipped: string | null;
  /** Inside an element marked data-verbatim (data as typed: tokens, key names, addresses). */
  verbatim: boolean;
}

export function readScreenText(page: Page): Promise<TextRun[]> {
  // tsx (esbuild's keepNames) wraps inner functions in __name(): give the page one
  return page.evaluate(`globalThis.__name ??= (f) => f; (${collectText.toString()})()`) as Promise<TextRun[]>;
}

function collectText(): TextRun[] {
  {
    const runs: TextRun[] = [];
    const vw = innerWidth;
    const vh = innerHeight;
    const visible = (el: Element): boolean => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const cs = getComputedStyle(e);
        if (cs.display === 'none' || cs.visibility === 'hidden' || Number(cs.opacity) < 0.05) return false;
      }
      return true;
    };
    const where = (el: Element): string => {
      const slot = el.closest('[data-panel]');
      const own = el.getAttribute('class') || el.tagName.toLowerCase();
      return `${slot?.getAttribute('data-panel') ?? 'page'} .${own.split(' ')[0]}`;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
      const el = node.parentElement;
      if (!text || !el || el.closest('script, style, noscript, title, option')) continue;
      if (!visible(el)) continue;
      range.selectNodeContents(node);
      // a transform (a scaled stage) changes the size on screen: take it from the box
      const ratio = el instanceof HTMLElement && el.offsetWidth > 0 ? el.getBoundingClientRect().width / el.offsetWidth : 1;
      const scale = Number.isFinite(ratio) && ratio > 0 ? ratio : 1;
      const fontPx = parseFloat(getComputedStyle(el).fontSize) * scale;
      // a line box is the font's whole content area (1.45 em in Noto Sans CJK); the glyphs fill about
      // the em box in its middle, so two lines whose boxes touch need not touch in ink
      const lines = [...range.getClientRects()]
        .filter((r) => r.width > 0.5 && r.height > 0.5)
        .map((r) => {
          const trim = Math.max(0, (r.height - fontPx) / 2);
          return { left: r.left, top: r.top + trim, right: r.right, bottom: r.bottom - trim };
        });
      if (lines.length === 0) continue;
      let clipped: string | null = null;
      let hidden = false;
      /** What the clipping boxes leave visible of the run. */
      const shown = { left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity };
      // the glyphs' box: the union of the lines' em boxes (a line box is taller than its ink)
      const box = {
        left: Math.min(...lines.map((l) => l.left)),
        top: Math.min(...lines.map((l) => l.top)),
        right: Math.max(...lines.map((l) => l.right)),
        bottom: Math.max(...lines.map((l) => l.bottom)),
      };
      for (let e: Element | null = el; e && !clipped && !hidden; e = e.parentElement) {
        const cs = getComputedStyle(e);
        if (e instanceof HTMLElement && cs.textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1) clipped = `shortened with … in ${where(e)}`;
        if (cs.overflowX === 'visible' && cs.overflowY === 'visible') continue;
        const r = e.getBoundingClientRect();
        const bl = parseFloat(cs.borderLeftWidth) || 0;
        const bt = parseFloat(cs.borderTopWidth) || 0;
        const inner = { left: r.left + bl, top: r.top + bt, right: r.left + bl + e.clientWidth, bottom: r.top + bt + e.clientHeight };
        if (e.clientWidth === 0 && e.clientHeight === 0) continue; // inline or SVG: no box of its own
        shown.left = Math.max(shown.left, inner.left);
        shown.top = Math.max(shown.top, inner.top);
        shown.right = Math.min(shown.right, inner.right);
        shown.bottom = Math.min(shown.bottom, inner.bottom);
        // wholly outside the box: not shown at all (a list's rows that do not fit wrap out of sight)
        if (box.right <= inner.left || box.left >= inner.right || box.bottom <= inner.top || box.top >= inner.bottom) hidden = true;
        // a glyph's ink may reach a pixel past the line box; more is a cut
        else if (box.left < inner.left - 2 || box.right > inner.right + 2 || box.top < inner.top - 2 || box.bottom > inner.bottom + 2)
          clipped = `cut by the edge of ${where(e)}`;
      }
      if (hidden) continue;
      if (!clipped && (box.left < -1 || box.top < -1 || box.right > vw + 1 || box.bottom > vh + 1)) clipped = 'off the screen';
      runs.push({
        text,
        fontPx,
        primary: !!el.closest('[data-primary]'),
        where: where(el),
        // only what is shown can overlap something else
        lines: lines.map((l) => ({
          left: Math.max(l.left, shown.left),
          top: Math.max(l.top, shown.top),
          right: Math.min(l.right, shown.right),
          bottom: Math.min(l.bottom, shown.bottom),
        })),
        clipped,
        verbatim: !!el.closest('[data-verbatim], code, kbd, pre, input, textarea'),
      });
    }
    return runs;
  }
}

/** The angle a height in screen pixels subtends at the viewing distance, in arc-minutes. */
export function arcMinutes(px: number, pixelPitchMm: number, viewingDistanceM: number): number {
  const mm = px * pixelPitchMm;
  return (2 * Math.atan(mm / 2 / (viewingDistanceM * 1000)) * 180 * 60) / Math.PI;
}

/** Latin words a Chinese page should not show: runs of letters, less the allowed units and the
 *  letter of a masked car plate (津B*****), which is how Chinese plates are written. */
export const LATIN_ALLOWED = new Set(['km', 'm', 'KPI']);
export function latinWords(text: string): string[] {
  const plain = text.replace(/(\p{Script=Han})[A-Z](?=[*A-Z0-9])/gu, '$1');
  return (plain.match(/[A-Za-z][A-Za-z.'-]*/g) ?? []).filter((w) => !LATIN_ALLOWED.has(w));
}

/** Pairs of runs whose line boxes overlap by more than a sliver. */
export function overlaps(runs: TextRun[]): [TextRun, TextRun][] {
  const out: [TextRun, TextRun][] = [];
  for (let i = 0; i < runs.length; i++) {
    for (let j = 0; j < i; j++) {
      const hit = runs[i]!.lines.some((a) =>
        runs[j]!.lines.some((b) => {
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          return w > 2 && h > 2;
        }),
      );
      if (hit) out.push([runs[i]!, runs[j]!]);
    }
  }
  return out;
}
