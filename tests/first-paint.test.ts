import { describe, expect, inject, it } from 'vitest';
import { browser } from './helpers/browser.ts';

/*
 * The first slide by CSS alone (src/client/styles/first-paint.css, src/vite/first-paint.ts): with
 * every script refused it is laid out and shown in the deck font exactly where reveal.js puts it,
 * and reveal.js booting moves nothing (no layout shift), at a desktop and a phone size.
 */

type Box = { x: number; y: number; width: number; height: number };
const box = (sel: string): Box => {
  const r = document.querySelector(sel)!.getBoundingClientRect();
  return { x: r.x, y: r.y, width: r.width, height: r.height };
};
const H1 = '.reveal .slides > section:first-child h1';

/** Box and painted style of the first slide and of every element in it, in document order. */
type Look = Box & { tag: string; style: string };
const looks = (): Look[] => {
  const first = document.querySelector('.reveal .slides > section:first-child')!;
  return [first, ...first.querySelectorAll('*')].map((e) => {
    const r = e.getBoundingClientRect();
    const cs = getComputedStyle(e);
    const style = ['color', 'background-color', 'font-family', 'font-size', 'font-weight', 'line-height', 'visibility', 'opacity', 'display']
      .map((k) => cs.getPropertyValue(k))
      .join('|');
    return { tag: e.tagName, x: r.x, y: r.y, width: r.width, height: r.height, style };
  });
};

describe('first slide before reveal.js', () => {
  for (const [width, height] of [
    [1280, 720],
    [412, 823],
  ] as const) {
    it(`is laid out by CSS alone, in the deck font, and does not move when reveal.js starts (${width}×${height})`, async () => {
      const context = await (await browser()).newContext({ viewport: { width, height }, serviceWorkers: 'block' });
      try {
        const noScript = await context.newPage();
        await noScript.route(/\.js(\?|$)/, (r) => r.abort());
        await noScript.goto(inject('deckUrl'));
        await noScript.evaluate(() => document.fonts.ready);
        expect(await noScript.evaluate(() => 'Reveal' in window)).toBe(false);
        const before = await noScript.evaluate(box, H1);
        // Only the first, render-blocking stylesheet is in (main.ts brings the rest): what it paints.
        const firstLooks = await noScript.evaluate(looks);
        expect(before.width).toBeGreaterThan(width / 4);
        expect(before.y + before.height).toBeLessThanOrEqual(height);
        const font = await noScript.evaluate((sel) => {
          const h = document.querySelector(sel)!;
          return { family: getComputedStyle(h).fontFamily, loaded: document.fonts.check(`700 16px "Noto Sans JP"`, h.textContent!) };
        }, H1);
        expect(font.family).toMatch(/Noto Sans JP/);
        expect(font.loaded).toBe(true);

        const page = await context.newPage();
        await page.addInitScript(() => {
          const w = window as unknown as { __shift: number };
          w.__shift = 0;
          new PerformanceObserver((l) => {
            for (const e of l.getEntries()) w.__shift += (e as unknown as { value: number }).value;
          }).observe({ type: 'layout-shift', buffered: true });
        });
        await page.goto(inject('deckUrl'));
        await page.waitForFunction(() => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady());
        await page.evaluate(() => document.fonts.ready);
        await page.waitForTimeout(300);
        const after = await page.evaluate(box, H1);
        for (const k of ['x', 'y', 'width', 'height'] as const) expect(after[k], k).toBeCloseTo(before[k], 0);
        // With main.ts's complete stylesheet (reveal.css, the theme, the plugins' styles) in, every
        // element of the first slide keeps its box and its look.
        expect(await page.evaluate(() => document.styleSheets.length)).toBeGreaterThan(1);
        const bootLooks = await page.evaluate(looks);
        expect(bootLooks.map((l) => `${l.tag} ${l.style}`)).toEqual(firstLooks.map((l) => `${l.tag} ${l.style}`));
        bootLooks.forEach((l, i) => {
          for (const k of ['x', 'y', 'width', 'height'] as const) expect(l[k], `${l.tag} #${i} ${k}`).toBeCloseTo(firstLooks[i]![k], 0);
        });
        expect(await page.evaluate(() => (window as unknown as { __shift: number }).__shift)).toBe(0);
      } finally {
        await context.close();
      }
    });
  }
});
