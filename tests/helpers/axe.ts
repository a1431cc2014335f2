import type axe from 'axe-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { onEachSlide } from './browser.ts';

/**
 * axe-core as put into a page: the package's minified build (654 KB), not `axe.source` (its
 * 1.48 MB unminified build, the same code): each page parses it and Playwright sends it over the
 * pipe, ~0.1 CPU-s less per page (measured: 0.33 -> 0.22 CPU-s, four pages each).
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Serious and critical violations as "rule (impact): target — what fails" lines. */
export function seriousLines(found: axe.Result[]): string[] {
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim() ?? v.help}`));
}

/** WCAG 2.1 A and AA, the rules the project's a11y checks hold the deck to. */
export const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * axe-core's violations on `page`, limited to the `include` selectors (the whole page when none)
 * and, unless `tags` is null, to WCAG 2.1 A/AA. axe is put into the page once (page.evaluate is not
 * subject to the page's CSP) and then only run: @axe-core/playwright's AxeBuilder injected its
 * ~500 KB source again on every call, which was most of the a11y tests' time.
 */
export async function axeViolations(page: Page, include: string[] = [], tags: string[] | null = WCAG): Promise<axe.Result[]> {
  await injectAxe(page);
  const result = await page.evaluate(
    ([sel, only, mediaOnly]) => {
      const a = (window as unknown as { axe: typeof axe }).axe;
      const root = sel.some((s) => document.documentElement.matches(s));
      return a.run(sel.length ? { include: sel.map((s) => [s]) } : document, {
        resultTypes: ['violations'],
        ...(only ? { runOnly: { type: 'tag' as const, values: only } } : {}),
        // See PRELOAD_WITHOUT_ROOT: a context without the root element needs no style sheets parsed.
        ...(sel.length && !root ? { preload: mediaOnly } : {}),
      });
    },
    [include, tags, PRELOAD_WITHOUT_ROOT] as const,
  );
  return result.violations;
}

/**
 * axe's `preload` for a context that cannot hold the root element (a slide, a popover, the phase
 * bar): the media (what no-autoplay-audio waits for), not the CSSOM. By default every run parses
 * every style sheet of the page again (the fonts' data: URLs in the page's style included) for
 * css-orientation-lock, the one rule that reads it, whose selector is the root element alone: in
 * such a context it is inapplicable whatever was parsed (a sixth of each per-slide run's CPU).
 * theme.test.ts checks that these are still axe's only preloading rules; a whole-page run
 * (`include` empty, or a selector the root matches) keeps the default.
 */
export const PRELOAD_WITHOUT_ROOT = { assets: ['media'] };

/** The rules of axe that preload, each with its selector, as PRELOAD_WITHOUT_ROOT expects them (checked in the page). */
export const PRELOADING_RULES = [
  { id: 'css-orientation-lock', selector: 'html:not(html *)' },
  { id: 'no-autoplay-audio', selector: 'audio[autoplay], video[autoplay]' },
];

/**
 * Runs in the page (as a string: outside its CSP, and untouched by the test's transform): while
 * `window.__axeSkipHiddenSlides` is true, a tree walker over the whole body that axe-core asks for
 * (its layout grid for color-contrast, built again on every run over the whole document) skips
 * slides that are display:none, and those reveal.js keeps laid out at opacity 0 around the present
 * one (its view distance). The first have no box, and axe counts whatever lies under opacity 0 as
 * not on screen (opacityHidden, which no descendant can undo), so neither ever gets a cell in that
 * grid: the grid and every finding stay the same (checked on the default deck: violations, passes,
 * incomplete and inapplicable results, with their nodes and data, equal on all 57 slides), at about
 * half the CPU of a per-slide run.
 */
const SKIP_HIDDEN_SLIDES = `(() => {
  if (window.__axeSkipHiddenSlidesInstalled) return;
  window.__axeSkipHiddenSlidesInstalled = true;
  const create = document.createTreeWalker.bind(document);
  const skip = { acceptNode(n) {
    if (!n.matches('.reveal .slides > section')) return NodeFilter.FILTER_ACCEPT;
    const st = getComputedStyle(n);
    return st.display === 'none' || st.opacity === '0' ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
  } };
  document.createTreeWalker = function (root, what, filter) {
    return create(root, what, window.__axeSkipHiddenSlides && root === document.body && !filter ? skip : filter);
  };
})()`;

/** Puts axe-core into `page`, once (page.evaluate is not subject to the page's CSP). */
async function injectAxe(page: Page): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
}

/** Puts axe-core into `page` (once) and the layout walk's skipping of hidden slides (off until a per-slide run turns it on). */
export async function prepareAxe(page: Page): Promise<void> {
  await injectAxe(page);
  await page.evaluate(SKIP_HIDDEN_SLIDES);
}

/**
 * Runs in the page (from its source alone, like any onEachSlide measure): axe-core's violations of
 * `tags` on the present slide alone, as drawn, with the layout walk skipping hidden slides. A quiz
 * or activity slide is checked once its UI (loaded on demand) is there. prepareAxe() first.
 */
export async function axePresentSlide(tags: string[]): Promise<axe.Result[]> {
  // Media only (PRELOAD_WITHOUT_ROOT, written out: this function runs from its source alone).
  const preload = { assets: ['media'] };
  const sec = document.querySelector('.reveal .slides > section.present')!;
  for (let t = 0; sec.matches('[data-quiz], [data-activity]') && !sec.querySelector('.quiz-controls, .activity-bar'); t++) {
    if (t > 1200) throw new Error(`${(sec as HTMLElement).dataset.source}: no quiz or activity controls`);
    await new Promise((r) => requestAnimationFrame(r));
  }
  const w = window as unknown as { axe: typeof axe; __axeSkipHiddenSlides: boolean };
  w.__axeSkipHiddenSlides = true;
  try {
    const r = await w.axe.run({ include: [['.reveal .slides > section.present']] }, { resultTypes: ['violations'], runOnly: { type: 'tag', values: tags }, preload });
    return r.violations;
  } finally {
    w.__axeSkipHiddenSlides = false;
  }
}

/**
 * axe-core's violations on each slide of `indices`, each shown (so color-contrast sees it as
 * drawn) and checked on its own (`include` the present slide), in one walk in the page
 * (axePresentSlide on each).
 */
export async function axeEachSlide(page: Page, indices: readonly number[], tags: string[] = WCAG): Promise<axe.Result[][]> {
  await prepareAxe(page);
  return onEachSlide(page, indices, axePresentSlide, tags);
}
