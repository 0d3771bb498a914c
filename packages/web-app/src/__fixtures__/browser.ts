import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { toolAvailable } from '@audio-dl/optional-tool';
import { chromium } from 'playwright-core';

/** Debian's `chromium` package; `.ci/run` installs it when missing. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** `it` where Chromium is installed; elsewhere `it.skip` with one line, and under CI an error. */
export function itInChromium(): jest.It {
  const missing = existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (apt-get install -y chromium)`;
  return toolAvailable('Chromium', missing) ? it : it.skip;
}

export const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface RenderedImage {
  alt: string;
  naturalWidth: number;
  naturalHeight: number;
}

/** Opens `file` in headless Chromium; returns every <img> as rendered, the page title, and optionally a screenshot. */
export async function inspectPage(
  file: string,
  screenshot?: string,
): Promise<{ title: string; images: RenderedImage[]; requests: string[]; tablesOverflowing: number }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const images = await page.$$eval('img', (imgs) =>
      imgs.map((i) => ({ alt: i.alt, naturalWidth: i.naturalWidth, naturalHeight: i.naturalHeight })),
    );
    // A table drawn past the right edge of the box that holds it (a scrolling box holds it however wide).
    const tablesOverflowing = await page.$$eval(
      'table',
      (tables) =>
        tables.filter((t) => {
          const box = t.parentElement;
          if (!box) return false;
          if (box.ownerDocument.defaultView?.getComputedStyle(box).overflowX !== 'visible') return false;
          return t.getBoundingClientRect().right > box.getBoundingClientRect().right + 0.5;
        }).length,
    );
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    return { title: await page.title(), images, requests, tablesOverflowing };
  } finally {
    await browser.close();
  }
}
