import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';

/** Debian's package; `apt-get install chromium` (CI does it in `.ci/run`). */
export const CHROMIUM = process.env['LATIGO_CHROMIUM'] ?? '/usr/bin/chromium';

/** Opens the report in a headless Chromium, offline, and hands the page to `use`. */
export async function withReportPage<T>(
  reportFile: string,
  use: (page: Page) => Promise<T>,
  viewport = { width: 1040, height: 1340 },
): Promise<T> {
  return withPage(pathToFileURL(reportFile).href, use, { viewport, offline: true });
}

/**
 * Opens `url` in a headless Chromium and hands the page to `use`. `offline` blocks the network
 * (a file needs none); a page served on loopback is opened online and checked for what it fetches.
 */
export async function withPage<T>(
  url: string,
  use: (page: Page) => Promise<T>,
  options: { viewport: { width: number; height: number }; offline: boolean },
): Promise<T> {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set LATIGO_CHROMIUM)`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless', '--disable-gpu'],
  });
  try {
    const context = await browser.newContext({ viewport: options.viewport, offline: options.offline });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    return await use(page);
  } finally {
    await browser.close();
  }
}

/** A PNG of the report's first screen (or the whole page). */
export async function screenshotReport(reportFile: string, pngFile: string, fullPage = false): Promise<void> {
  await withReportPage(reportFile, async (page) => {
    await page.screenshot({ path: pngFile, fullPage });
  });
}
