import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, revealReady, type WatchedPage } from './helpers/browser.ts';
import { buildFixture, type FixtureSite } from './helpers/site.ts';

describe('images in a built deck', () => {
  let site: FixtureSite;
  let w: WatchedPage;
  beforeAll(async () => {
    site = await buildFixture('valid-images', 'images');
    w = await openPage(site.url);
    await revealReady(w.page);
  });
  afterAll(async () => {
    await w?.close();
    await site?.close();
  });

  it('emits the image as a built asset with a relative URL (no placeholder left)', () => {
    const html = readFileSync(path.join(site.dir, 'index.html'), 'utf8');
    expect(html).not.toContain('__DECK_ASSET__');
    const src = /<img src="(\.\/assets\/square-[^"]+\.svg)" alt="青い四角形の図"/.exec(html)?.[1];
    expect(src).toBeDefined();
    expect(existsSync(path.join(site.dir, src!))).toBe(true);
  });

  it('shows the image in Chromium under the CSP', async () => {
    const img = w.page.locator('.reveal .slides img');
    await expect.poll(() => img.evaluate((e: HTMLImageElement) => e.complete && e.naturalWidth)).toBe(120);
    expect(w.errors).toEqual([]);
    expect(w.external).toEqual([]);
  });
});
