// Headless Chromium from the system (Debian's package) driven by playwright-core. Where it is
// missing the browser tests are skipped with a reason, except under CI=true where that fails.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumMissing(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  const reason = `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium fonts-noto-cjk)`;
  if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}`);
  console.warn(`skipped: ${reason}`);
  return reason;
}

export async function launchChromium(viewport = { width: 1920, height: 1080 }): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'gridwall-chromium-')), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // a page drawing in software GL beside another suite's can take a while to show what it will show:
  // waits are liveness bounds here, never measurements
  context.setDefaultTimeout(60_000);
  return context;
}

export const OUTPUT_DIR = 'tests/output';

/** The unmasked WebGL renderer, e.g. "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device ...))". */
export function glRenderer(page: Page): Promise<string> {
  return page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
    if (!gl) return 'no WebGL';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return `${String(renderer)} (${gl instanceof WebGL2RenderingContext ? 'WebGL2' : 'WebGL1'})`;
  });
}
