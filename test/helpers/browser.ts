// A real headless Chromium for the dashboard's tests: Debian's `chromium` (scripts/setup.mjs
// installs it), driven by puppeteer-core, which downloads no browser. Its absence fails the
// test that needs it, saying how to install it; it never skips.
import { existsSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium'];

export function chromiumPath(): string {
  const found = [process.env.TROUPE_TEST_CHROMIUM, ...CANDIDATES].find((p) => p && existsSync(p));
  if (!found) throw new Error(`Chromium not found (looked for ${CANDIDATES.join(', ')}): the dashboard tests need Debian's chromium: run 'npm run setup' or 'apt-get install -y chromium' (or set TROUPE_TEST_CHROMIUM)`);
  return found;
}

/** The coordinator serves the dashboard with the test cluster's throw-away CA, which this
 *  browser does not know: it is told to accept any certificate (--ignore-certificate-errors);
 *  the tests' own HTTPS calls check the certificate against the CA. */
export async function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    // As root, Chromium's sandbox cannot start; the page is our own.
    args: ['--no-sandbox', '--ignore-certificate-errors', '--disable-gpu', '--disable-dev-shm-usage'],
    protocolTimeout: 120_000,
  });
}

/** A directory for one test file's screenshots (kept, so a person can look at them). */
export function screenshotDir(name: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `troupe-${name}-`));
}

export interface ScreenshotCheck {
  file: string;
  bytes: number;
  width: number;
  height: number;
  /** The share of pixels that differ from the page's background (its commonest colour). */
  inkShare: number;
  /** Distinct colours among a sample of pixels: a blank or one-colour image has one or two. */
  colours: number;
}

/** Takes a full screenshot, saves it, and measures it: decoded by the browser itself (a canvas
 *  in a blank page), so that "not blank" is read from pixels, not guessed from the file size. */
export async function screenshot(browser: Browser, page: Page, file: string): Promise<ScreenshotCheck> {
  const png = Buffer.from(await page.screenshot({ type: 'png', fullPage: true }));
  writeFileSync(file, png);
  const probe = await browser.newPage();
  try {
    const measured = await probe.evaluate(async (base64: string) => {
      const img = new Image();
      img.src = `data:image/png;base64,${base64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const g = canvas.getContext('2d')!;
      g.drawImage(img, 0, 0);
      const data = g.getImageData(0, 0, img.width, img.height).data;
      const pixels = img.width * img.height;
      const frequency = new Map<number, number>();
      for (let i = 0; i < pixels; i += 7) {
        const c = (data[i * 4]! << 16) | (data[i * 4 + 1]! << 8) | data[i * 4 + 2]!;
        frequency.set(c, (frequency.get(c) ?? 0) + 1);
      }
      const commonest = [...frequency].sort((a, b) => b[1] - a[1])[0]![0];
      const bg = [commonest >> 16, (commonest >> 8) & 255, commonest & 255];
      let ink = 0;
      for (let i = 0; i < pixels; i++) {
        const r = data[i * 4]!, gr = data[i * 4 + 1]!, b = data[i * 4 + 2]!;
        if (Math.abs(r - bg[0]!) + Math.abs(gr - bg[1]!) + Math.abs(b - bg[2]!) > 30) ink++;
      }
      const colours = new Set(frequency.keys());
      return { width: img.width, height: img.height, inkShare: ink / pixels, colours: colours.size };
    }, png.toString('base64'));
    return { file, bytes: png.length, ...measured };
  } finally {
    await probe.close();
  }
}
