import path from 'node:path';
import { axeViolations } from './helpers/axe.ts';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openPage, revealReady, waitForSlide, type WatchedPage } from './helpers/browser.ts';
import { buildFixture, hexToRgb, type FixtureSite } from './helpers/site.ts';


const BAR = '[role="progressbar"]';

async function goTo(page: Page, h: number): Promise<void> {
  await page.evaluate((i) => window.Reveal.slide(i), h);
  await page.waitForFunction((n) => document.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow') === String(n), h + 1);
}

async function aria(page: Page): Promise<Record<string, string | null>> {
  return page.$eval(BAR, (e) => ({
    min: e.getAttribute('aria-valuemin'),
    max: e.getAttribute('aria-valuemax'),
    now: e.getAttribute('aria-valuenow'),
    text: e.getAttribute('aria-valuetext'),
  }));
}

describe('phase progress bar', () => {
  let site: FixtureSite;
  let w: WatchedPage;
  const label = (i: number): string => {
    const s = site.deck.slides[i]!;
    return `${site.deck.phases.find((p) => p.id === s.phase)!.label} · ${i + 1} / ${site.deck.slides.length}`;
  };

  beforeAll(async () => {
    site = await buildFixture('lecture', 'bar');
    w = await openPage(site.url + '#/0');
    await revealReady(w.page);
  });
  afterAll(async () => {
    await w?.close();
    await site?.close();
  });

  it('is one progressbar with the ARIA values of the first, next and last slide', async () => {
    const n = site.deck.slides.length;
    expect(await w.page.locator(BAR).count()).toBe(1);
    expect(await aria(w.page)).toEqual({ min: '1', max: String(n), now: '1', text: label(0) });
    await w.page.keyboard.press('ArrowRight');
    await waitForSlide(w.page, 1);
    expect(await aria(w.page)).toEqual({ min: '1', max: String(n), now: '2', text: label(1) });
    await w.page.keyboard.press('End');
    await waitForSlide(w.page, n - 1);
    expect(await aria(w.page)).toEqual({ min: '1', max: String(n), now: String(n), text: label(n - 1) });
    // The visible label says the same.
    expect((await w.page.locator('.phase-bar-label').textContent())?.replace(/\s+/g, ' ')).toBe(label(n - 1));
  });

  it('has one segment per phase, in order, in the color of deck.yaml', async () => {
    const segs = await w.page.$$eval(`${BAR} [data-phase]`, (els) =>
      els.map((e) => ({ id: e.getAttribute('data-phase'), bg: getComputedStyle(e).backgroundColor })),
    );
    expect(segs).toEqual(site.deck.phases.map((p) => ({ id: p.id, bg: hexToRgb(p.color) })));
  });

  it('sizes each segment in proportion to its number of slides', async () => {
    const { track, widths } = await w.page.$eval(BAR, (e) => ({
      track: e.getBoundingClientRect().width,
      widths: [...e.querySelectorAll('[data-phase]')].map((s) => s.getBoundingClientRect().width),
    }));
    const counts = site.deck.phases.map((p) => p.slideCount);
    expect(new Set(counts).size).toBeGreaterThan(1); // the fixture's phases differ in length
    widths.forEach((wd, i) => expect(wd).toBeCloseTo((track * counts[i]!) / site.deck.slides.length, 0));
  });

  it('moves aria-current and the fill with the slide through the whole deck', async () => {
    const n = site.deck.slides.length;
    for (let i = 0; i < n; i++) {
      await goTo(w.page, i);
      const state = await w.page.$eval(BAR, (e) => {
        const segs = [...e.querySelectorAll<HTMLElement>('[data-phase]')];
        const filled = segs.reduce((sum, s) => sum + s.getBoundingClientRect().width - s.querySelector('.phase-seg-rest')!.getBoundingClientRect().width, 0);
        return {
          current: segs.filter((s) => s.getAttribute('aria-current') === 'step').map((s) => s.dataset.phase),
          fill: filled / e.getBoundingClientRect().width,
        };
      });
      expect(state.current, `slide ${i}`).toEqual([site.deck.slides[i]!.phase]);
      expect(state.fill, `slide ${i}`).toBeCloseTo((i + 1) / n, 2);
    }
  });

  it('jumps to the first slide of a phase when its segment is clicked, or pressed with the keyboard', async () => {
    for (const p of [...site.deck.phases].reverse()) {
      await w.page.click(`button[data-jump="${p.id}"]`);
      await waitForSlide(w.page, p.firstSlide);
      expect((await aria(w.page)).now).toBe(String(p.firstSlide + 1));
    }
    const second = site.deck.phases[1]!;
    await w.page.focus(`button[data-jump="${second.id}"]`);
    await w.page.keyboard.press('Enter');
    await waitForSlide(w.page, second.firstSlide);
    // Every segment button has a name that says where it goes.
    const names = await w.page.$$eval('button[data-jump]', (bs) => bs.map((b) => b.getAttribute('aria-label')));
    site.deck.phases.forEach((p, i) => expect(names[i]).toContain(p.label));
  });

  it('does not move on fragments', async () => {
    const withFragments = await w.page.$$eval('.reveal .slides > section', (ss) => ss.findIndex((s) => s.querySelector('.fragment')));
    expect(withFragments).toBeGreaterThanOrEqual(0);
    await goTo(w.page, withFragments);
    const before = await aria(w.page);
    await w.page.keyboard.press('ArrowRight');
    await w.page.waitForFunction(() => (window.Reveal.getIndices().f ?? -1) >= 0);
    expect(await w.page.evaluate(() => window.Reveal.getIndices().h)).toBe(withFragments);
    expect(await aria(w.page)).toEqual(before);
    await w.page.keyboard.press('ArrowLeft');
    await w.page.waitForFunction(() => (window.Reveal.getIndices().f ?? -1) < 0);
    expect(await aria(w.page)).toEqual(before);
  });

  it('marks visited phases and remembers them across a reload', async () => {
    // This page has been through every phase above.
    const visited = await w.page.$$eval(`${BAR} [data-phase]`, (els) => els.map((e) => e.hasAttribute('data-visited')));
    expect(visited).toEqual(site.deck.phases.map(() => true));
    // A fresh context has seen only where it lands.
    const fresh = await openPage(site.url + '#/0');
    await revealReady(fresh.page);
    const seen = async (): Promise<string[]> =>
      fresh.page.$$eval(`${BAR} [data-phase][data-visited]`, (els) => els.map((e) => e.getAttribute('data-phase')!));
    expect(await seen()).toEqual([site.deck.phases[0]!.id]);
    const last = site.deck.phases.at(-1)!;
    await fresh.page.click(`button[data-jump="${last.id}"]`);
    await waitForSlide(fresh.page, last.firstSlide);
    await fresh.page.goto(site.url + '#/0');
    await fresh.page.reload();
    await revealReady(fresh.page);
    expect(await seen()).toEqual([site.deck.phases[0]!.id, last.id]);
    expect(await fresh.page.locator('button[data-jump][data-visited]').count()).toBe(2);
    expect(fresh.errors).toEqual([]);
    await fresh.close();
  });

  it('has no serious or critical axe violations in the bar', async () => {
    // Every axe rule, not only WCAG's tags.
    const bad = (await axeViolations(w.page, ['.phase-bar'], null)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
  });

  it('fits a 375 × 812 phone without horizontal scrolling, label readable', async () => {
    const phone = await openPage(site.url + '#/5', { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    await revealReady(phone.page);
    const m = await phone.page.evaluate(() => {
      const bar = document.querySelector<HTMLElement>('.phase-bar')!;
      const name = document.querySelector<HTMLElement>('.phase-bar-name')!;
      return {
        scroll: document.documentElement.scrollWidth,
        inner: innerWidth,
        barRight: bar.getBoundingClientRect().right,
        nameClipped: name.scrollWidth > name.clientWidth,
        fontSize: parseFloat(getComputedStyle(bar).fontSize),
      };
    });
    expect(m.scroll).toBeLessThanOrEqual(m.inner);
    expect(m.barRight).toBeLessThanOrEqual(m.inner);
    expect(m.nameClipped).toBe(false);
    expect(m.fontSize).toBeGreaterThanOrEqual(13);
    await phone.page.screenshot({ path: path.join(inject('shotsDir'), 'bar-375x812.png') });
    expect(phone.errors).toEqual([]);
    await phone.close();
  });

  it('prints: every page of ?print-pdf shows the bar in its own slide state', async () => {
    const print = await openPage(site.url + '?print-pdf');
    await print.page.waitForFunction(
      (n) => document.querySelectorAll('.pdf-page .phase-bar-static').length >= n,
      site.deck.slides.length,
    );
    const pages = await print.page.$$eval('.pdf-page', (ps) =>
      ps.map((p) => ({
        source: p.querySelector('section')?.getAttribute('data-source'),
        bars: p.querySelectorAll('.phase-bar-static').length,
        label: p.querySelector('.phase-bar-static')?.getAttribute('aria-label'),
        current: p.querySelector('.phase-bar-static [aria-current="step"]')?.getAttribute('data-phase'),
      })),
    );
    expect(pages.length).toBeGreaterThanOrEqual(site.deck.slides.length);
    for (const pg of pages) {
      const s = site.deck.slides.find((x) => `${x.source.file}:${x.source.line}` === pg.source)!;
      expect(pg.bars).toBe(1);
      expect(pg.label).toBe(label(s.index));
      expect(pg.current).toBe(s.phase);
    }
    // The live bar is not printed.
    expect(await print.page.locator('.phase-bar:not(.phase-bar-static)').isVisible()).toBe(false);
    // reveal.js's print view injects two <style> elements (@page size) that the CSP refuses; the
    // PDF export's print.css sets the same rules. Nothing else may be logged.
    expect(print.errors.filter((e) => !/^Applying inline style violates/.test(e))).toEqual([]);
    await print.close();
  });

  it('logs no console errors under the built site CSP and sends nothing off the machine', async () => {
    await w.page.screenshot({ path: path.join(inject('shotsDir'), 'bar-1280x720.png') });
    expect(w.errors).toEqual([]);
    expect(w.external).toEqual([]);
  });
});
