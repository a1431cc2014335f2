/**
 * Renders assets/og-image.svg to assets/og-image.png (1200 × 630, the Open Graph size; social
 * sites do not read SVG) with the system Chromium and the bundled deck font. Run it after editing
 * the SVG: `npx tsx scripts/draw-og-image.ts`. The PNG is committed, so builds need no browser.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { launchOptions } from '../src/node/chromium.ts';
import { fullFontFile } from '../src/vite/fonts.ts';
import { PROJECT_ROOT } from '../src/vite/config.ts';

const assets = path.join(PROJECT_ROOT, 'assets');
const svg = readFileSync(path.join(assets, 'og-image.svg'), 'utf8');
const face = (weight: 400 | 700): string =>
  `@font-face{font-family:'Noto Sans JP';font-weight:${weight};src:url(data:font/woff2;base64,${readFileSync(fullFontFile(weight)).toString('base64')}) format('woff2')}`;
const browser = await chromium.launch(launchOptions());
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 630 } });
  await page.setContent(`<!doctype html><style>${face(400)}${face(700)}html,body{margin:0}svg{display:block}</style>${svg}`);
  await page.evaluate(async () => {
    await Promise.all([document.fonts.load("700 84px 'Noto Sans JP'", 'ア'), document.fonts.load("400 40px 'Noto Sans JP'", 'ア')]);
    await document.fonts.ready;
  });
  await page.screenshot({ path: path.join(assets, 'og-image.png'), clip: { x: 0, y: 0, width: 1200, height: 630 } });
  process.stdout.write('wrote assets/og-image.png\n');
} finally {
  await browser.close();
}
