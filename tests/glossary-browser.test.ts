import { execFileSync } from 'node:child_process';
import { axeViolations } from './helpers/axe.ts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportResult } from '../src/node/pdf/export.ts';
import { goToSlide, openDeckAtRest, squash, waitForSlide, type WatchedPage } from './helpers/browser.ts';
import { GLOSSARY_PRINT, printedFixture } from './helpers/printed.ts';
import { buildFixture, type FixtureSite } from './helpers/site.ts';

/*
 * Glossary popovers, the glossary slide, furigana toggling and printing, on tests/fixtures/glossary
 * built once with the real build: Chromium for the views, poppler's pdftotext for the PDFs.
 */

let site: FixtureSite;
beforeAll(async () => {
  site = await buildFixture('glossary', 'gloss');
});
afterAll(() => site?.close());

const TERM = (t: string): string => `.reveal .slides > section.present [data-term="${t}"]`;

/** The open popovers' and the visible slide's rectangles, in screen px. */
async function geometry(page: Page): Promise<{ count: number; pop?: DOMRect; slide: DOMRect; screen: { w: number; h: number } }> {
  return page.evaluate(() => {
    const pops = document.querySelectorAll('.term-popover');
    const r = (e: Element): DOMRect => JSON.parse(JSON.stringify(e.getBoundingClientRect())) as DOMRect;
    return { count: pops.length, pop: pops[0] ? r(pops[0]) : undefined, slide: r(document.querySelector('.reveal .slides')!), screen: { w: innerWidth, h: innerHeight } };
  });
}

function expectInside(g: Awaited<ReturnType<typeof geometry>>, what: string): void {
  expect(g.count, what).toBe(1);
  const p = g.pop!;
  const s = g.slide;
  const box = { left: Math.max(s.left, 0), top: Math.max(s.top, 0), right: Math.min(s.right, g.screen.w), bottom: Math.min(s.bottom, g.screen.h) };
  expect(p.left, `${what}: left`).toBeGreaterThanOrEqual(box.left - 0.5);
  expect(p.top, `${what}: top`).toBeGreaterThanOrEqual(box.top - 0.5);
  expect(p.right, `${what}: right`).toBeLessThanOrEqual(box.right + 0.5);
  expect(p.bottom, `${what}: bottom`).toBeLessThanOrEqual(box.bottom + 0.5);
  expect(p.width).toBeGreaterThan(150);
}

/**
 * One deck page for the popover and the glossary-slide tests: each test goes to its slide and
 * closes what it opened (a second page cost a whole deck load).
 */
let w: WatchedPage;
beforeAll(async () => {
  w = await openDeckAtRest(site.url);
});
afterAll(() => w?.close());

