import { describe, expect, inject, it } from 'vitest';
import { openPage } from './helpers/browser.ts';

/*
 * The reading view of the default deck on a 375 px phone has no horizontal overflow. That every
 * slide fits the 1280 × 720 canvas is checked in theme.test.ts ("every slide fits the 1280 × 720
 * canvas"), in the walk over every slide that file makes anyway on a page in the same state.
 */

describe('reading view on a 375 px phone', () => {
  it('has no horizontal overflow', async () => {
    const w = await openPage(inject('deckUrl') + '?view=reading', { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    await w.page.locator('.reading-item').last().waitFor();
    await w.page.evaluate(() => document.fonts.ready);
    const result = await w.page.evaluate(() => {
      const wide: string[] = [];
      for (const el of document.querySelectorAll('.reading *')) {
        // Slide copies are scaled inside a clipping frame; the frame itself is measured.
        if (el.closest('.reading-canvas') || el.closest('.sr-only')) continue;
        const r = el.getBoundingClientRect();
        if (r.width > 0 && (r.right > innerWidth + 1 || r.left < -1)) wide.push(`<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}"> ${Math.round(r.left)}…${Math.round(r.right)}`);
      }
      return { scrollWidth: document.documentElement.scrollWidth, width: innerWidth, wide };
    });
    await w.close();
    expect(result.wide).toEqual([]);
    expect(result.scrollWidth).toBeLessThanOrEqual(result.width);
  });
});
