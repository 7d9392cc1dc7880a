// Renders the extension icon, client/art/icon.svg, to the 128x128 PNG the marketplace wants
// (it refuses SVG icons), with headless Chromium through playwright-core:
//   node scripts/render-icon.mjs
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'client', 'art', 'icon.svg');
const target = join(root, 'client', 'media', 'icon.png');
const size = 128;

const browser = await chromium.launch({
  executablePath: process.env.DEFIB_CHROMIUM ?? '/usr/bin/chromium-headless-shell',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
  const svg = readFileSync(source, 'utf8');
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  // Transparent outside the rounded square, so the icon sits on any theme.
  await page.locator('svg').screenshot({ path: target, omitBackground: true });
  console.log(`render-icon: wrote ${target}`);
} finally {
  await browser.close();
}