describe('glossary popovers', () => {

  it('opens by click beside the term, one at a time; Esc and a click elsewhere close it', async () => {
    const { page } = w;
    await goToSlide(page, 0);
    await page.click(TERM('冷戦'));
    await page.waitForSelector('.term-popover');
    expect(await page.textContent('.term-popover')).toContain('第二次世界大戦後の米ソの対立');
    expect(await page.getAttribute(TERM('冷戦'), 'aria-expanded')).toBe('true');
    await page.click(TERM('代理戦争'));
    const g = await geometry(page);
    expectInside(g, 'click at 1280×720');
    expect(await page.textContent('.term-popover')).toContain('大国どうしが直接戦わず');
    expect(await page.getAttribute(TERM('冷戦'), 'aria-expanded')).toBe('false');
    await page.keyboard.press('Escape');
    expect(await page.locator('.term-popover').count()).toBe(0);
    // Esc went to the popover, not to reveal.js (its overview) …
    expect(await page.evaluate(() => window.Reveal.isOverview())).toBe(false);
    // … and focus returns to the term.
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.term)).toBe('代理戦争');
    await page.click(TERM('代理戦争'));
    await page.mouse.click(900, 500);
    expect(await page.locator('.term-popover').count()).toBe(0);
    expect(w.errors).toEqual([]);
  });

  it('opens with the keyboard (focus on the term, Enter) and has no axe violation while open', async () => {
    const { page } = w;
    await goToSlide(page, 2);
    await page.focus(TERM('制裁'));
    await page.keyboard.press('Enter');
    await page.waitForSelector('.term-popover');
    expect(await page.textContent('.term-popover')).toContain('貿易や金融を制限');
    // The keyboard user is taken to the definition.
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('term-popover');
    // Still on the same slide: Enter did not advance reveal.js.
    await waitForSlide(page, 2);
    // The slide and the popover (the rest of the page is a11y.test.ts's).
    const violations = await axeViolations(page, ['.reveal .slides > section.present', '.term-popover']);
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await page.keyboard.press('Escape');
    // Space activates the term too, without turning the slide.
    await page.keyboard.press(' ');
    await page.waitForSelector('.term-popover');
    expect(await page.evaluate(() => window.Reveal.getIndices().h)).toBe(2);
    await page.keyboard.press('Escape');
  });

  it('never overflows the slide, for every use, at 1280×720 and on a phone (tap)', async () => {
    for (const viewport of [{ width: 1280, height: 720 }, { width: 375, height: 812 }]) {
      const phone = viewport.width < 500;
      // The desktop check reuses this file's page; the phone needs a touch context of its own.
      const v = phone ? await openDeckAtRest(site.url, { viewport, hasTouch: true, isMobile: true }) : w;
      let checked = 0;
      try {
        for (const s of site.deck.slides.filter((x) => x.kind === 'content')) {
          await goToSlide(v.page, s.index);
          // Show every fragment, so every use can be reached.
          await v.page.evaluate(() => document.querySelectorAll('.reveal .slides > section.present .fragment').forEach((f) => f.classList.add('visible')));
          const terms = await v.page.$$eval('.reveal .slides > section.present > :not(aside) [data-term]', (els) => els.length);
          checked += terms;
          for (let i = 0; i < terms; i++) {
            const el = v.page.locator('.reveal .slides > section.present > :not(aside) [data-term]').nth(i);
            if (phone) await el.tap();
            else await el.click();
            await v.page.waitForSelector('.term-popover');
            expectInside(await geometry(v.page), `${viewport.width}×${viewport.height} slide ${s.index + 1} term ${i + 1}`);
            await v.page.keyboard.press('Escape');
          }
        }
        expect(checked).toBeGreaterThanOrEqual(6);
        expect(v.errors).toEqual([]);
      } finally {
        if (phone) await v.close();
      }
    }
    // A click or tap per use, twice: past 30 s on a machine shared by parallel runs.
  }, 120_000);
});

