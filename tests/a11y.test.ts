import { axeViolations, seriousLines, WCAG } from './helpers/axe.ts';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openPage, type WatchedPage } from './helpers/browser.ts';

/*
 * axe-core on the reading view and the speaker view of the built default deck: no serious or
 * critical violation of WCAG 2.1 A/AA; the reading view reflows on a phone (no horizontal
 * overflow); the speaker console's keys, on the same speaker view. Every slide of the deck itself
 * (and its figures' and images' text alternatives) is checked in theme.test.ts, in the walk over
 * every slide that file makes.
 */

async function violations(page: Page, include?: string): Promise<string[]> {
  return seriousLines(await axeViolations(page, include ? [include] : [], WCAG));
}

describe('other views', () => {
  /**
   * The phone's reading page (a phone: touch, mobile viewport), loaded once for the three tests that
   * read it (none changes it): a reading page costs about five deck loads. The desktop one is a page
   * of its own: a phone page resized to 1280 px does not lay out as one opened there (checked: some
   * boxes differ).
   */
  let phone: Promise<WatchedPage> | undefined;
  const phoneReading = (): Promise<WatchedPage> =>
    (phone ??= openPage(inject('deckUrl') + '?view=reading', { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, reducedMotion: 'reduce' }).then(async (w) => {
      await w.page.locator('.reading-item').last().waitFor();
      return w;
    }));
  afterAll(async () => (await phone)?.close());

  it('reading view: no serious or critical axe violation (phone and desktop)', async () => {
    expect(await violations((await phoneReading()).page), '375 px').toEqual([]);
    const w = await openPage(inject('deckUrl') + '?view=reading', { viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' });
    try {
      await w.page.locator('.reading-item').last().waitFor();
      expect(await violations(w.page), '1280 px').toEqual([]);
    } finally {
      await w.close();
    }
    // axe over all 58 slide copies at once, twice: ~10 s alone, past 30 s on a loaded machine.
  }, 120_000);

  // Design (issue 14), here to share the phone's reading page with the axe check above.
  it('reading view on a phone: wraps narration as running text and keeps phrase breaks for the slide copy', async () => {
    const { page } = await phoneReading();
    await page.waitForSelector('.reading-notes p');
    const st = await page.evaluate(() => {
      const of = (sel: string): { wb: string; lb: string; wrap: string } => {
        const c = getComputedStyle(document.querySelector(sel)!);
        return { wb: c.wordBreak, lb: c.lineBreak, wrap: c.textWrapMode + ' ' + c.textWrapStyle };
      };
      return {
        notes: of('.reading-notes p'),
        heading: of('.reading-slide h2'),
        bullet: of('.reading-slide li'),
        // Reflowed on a phone, a slide copy keeps the reading sizes: the slide's growth is for its canvas.
        sizes: [...document.querySelectorAll('.reading-slide section.slide-content')].map((s) => parseFloat(getComputedStyle(s.querySelector('h2')!).fontSize)),
      };
    });
    expect(new Set(st.sizes)).toEqual(new Set([20]));
    expect(st.notes).toEqual({ wb: 'normal', lb: 'strict', wrap: 'wrap auto' });
    expect(st.heading.wb).toBe('auto-phrase');
    expect(st.bullet.wb).toBe('auto-phrase');
  });

  // Reflow (WCAG 1.4.10): here to share the phone's reading page (overflow.test.ts had one of its own, in the same state).
  it('reading view on a 375 px phone: no horizontal overflow', async () => {
    const w = await phoneReading();
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
    expect(result.wide).toEqual([]);
    expect(result.scrollWidth).toBeLessThanOrEqual(result.width);
  });

  /**
   * The speaker view, opened by hand (no deck window: its keys move this console only), loaded once
   * for the two tests that use it (its two previews load the deck again, ~1.3 CPU-s in all), with
   * axe's findings on it as loaded: the key test then moves it without changing what axe saw.
   */
  let speaker: Promise<{ w: WatchedPage; found: string[] }> | undefined;
  const speakerView = (): Promise<{ w: WatchedPage; found: string[] }> =>
    (speaker ??= openPage(inject('deckUrl') + '?view=speaker#/2', { viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' }).then(async (w) => {
      await w.page.waitForFunction(() => (document.querySelector('.speaker-notes-body')?.textContent ?? '').trim().length > 0);
      return { w, found: await violations(w.page) };
    }));
  afterAll(async () => (await speaker)?.w.close());

  it('speaker view: no serious or critical axe violation', async () => {
    expect((await speakerView()).found).toEqual([]);
  });

  // The speaker console reads the same key map as the deck (client-lifecycle.test.ts's subject),
  // here to share the speaker view above.
  it('speaker console keys: ignores keys while an IME is composing, and acts on them otherwise', async () => {
    const { w } = await speakerView();
    const head = () => w.page.locator('.speaker-notes-head').textContent();
    const press = (isComposing: boolean) =>
      w.page.evaluate((c) => dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', isComposing: c, bubbles: true, cancelable: true })), isComposing);
    expect(await head()).toContain('3 /');
    await press(true);
    await w.page.waitForTimeout(100);
    expect(await head()).toContain('3 /');
    await press(false);
    await expect.poll(head).toContain('4 /');
    expect(w.errors).toEqual([]);
  });
});
