import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openPage, revealReady, squash, waitForSlide, type WatchedPage } from './helpers/browser.ts';
import { buildFixture, type FixtureSite } from './helpers/site.ts';


const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

let site: FixtureSite;
beforeAll(async () => {
  site = await buildFixture('lecture', 'reading');
});
afterAll(() => site?.close());

describe('reading view', () => {
  /**
   * The phone's reading page, loaded once for the two tests that read it (each scrolls to what it
   * checks, so neither depends on where the other left it): a reading page costs several deck loads.
   */
  let phone: Promise<WatchedPage> | undefined;
  const phoneReading = (): Promise<WatchedPage> =>
    (phone ??= openPage(site.url + '?view=reading', PHONE).then(async (w) => {
      await revealReady(w.page);
      return w;
    }));
  afterAll(async () => (await phone)?.close());

  it('shows every slide followed by its notes on a 375 × 812 phone, without horizontal scrolling', async () => {
    const w = await phoneReading();
    const items = w.page.locator('.reading-item');
    await expect.poll(() => items.count()).toBe(site.deck.slides.length);
    // Each item in the page, one frame after scrolling it into view (a round trip per check and
    // slide was most of this test's time): its slide's source, its notes' visibility, text and size.
    const seen = await w.page.evaluate(async () => {
      const out: Array<{ source: string | null; notes: { visible: boolean; text: string; size: number } | null }> = [];
      for (const item of document.querySelectorAll('.reading-item')) {
        const notes = item.querySelector<HTMLElement>('.reading-notes');
        let n = null;
        if (notes) {
          notes.scrollIntoView({ block: 'nearest' });
          await new Promise((r) => requestAnimationFrame(r));
          // Visible as Playwright's isVisible() means it: a box, and not visibility:hidden.
          const box = notes.getBoundingClientRect();
          n = { visible: box.width > 0 && box.height > 0 && getComputedStyle(notes).visibility === 'visible', text: notes.textContent ?? '', size: parseFloat(getComputedStyle(notes).fontSize) };
        }
        out.push({ source: item.querySelector('section')?.getAttribute('data-source') ?? null, notes: n });
      }
      return out;
    });
    expect(seen).toHaveLength(site.deck.slides.length);
    for (const s of site.deck.slides) {
      const item = seen[s.index]!;
      // The slide copy is the right slide…
      expect(item.source).toBe(`${s.source.file}:${s.source.line}`);
      // …followed by its notes as text that can be read.
      if (s.notesText) {
        expect(item.notes, item.source ?? '').not.toBeNull();
        expect(item.notes!.visible).toBe(true);
        expect(squash(item.notes!.text)).toBe(squash(s.notesText));
        expect(item.notes!.size).toBeGreaterThanOrEqual(16);
      }
    }
    // On a phone the slide is reflowed, not scaled down: its text is as readable as the notes.
    const slideText = await w.page.$$eval('.reading-slide section :is(li, p, td)', (els) =>
      els.map((e) => e.getBoundingClientRect().height > 0 ? parseFloat(getComputedStyle(e).fontSize) : 99),
    );
    expect(slideText.length).toBeGreaterThan(0);
    expect(Math.min(...slideText)).toBeGreaterThanOrEqual(14);
    // Fragments are all shown in the reading copy.
    const hidden = await w.page.$$eval('.reading .fragment', (fs) => fs.filter((f) => getComputedStyle(f).opacity !== '1').length);
    expect(hidden).toBe(0);
    const m = await w.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: innerWidth }));
    expect(m.scroll).toBeLessThanOrEqual(m.inner);
    expect(w.errors).toEqual([]);
  });

  it('keeps the phase bar in view and in step with the slide being read', async () => {
    const w = await phoneReading();
    await w.page.locator('.reading-item').first().waitFor();
    const target = site.deck.phases[2]!.firstSlide + 1;
    await w.page.locator('.reading-item').nth(target).evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await w.page.waitForFunction((n) => document.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow') === String(n), target + 1);
    // The URL names the slide being read, so it can be shared or resumed.
    await w.page.waitForFunction((h) => location.hash === h, `#/${target}`);
    const bar = await w.page.locator('.phase-bar').boundingBox();
    expect(bar?.y).toBe(0);
    expect(await w.page.locator('.phase-bar').isVisible()).toBe(true);
    const current = await w.page.$eval('[role="progressbar"] [aria-current="step"]', (e) => e.getAttribute('data-phase'));
    expect(current).toBe(site.deck.slides[target]!.phase);
    await w.page.screenshot({ path: path.join(inject('shotsDir'), 'reading-375x812.png') });
    // A bar segment scrolls the page to that phase.
    const first = site.deck.phases[1]!;
    await w.page.click(`button[data-jump="${first.id}"]`);
    await w.page.waitForFunction(
      (i) => Math.abs(document.querySelectorAll('.reading-item')[i]!.getBoundingClientRect().top - document.querySelector('.phase-bar')!.getBoundingClientRect().height) < 40,
      first.firstSlide,
    );
    expect(w.errors).toEqual([]);
  });

  it('R switches to the reading view at the current slide and back', async () => {
    const w = await openPage(site.url + '#/5');
    await revealReady(w.page);
    await w.page.keyboard.press('r');
    await w.page.locator('.reading-item').nth(5).waitFor();
    expect(new URL(w.page.url()).searchParams.get('view')).toBe('reading');
    const top = await w.page.locator('.reading-item').nth(5).evaluate((e) => e.getBoundingClientRect().top);
    expect(top).toBeGreaterThan(0);
    expect(top).toBeLessThan(200);
    expect(await w.page.locator('.reveal').first().isVisible()).toBe(false);
    // Slide keys are off while reading (Space scrolls the page, it does not change slides).
    await w.page.keyboard.press('ArrowRight');
    expect(await w.page.evaluate(() => window.Reveal.getIndices().h)).toBe(5);
    await w.page.screenshot({ path: path.join(inject('shotsDir'), 'reading-1280x720.png') });
    await w.page.keyboard.press('r');
    await w.page.locator('.reading').waitFor({ state: 'detached' });
    expect(await w.page.locator('.reveal .slides > section.present').getAttribute('data-source')).toBe(
      `${site.deck.slides[5]!.source.file}:${site.deck.slides[5]!.source.line}`,
    );
    expect(new URL(w.page.url()).searchParams.get('view')).toBe(null);
    // This slide has no fragments: the next key goes to the next slide.
    await w.page.keyboard.press('ArrowRight');
    await waitForSlide(w.page, 6);
    expect(w.errors).toEqual([]);
    await w.close();
  });
});

