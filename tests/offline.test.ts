import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { serveDir } from '../src/node/static-server.ts';
import { cacheControlFor, IMMUTABLE } from '../src/vite/cache-control.ts';
import { browser } from './helpers/browser.ts';

/*
 * Offline after the first visit (src/vite/offline.ts, src/client/offline.ts): the built default deck
 * is served from a server of its own, visited once, then the server is shut and the page is set
 * offline (CDP); a reload and slide navigation must still work, fonts included.
 */

type RevealWindow = { Reveal: { isReady(): boolean; slide(h: number): void; getIndices(): { h: number } } };

describe('offline after the first visit', () => {
  it('precaches the site, reloads and navigates with the network gone', async () => {
    const site = path.join(inject('tmpDir'), 'offline-site');
    cpSync(inject('deckDist'), site, { recursive: true });
    const sw = readFileSync(path.join(site, 'sw.js'), 'utf8');
    const manifest = JSON.parse(readFileSync(path.join(site, 'manifest.webmanifest'), 'utf8')) as { name: string; start_url: string; icons: unknown[] };
    expect(manifest.start_url).toBe('./');
    expect(manifest.icons.length).toBeGreaterThan(0);
    expect(readFileSync(path.join(site, 'index.html'), 'utf8')).toContain('<link rel="manifest" href="./manifest.webmanifest">');
    // Every font chunk is precached, or later slides would lose their font offline.
    for (const f of JSON.parse(/const FILES = (\[.*\]);/.exec(sw)![1]!) as string[]) expect(existsSync(path.join(site, f)), f).toBe(true);
    expect(sw).toMatch(/noto-sans-jp-400-rest-/);
    expect(sw).toMatch(/noto-sans-jp-400-ui-/);

    const server = await serveDir(site);
    const context = await (await browser()).newContext({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(server.url);
      await page.waitForFunction(() => (window as unknown as RevealWindow).Reveal?.isReady());
      // Registered after load; the page is controlled once the worker has precached and claimed it.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 20_000 });

      await server.close();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      // Nothing answers any more: a request that reached the network would fail.
      expect(await page.evaluate((u) => fetch(u + 'not-precached.txt').then(() => 'answered', () => 'failed'), server.url)).toBe('failed');

      await page.reload();
      await page.waitForFunction(() => (window as unknown as RevealWindow).Reveal?.isReady());
      expect(await page.locator('.reveal .slides > section.present h1').textContent()).toBe('アメリカとロシアの関係');
      for (const h of [1, 5, 12]) {
        await page.evaluate((i) => (window as unknown as RevealWindow).Reveal.slide(i), h);
        await page.waitForFunction((i) => (window as unknown as RevealWindow).Reveal.getIndices().h === i, h);
      }
      const heading = await page.locator('.reveal .slides > section.present h2').first().textContent();
      expect(heading?.length).toBeGreaterThan(0);
      // The later slides' font chunks came from the cache too.
      await page.evaluate(() => document.fonts.ready);
      const failedFonts = await page.evaluate(() => [...document.fonts].filter((f) => f.status === 'error').length);
      expect(failedFonts).toBe(0);
      const loaded = await page.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').length);
      expect(loaded).toBeGreaterThanOrEqual(4);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('gives hashed files a year of caching and revalidates the rest (npm run preview)', () => {
    expect(cacheControlFor('/assets/index-DZoObUEK.js')).toBe(IMMUTABLE);
    expect(cacheControlFor('/deck/assets/noto-sans-jp-400-first-B5UNbgDg.woff2')).toBe(IMMUTABLE);
    for (const p of ['/', '/index.html', '/sw.js', '/manifest.webmanifest']) expect(cacheControlFor(p)).toBe('no-cache');
  });
});
