import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { compileDeck } from '../src/deck/compile.ts';
import { readDeckFolder } from '../src/node/deck-files.ts';
import { onEachSlide, openDeckAtRest, openPage, type WatchedPage } from './helpers/browser.ts';

/*
 * Every slide of the default deck fits the 1280 × 720 canvas in Chromium: the section does not
 * scroll, and no element is drawn outside the slide or clipped by a box of its own. Failures name
 * the slide's source (file:line), so the author knows which slide to shorten.
 */

const { deck } = compileDeck(readDeckFolder(path.resolve(process.env.TEST_DECK ?? 'slides')));


/** Runs in the page: what of the present slide lies outside its canvas or is cut off. */
function measurePresentSlide(): string[] {
  const s = document.querySelector<HTMLElement>('.reveal .slides > section.present')!;
  const problems: string[] = [];
  if (s.clientWidth !== 1280 || s.clientHeight !== 720) problems.push(`slide box is ${s.clientWidth}×${s.clientHeight}, not the 1280×720 canvas`);
  if (s.scrollHeight > s.clientHeight + 1) problems.push(`content is ${s.scrollHeight - s.clientHeight}px taller than the slide`);
  if (s.scrollWidth > s.clientWidth + 1) problems.push(`content is ${s.scrollWidth - s.clientWidth}px wider than the slide`);
  const box = s.getBoundingClientRect();
  // Canvas px per screen px: reveal.js scales the canvas to the window.
  const k = s.offsetWidth / box.width;
  const name = (el: Element): string => {
    const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 24);
    return `<${el.tagName.toLowerCase()}${el.getAttribute('class') ? ` class="${el.getAttribute('class')}"` : ''}>${text ? ` "${text}"` : ''}`;
  };
  for (const el of s.querySelectorAll('*')) {
    // Notes are never drawn; visually hidden text is clipped on purpose.
    if (el.closest('aside.notes, .sr-only')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const out = Math.max(box.left - r.left, box.top - r.top, r.right - box.right, r.bottom - box.bottom) * k;
    if (out > 1) problems.push(`${name(el)} reaches ${Math.round(out)}px outside the slide`);
    if (el instanceof HTMLElement && el.tagName !== 'svg') {
      const st = getComputedStyle(el);
      if (st.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1) problems.push(`${name(el)} cuts off ${el.scrollWidth - el.clientWidth}px of its content horizontally`);
      if (st.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1) problems.push(`${name(el)} cuts off ${el.scrollHeight - el.clientHeight}px of its content vertically`);
    }
  }
  return problems;
}

describe('every slide fits the 1280 × 720 canvas', () => {
  let w: WatchedPage;
  beforeAll(async () => {
    // Reduced motion: no transitions, so every slide is measured at rest.
    w = await openDeckAtRest(inject('deckUrl'));
  });
  afterAll(() => w.close());

  it('no slide scrolls, spills over its edges or clips its content', async () => {
    const problems: string[] = [];
    // The measure runs in the page from its source alone: put measurePresentSlide there first
    // (a protocol evaluate, outside the page's CSP).
    await w.page.evaluate(`window.measurePresentSlide = ${measurePresentSlide.toString()}`);
    const perSlide = await onEachSlide(w.page, deck.slides.map((s) => s.index), () => ({
      source: document.querySelector('.reveal .slides > section.present')?.getAttribute('data-source'),
      problems: (window as unknown as { measurePresentSlide: () => string[] }).measurePresentSlide(),
    }));
    for (const [k, slide] of deck.slides.entries()) {
      const where = `${slide.source.file}:${slide.source.line} (#/${slide.index} "${slide.title}")`;
      expect(perSlide[k]!.source, 'the page shows the slides in model order').toBe(`${slide.source.file}:${slide.source.line}`);
      for (const p of perSlide[k]!.problems) problems.push(`${where}: ${p}`);
    }
    expect(problems).toEqual([]);
  });

  it('the measurement catches a slide that is too long', async () => {
    // Guard against a check that cannot fail: make the current slide overflow on purpose.
    await w.page.evaluate(() => {
      const s = document.querySelector('.reveal .slides > section.present')!;
      const extra = document.createElement('ul');
      extra.id = 'overflow-probe';
      extra.innerHTML = '<li>あ</li>'.repeat(20);
      s.append(extra);
    });
    const problems = await w.page.evaluate(measurePresentSlide);
    await w.page.evaluate(() => document.getElementById('overflow-probe')?.remove());
    expect(problems.some((p) => p.includes('taller than the slide'))).toBe(true);
    expect(problems.some((p) => p.includes('outside the slide'))).toBe(true);
  });
});

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