describe('resume', () => {
  it('returns a learner to the last slide seen, with a notice whose start-over goes to slide 1', async () => {
    const w = await openPage(site.url + '#/6');
    await revealReady(w.page);
    // No notice when the URL names the slide.
    expect(await w.page.locator('.resume-notice').count()).toBe(0);
    await w.page.keyboard.press('ArrowRight');
    await waitForSlide(w.page, 7);
    await w.page.keyboard.press('ArrowLeft');
    await waitForSlide(w.page, 6);
    // Back later, at the bare URL: slide 7 (index 6).
    await w.page.goto('about:blank');
    await w.page.goto(site.url);
    await revealReady(w.page);
    expect(await w.page.evaluate(() => window.Reveal.getIndices().h)).toBe(6);
    const notice = w.page.locator('.resume-notice');
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toContain('前回の続き(7枚目)から表示しています');
    expect(await notice.getAttribute('role')).toBe('status');
    await w.page.screenshot({ path: path.join(inject('shotsDir'), 'resume-1280x720.png') });
    await notice.getByRole('button', { name: '最初から' }).click();
    await waitForSlide(w.page, 0);
    expect(await notice.count()).toBe(0);
    // Slide 1 is now the place to resume: the bare URL opens slide 1, no notice.
    await w.page.goto('about:blank');
    await w.page.goto(site.url);
    await revealReady(w.page);
    expect(await w.page.evaluate(() => window.Reveal.getIndices().h)).toBe(0);
    expect(await w.page.locator('.resume-notice').count()).toBe(0);
    expect(w.errors).toEqual([]);
    await w.close();
  });

  it('the notice can be dismissed and a URL with #/N always wins', async () => {
    const w = await openPage(site.url + '#/3');
    await revealReady(w.page);
    await w.page.goto('about:blank');
    await w.page.goto(site.url);
    await revealReady(w.page);
    expect(await w.page.evaluate(() => window.Reveal.getIndices().h)).toBe(3);
    await w.page.locator('.resume-close').click();
    expect(await w.page.locator('.resume-notice').count()).toBe(0);
    expect(await w.page.evaluate(() => window.Reveal.getIndices().h)).toBe(3);
    await w.page.goto('about:blank');
    await w.page.goto(site.url + '#/8');
    await revealReady(w.page);
    expect(await w.page.evaluate(() => window.Reveal.getIndices().h)).toBe(8);
    expect(await w.page.locator('.resume-notice').count()).toBe(0);
    await w.close();
  });
});

