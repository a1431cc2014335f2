import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { compileDeck } from '../src/deck/compile.ts';
import { readDeckFolder } from '../src/node/deck-files.ts';
import { openPage, revealReady, type WatchedPage } from './helpers/browser.ts';
import { defaultPrint } from './helpers/default-print.ts';

/*
 * Printing from the browser, for whoever has only the site or standalone.html: the help dialog
 * opens ?print-pdf&print-ui[&handout]; the page sizes come from the stylesheet's @page rules
 * (page.pdf with preferCSSPageSize stands in for the browser's print dialog).
 */
const { deck } = compileDeck(readDeckFolder(path.resolve(process.env.TEST_DECK ?? 'slides')));

const pdfPages = (file: string): string[] =>
  execFileSync('pdfinfo', ['-f', '1', '-l', '999', file], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => /^Page\s+\d+ size:/.test(l))
    .map((l) => l.replace(/^Page\s+\d+ size:\s+/, '').replace(/\s+\(.*\)$/, '').trim());

describe('printing from the browser', () => {
  const opened: WatchedPage[] = [];
  afterAll(async () => {
    for (const w of opened) await w.close();
  });

  /** The handout's print view, laid out (deckPrint.ready), its print bar on screen, then printed as the browser's print dialog would. */
  async function printed(query: string, name: string): Promise<{ pages: string[]; w: WatchedPage }> {
    const w = await openPage(inject('deckUrl') + query);
    opened.push(w);
    await w.page.waitForFunction(() => window.deckPrint !== undefined);
    await w.page.evaluate(() => window.deckPrint!.ready);
    await w.page.locator('.print-ui').waitFor();
    expect(await w.page.locator('.print-ui button').isVisible()).toBe(true);
    await w.page.emulateMedia({ media: 'print' });
    expect(await w.page.locator('.print-ui').isVisible()).toBe(false);
    const file = path.join(inject('tmpDir'), name);
    writeFileSync(file, await w.page.pdf({ preferCSSPageSize: true, printBackground: true }));
    return { pages: pdfPages(file), w };
  }

  it('the help dialog offers both layouts', async () => {
    const w = await openPage(inject('deckUrl'));
    opened.push(w);
    // The first slide shows before reveal.js and the key plugins load (first-paint split): a key
    // pressed before then does nothing, so wait for the deck to be ready.
    await revealReady(w.page);
    await w.page.keyboard.press('?');
    const dialog = w.page.locator('dialog.help-dialog');
    await dialog.waitFor();
    await dialog.locator('button', { hasText: '配布資料' }).click();
    // The navigation is what is tested: once it commits, the page goes (the handout layout it
    // would then build for the rest of the file is the next test's, in a page of its own).
    await w.page.waitForURL(/\?print-pdf&print-ui&handout$/, { waitUntil: 'commit' });
    await w.close();
    opened.splice(opened.indexOf(w), 1);
  });

  // The slides' print view is printed once per run (helpers/default-print.ts), for the two tests
  // below and design.test.ts's print scale.
  it('slides: one 16:9 page per slide', async () => {
    const print = await defaultPrint();
    expect(print.printUi).toEqual({ buttonVisible: true, visibleInPrint: false });
    expect(pdfPages(print.pdf)).toEqual(Array(deck.slides.length).fill('960 x 540 pts'));
    // No tiling pattern: Chromium's PDF backend paints one as a raster (the maps' SVG <pattern>
    // hatching was five full-page images, most of slides.pdf's size); the hatching is vector lines.
    const tiling = readFileSync(print.pdf, 'latin1').match(/\/PatternType 1\b/g) ?? [];
    expect(tiling.length, 'tiling patterns in the browser\'s slides PDF').toBe(0);
    // Laying out and printing 58 slides: ~5 s alone, past 30 s on a machine shared by parallel runs.
  }, 90_000);

  // First paint (src/vite/first-paint.ts), here to read the slides' print view of the test above.
  it("never fetches the entry's stylesheet on its own: a lazy chunk that lists it (the print view) finds it in the page's inline style", async () => {
    const { requested, pageErrors } = await defaultPrint();
    const html = readFileSync(path.join(inject('deckDist'), 'index.html'), 'utf8');
    const entryCss = /data-includes="\.\/assets\/(index-[\w-]{8}\.css)"/.exec(html)?.[1];
    expect(entryCss).toBeDefined();
    // The print view's chunk was loaded, and the loaded code does list the entry's stylesheet.
    expect(requested.some((f) => /^print-layout-[\w-]{8}\.js$/.test(f))).toBe(true);
    const code = requested.filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(inject('deckDist'), 'assets', f), 'utf8'));
    expect(code.some((c) => c.includes(entryCss!))).toBe(true);
    expect(requested.filter((f) => f.endsWith('.css'))).not.toContain(entryCss);
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('handout: one A4 portrait page per two slides (the default layout), then the pages it numbers after them', async () => {
    const { pages, w } = await printed('?print-pdf&print-ui&handout', 'browser-handout.pdf');
    // Continued notes and appendix pages (quiz answer key, glossary) follow the slide pages; every
    // sheet's footer says "n / total", and the browser must print exactly that many pages.
    const layout = await w.page.evaluate(() => ({
      slideSheets: document.querySelectorAll('.handout-sheet.handout-slides').length,
      feet: [...document.querySelectorAll('.handout-sheet > .handout-foot')].map((f) => f.textContent ?? ''),
    }));
    expect(layout.slideSheets).toBe(Math.ceil(deck.slides.length / 2));
    const totals = new Set(layout.feet.map((f) => /^\d+ \/ (\d+)$/.exec(f)?.[1]));
    expect([...totals], layout.feet.join(', ')).toHaveLength(1);
    const total = Number([...totals][0]);
    expect(total).toBeGreaterThanOrEqual(layout.slideSheets);
    expect(pages, pages.join(', ')).toHaveLength(total);
    // A4 is 595.28 × 841.89 pt; Chromium rounds it to whole CSS pixels (794 × 1123 px).
    for (const size of pages) expect(size).toMatch(/^59[45](\.\d+)? x 84[12](\.\d+)? pts$/);
    // The handout of 58 slides: seconds alone, past 30 s on a machine shared by parallel runs.
  }, 90_000);
});
