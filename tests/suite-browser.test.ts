import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findChromium, launchChromium } from '../src/node/chromium.ts';
import { exportPdfs } from '../src/node/pdf/export.ts';
import { onEachSlide, openDeckAtRest } from './helpers/browser.ts';
import { GLOSSARY_PRINT, printedFixture } from './helpers/printed.ts';
import { buildFixture, type FixtureSite } from './helpers/site.ts';

/*
 * The suite and the pdf command run in Debian's chromium-headless-shell when it is installed
 * (printChromium() in src/node/pdf/early-chromium.ts, with --font-render-hinting=slight), a
 * teacher's browser is /usr/bin/chromium. The two must lay out text alike: here /usr/bin/chromium
 * prints and shows the same things as the suite's browser. Without the hinting flag, the shell's
 * furigana came out spaced apart and its lines broke elsewhere. (With $CHROMIUM_PATH set or no
 * shell installed, both are the same browser.)
 */

let fullChromium: Browser;
let site: FixtureSite;

beforeAll(async () => {
  [fullChromium, site] = await Promise.all([launchChromium(), buildFixture('glossary', 'suite-browser')]);
});

afterAll(async () => {
  await fullChromium?.close();
  await site?.close();
});

describe(`the suite's browser (${path.basename(inject('browserPath'))}) and ${path.basename(findChromium())}`, () => {
  it('print the same PDF: the same words in the same places, the same fonts', async () => {
    const print = async (b: Browser, name: string): Promise<string> => {
      const out = mkdtempSync(path.join(inject('tmpDir'), `suite-browser-${name}-`));
      const r = await exportPdfs({ deckDir: path.resolve('tests/fixtures/glossary'), outDir: out, reuseBuild: site.dir, only: ['slides'], browser: b });
      if (!r.files.slides) throw new Error('the export made no slides.pdf');
      return r.files.slides;
    };
    // Ours: the run's print of this fixture (helpers/printed.ts; its handout, printed after
    // slides.pdf from the same page, changes nothing in slides.pdf), read by other files too.
    const [theirs, ours] = await Promise.all([
      print(fullChromium, 'chromium'),
      printedFixture('glossary', GLOSSARY_PRINT).then((r) => r.files.slides),
    ]);
    // Each word with its box, to a hundredth of a point; the dates in its header differ.
    const words = (file: string): string =>
      execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
        .split('\n')
        .filter((l) => !/Date"/.test(l))
        .join('\n');
    const fonts = (file: string): string => execFileSync('pdffonts', [file], { encoding: 'utf8' });
    const w = words(ours);
    // Not an empty comparison: the furigana and their base text are there.
    expect(w).toContain('国際連合');
    expect(w).toEqual(words(theirs));
    expect(fonts(ours)).toEqual(fonts(theirs));
  });

  it('show the same deck: the same fitted type on every slide, the same pixels', async () => {
    const look = async (open: () => Promise<{ page: Page; close(): Promise<void> }>): Promise<{ fits: string[]; shot: Buffer }> => {
      const w = await open();
      try {
        const shot = await w.page.screenshot();
        // Slides are fitted when they come near (src/client/fit): a walk through the deck fits
        // each, with the faces they need (the first twelve: text of every kind), then the fits are read.
        const count = await w.page.evaluate(() => window.Reveal.getTotalSlides());
        await onEachSlide(w.page, [...Array(Math.min(count, 12)).keys(), 0], () => document.fonts.ready.then(() => undefined));
        const fits = await w.page.$$eval('.reveal .slides > section', (ss) => ss.map((s) => (s as HTMLElement).style.getPropertyValue('--fit')));
        return { fits, shot };
      } finally {
        await w.close();
      }
    };
    const deck = inject('deckUrl');
    const [theirs, ours] = await Promise.all([
      look(async () => {
        // As openPage() sets up a page, in /usr/bin/chromium.
        const context = await fullChromium.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block', reducedMotion: 'reduce' });
        const page = await context.newPage();
        await page.goto(deck);
        await page.waitForFunction(() => window.Reveal?.isReady() === true);
        await page.evaluate(() => document.fonts.ready);
        await page.waitForFunction(() => performance.getEntriesByName('deck:fit-done').length > 0);
        return { page, close: () => context.close() };
      }),
      look(() => openDeckAtRest(deck)),
    ]);
    // Fitted slides have a --fit: the comparison is not between empty lists.
    expect(ours.fits.filter(Boolean).length).toBeGreaterThan(8);
    expect(ours.fits).toEqual(theirs.fits);
    expect(ours.shot.equals(theirs.shot), 'the title slide looks different in the two browsers').toBe(true);
  });
});