describe('touch', () => {
  /** A one-finger horizontal swipe through real touch events (CDP), as a phone sends them. */
  async function swipe(page: Page, fromX: number, toX: number, y: number): Promise<void> {
    const cdp = await page.context().newCDPSession(page);
    const steps = 6;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: fromX, y }] });
    for (let i = 1; i <= steps; i++) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: fromX + ((toX - fromX) * i) / steps, y }] });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
  }

  it('swiping left and right changes slides in the normal view on a phone', async () => {
    const w = await openPage(site.url + '#/1', PHONE);
    await revealReady(w.page);
    await swipe(w.page, 300, 60, 400);
    await waitForSlide(w.page, 2);
    await swipe(w.page, 300, 60, 400);
    await waitForSlide(w.page, 3);
    await swipe(w.page, 60, 300, 400);
    await waitForSlide(w.page, 2);
    expect(w.errors).toEqual([]);
    await w.close();
  });
});

describe('phone tip', () => {
  it('suggests the reading view once on a phone held upright, and never on a wide screen', async () => {
    const wide = await openPage(site.url + '#/2');
    await revealReady(wide.page);
    expect(await wide.page.locator('.phone-tip').count()).toBe(0);
    await wide.close();

    const w = await openPage(site.url + '#/2', PHONE);
    await revealReady(w.page);
    const tip = w.page.locator('.phone-tip');
    await tip.waitFor({ state: 'visible' });
    // It sits clear of the phase bar and inside the screen.
    const box = (await tip.boundingBox())!;
    const bar = (await w.page.locator('.phase-bar').boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(bar.y);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    // Short: shown after the first slide, it must not become the page's largest paint (a phone's
    // Largest Contentful Paint would wait for reveal.js instead of the slide's heading).
    const largest = await w.page.evaluate(
      () =>
        new Promise<string>((done) =>
          new PerformanceObserver((l) => {
            const e = l.getEntries().at(-1) as PerformanceEntry & { element: Element | null };
            done(e.element?.closest('.slides') ? 'a slide' : (e.element?.className ?? 'none'));
          }).observe({ type: 'largest-contentful-paint', buffered: true }),
        ),
    );
    expect(largest).toBe('a slide');
    await tip.locator('button', { hasText: '読み物ビュー' }).click();
    await w.page.locator('.reading-item').nth(2).waitFor();
    expect(await tip.count()).toBe(0);
    // Used once: not shown again, on a new load (the reading view's ?view=reading in the address
    // makes the goto below load a new document, not only move to another slide).
    expect(new URL(w.page.url()).searchParams.get('view')).toBe('reading');
    await w.page.goto(site.url + '#/3');
    await revealReady(w.page);
    expect(await w.page.locator('.phone-tip').count()).toBe(0);
    expect(w.errors).toEqual([]);
    await w.close();
  });
});