describe('glossary slide, reading view and furigana', () => {

  it('lists the terms in 五十音 order of their reading, with links to the slides that use them', async () => {
    const { page } = w;
    const last = site.deck.slides.length - 1;
    await goToSlide(page, last);
    const terms = await page.$$eval('.reveal .slides > section.present[data-glossary] dt', (dts) =>
      dts.map((dt) => [...dt.childNodes].map((n) => (n.nodeName === 'RUBY' ? [...n.childNodes].filter((c) => c.nodeName !== 'RT').map((c) => c.textContent).join('') : n.textContent)).join('')),
    );
    expect(terms).toEqual(['制裁', '勢力圏', '代理戦争', 'NATO拡大', '批准', '冷戦']);
    const readings = await page.$$eval('.reveal .slides > section.present[data-glossary] dt rt', (rts) => rts.map((r) => r.textContent));
    expect(readings).toEqual([...readings].sort(new Intl.Collator('ja').compare));
    // 批准 is used on slide 2 (a table cell): its link goes there.
    await page.click('.reveal .slides > section.present[data-glossary] .glossary-entry:has(rt:text-is("ひじゅん")) a');
    await waitForSlide(page, 1);
  });

  it('ends the reading view with the same list', async () => {
    const { page } = w;
    await page.keyboard.press('r');
    await page.waitForSelector('main.reading .glossary-appendix');
    const last = await page.evaluate(() => document.querySelector('main.reading')!.lastElementChild!.className);
    expect(last).toBe('glossary-appendix');
    expect(await page.$$eval('main.reading .glossary-appendix dt', (d) => d.length)).toBe(site.deck.glossary!.length);
    await page.keyboard.press('r');
    await page.waitForSelector('main.reading', { state: 'detached' });
  });

  it('keeps lines evenly spaced with furigana, and Y hides it without moving anything; the choice persists', async () => {
    const { page } = w;
    await goToSlide(page, 2);
    /** Tops of the long paragraph's lines (its base text), and the heading's height. */
    const lines = (): Promise<{ tops: number[]; p: number; h2: number }> =>
      page.evaluate(() => {
        const sec = document.querySelector('.reveal .slides > section.present')!;
        const p = sec.querySelector('p')!;
        const tops = new Set<number>();
        const walk = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
          if (n.parentElement!.closest('rt')) continue;
          for (let i = 0; i < n.textContent!.length; i++) {
            const r = document.createRange();
            r.setStart(n, i);
            r.setEnd(n, i + 1);
            const rect = r.getBoundingClientRect();
            if (rect.height) tops.add(Math.round(rect.top - p.getBoundingClientRect().top));
          }
        }
        return { tops: [...tops].sort((a, b) => a - b), p: p.getBoundingClientRect().height, h2: sec.querySelector('h2')!.getBoundingClientRect().height };
      });
    const shown = await lines();
    expect(shown.tops.length).toBeGreaterThanOrEqual(3);
    const gaps = shown.tops.slice(1).map((t, i) => t - shown.tops[i]!);
    for (const g of gaps) expect(Math.abs(g - gaps[0]!), `line gaps ${gaps.join(', ')}`).toBeLessThanOrEqual(1);
    expect(await page.$eval('.reveal .slides > section.present rt', (rt) => getComputedStyle(rt).visibility)).toBe('visible');

    await page.keyboard.press('y');
    expect(await page.$eval('.reveal .slides > section.present rt', (rt) => getComputedStyle(rt).visibility)).toBe('hidden');
    expect(await lines()).toEqual(shown);
    await page.reload();
    await page.waitForFunction(() => window.Reveal?.isReady());
    expect(await page.evaluate(() => document.documentElement.classList.contains('furigana-hidden'))).toBe(true);
    // The help dialog's switch shows the state and turns it back on.
    await page.keyboard.press('?');
    const sw = page.locator('dialog[open] input[role="switch"]');
    expect(await sw.isChecked()).toBe(false);
    await sw.click();
    expect(await page.evaluate(() => document.documentElement.classList.contains('furigana-hidden'))).toBe(false);
    expect(await page.evaluate(() => localStorage.getItem('lecture-deck:furigana'))).toBe('show');
    // The page is shared with the popover tests: leave it without the dialog.
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog[open]', { state: 'detached' });
  });
});

describe('PDFs', () => {
  let r: ExportResult;
  const text = (file: string): string[] => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
  beforeAll(async () => {
    // The run's print of this fixture (helpers/printed.ts), read by other files too.
    r = await printedFixture('glossary', GLOSSARY_PRINT);
  });

  it('ends the handout with the glossary page', () => {
    const pages = text(r.files.handout);
    // Two slides per A4 page (the default handout), then one glossary page.
    expect(r.pages.handout).toBe(Math.ceil(site.deck.slides.length / 2) + 1);
    expect(pages).toHaveLength(r.pages.handout);
    const last = squash(pages.at(-1));
    // The handout's page header (deck title), then the glossary's heading; the last page number.
    expect(last.startsWith(`${squash(site.deck.meta.title)}用語集`), last).toBe(true);
    expect(last.endsWith(`${r.pages.handout}/${r.pages.handout}`)).toBe(true);
    // Every term is on it (two columns: pdftotext interleaves them, so no order is asserted here;
    // the glossary slide's test asserts the 五十音 order).
    for (const e of site.deck.glossary!) expect(last, e.term).toContain(squash(e.term));
    expect(last).toContain('貿易や金融を制限して');
  });

  it('draws furigana and still extracts the base text of a heading in order; uses print as plain text', () => {
    const first = text(r.files.slides)[0]!;
    expect(first).toContain('こくさいれんごう');
    expect(squash(first)).toContain('国際連合の役割と冷戦');
    const third = squash(text(r.files.slides)[2]);
    expect(third).toContain('NATOの拡大と制裁');
    expect(third).toContain('ろしあ');
  });
});
